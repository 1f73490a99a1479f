import PgBoss from 'pg-boss'
import { dailyRunCron, getSettings, PGBOSS_SCHEMA, QUEUES, recordJobRun } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  dailyBillingRunJob,
  domainFulfilJob,
  invoicePaidJob,
  provisioningCallJob,
  purgeExpiredJob,
  rdapBootstrapRefreshJob,
  sendEmailJob,
  unansweredTicketRemindersJob,
} from './definitions'
import { closeMailTransport, handleSendEmail } from './handlers/send-email'
import { handlePurgeExpired } from './handlers/purge-expired'
import { handleProvisioningCall } from './handlers/provisioning-call'
import { handleInvoicePaidJob } from './handlers/invoice-paid'
import { handleDomainFulfilJob } from './handlers/domain-fulfil'
import {
  handleBillingRunBatch,
  handleBillingRunStep,
  handleDailyBillingRunFanOut,
} from './handlers/billing-run-fan-out'
import { handleUnansweredTicketReminders } from './handlers/unanswered-ticket-reminders'
import { handleRefreshRdapBootstrap } from './handlers/refresh-rdap-bootstrap'

export interface Worker {
  stop(): Promise<void>
}

/**
 * Starts the pg-boss worker: queues are shared through SKIP LOCKED, so any number of copies can run.
 * The queues people wait on (email, payment to activation, provisioning) poll every 0.5 s, pg-boss's
 * minimum, so a paid order is active about a second after the payment arrives.
 * Handlers only parse their payload and call core; pg-boss retries a failed job with backoff.
 */
export async function startWorker(
  connectionString: string,
  log: (line: string) => void = console.log,
): Promise<Worker> {
  const boss = new PgBoss({ connectionString, schema: PGBOSS_SCHEMA, max: 5 })
  boss.on('error', (error) => log(`worker: pg-boss error: ${error.message}`))
  await boss.start()

  await boss.work(
    sendEmailJob.queue,
    { batchSize: sendEmailJob.batchSize, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) {
        const outcome = await handleSendEmail(job.data)
        log(`worker: email ${String((job.data as { emailLogId: string }).emailLogId)} ${outcome}`)
      }
    },
  )

  await boss.work(purgeExpiredJob.queue, async (jobs) => {
    for (const job of jobs) {
      await recordJobRun(
        getDb(),
        { job: purgeExpiredJob.queue, runKey: job.id, triggeredBy: 'cron' },
        async () => handlePurgeExpired(),
      )
    }
  })
  await boss.schedule(purgeExpiredJob.queue, purgeExpiredJob.cron, {}, { tz: process.env.TZ ?? 'UTC' })

  await boss.work(
    provisioningCallJob.queue,
    { batchSize: provisioningCallJob.batchSize, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) {
        const result = await handleProvisioningCall(job.data)
        log(
          `worker: provisioning ${String((job.data as { action: string }).action)} ${String((job.data as { serviceId: string }).serviceId)} ${result.outcome}`,
        )
      }
    },
  )

  await boss.work(
    invoicePaidJob.queue,
    { batchSize: invoicePaidJob.batchSize, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) await handleInvoicePaidJob(job.data)
    },
  )

  // Domains: a paid registration, transfer or renewal goes to the registrar (one item per job).
  await boss.work(
    domainFulfilJob.queue,
    { batchSize: domainFulfilJob.batchSize, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) {
        const result = await handleDomainFulfilJob(job.data)
        log(
          `worker: domain fulfil ${String((job.data as { invoiceItemId: string }).invoiceItemId)} ${result.state}`,
        )
      }
    },
  )

  // Support: the hourly unanswered-ticket reminder (its JobRun and once-per-period key live in core).
  await boss.work(unansweredTicketRemindersJob.queue, async (jobs) => {
    for (const _job of jobs) {
      const r = await handleUnansweredTicketReminders()
      log(`worker: unanswered-ticket reminders ${r.status}: ${r.sent} sent`)
    }
  })
  await boss.schedule(
    unansweredTicketRemindersJob.queue,
    unansweredTicketRemindersJob.cron,
    {},
    { tz: process.env.TZ ?? 'UTC' },
  )

  // Domains: the weekly RDAP bootstrap refresh (a failure is a FAILED JobRun; the file in use stays).
  await boss.work(rdapBootstrapRefreshJob.queue, async (jobs) => {
    for (const job of jobs) {
      const r = await handleRefreshRdapBootstrap(job.id)
      log(`worker: RDAP bootstrap refresh ${r.status}`)
    }
  })
  await boss.schedule(
    rdapBootstrapRefreshJob.queue,
    rdapBootstrapRefreshJob.cron,
    {},
    { tz: process.env.TZ ?? 'UTC' },
  )

  // End-of-period cancellations had their own cron; they are the daily run's first step now.
  await boss.unschedule(QUEUES.processCancellations)

  // The daily billing run, fanned out: the scheduled job queues the run's first step; each step's
  // job queues its batches; any number of workers share the batches (core/src/automation/fan-out.ts).
  await boss.work(dailyBillingRunJob.queue, async (jobs) => {
    for (const job of jobs) {
      const run = await handleDailyBillingRunFanOut(job.data)
      log(`worker: billing run ${run.asOf} queued (${run.runId})`)
    }
  })
  await boss.work(QUEUES.billingRunStep, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const step = await handleBillingRunStep(job.data)
      log(`worker: billing run step: ${step.items} item(s) in ${step.batches} batch(es)`)
    }
  })
  await boss.work(QUEUES.billingRunBatch, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const batch = await handleBillingRunBatch(job.data)
      // One line per batch: which worker took which share of a run is visible (and tested).
      log(
        `worker: billing run batch${batch.counted ? '' : ' (already counted)'}${batch.stepDone ? ', step done' : ''}`,
      )
    }
  })
  // The schedule follows `automation.runHour` and `automation.timeZone`: set at start and checked
  // every five minutes, so a change in the console takes effect without a restart.
  let scheduled = ''
  const syncBillingSchedule = async () => {
    const settings = await getSettings(getDb())
    const cron = dailyRunCron(settings['automation.runHour'])
    const tz = settings['automation.timeZone']
    if (`${cron} ${tz}` === scheduled) return
    await boss.schedule(dailyBillingRunJob.queue, cron, {}, { tz })
    scheduled = `${cron} ${tz}`
    log(`worker: daily billing run scheduled at ${cron} (${tz})`)
  }
  await syncBillingSchedule()
  const scheduleTimer = setInterval(() => {
    syncBillingSchedule().catch((error: Error) =>
      log(`worker: could not update the billing run schedule: ${error.message}`),
    )
  }, 5 * 60_000)
  scheduleTimer.unref()

  return {
    async stop() {
      clearInterval(scheduleTimer)
      await boss.stop({ graceful: true, timeout: 10_000, wait: true })
      closeMailTransport()
    },
  }
}
