import PgBoss from 'pg-boss'
import { PGBOSS_SCHEMA, recordJobRun } from '@berth/core'
import { getDb } from '@berth/prisma'
import { invoicePaidJob, processCancellationsJob, provisioningCallJob, purgeExpiredJob, sendEmailJob } from './definitions'
import { closeMailTransport, handleSendEmail } from './handlers/send-email'
import { handlePurgeExpired } from './handlers/purge-expired'
import { handleProvisioningCall } from './handlers/provisioning-call'
import { handleInvoicePaidJob } from './handlers/invoice-paid'
import { handleProcessCancellations } from './handlers/process-cancellations'

export interface Worker {
  stop(): Promise<void>
}

/**
 * Starts the pg-boss worker: queues are shared through SKIP LOCKED, so any number of copies can run.
 * The queues people wait on (email, payment to activation, provisioning) poll every 0.5 s, pg-boss's
 * minimum, so a paid order is active about a second after the payment arrives.
 * Handlers only parse their payload and call core; pg-boss retries a failed job with backoff.
 */
export async function startWorker(connectionString: string, log: (line: string) => void = console.log): Promise<Worker> {
  const boss = new PgBoss({ connectionString, schema: PGBOSS_SCHEMA, max: 5 })
  boss.on('error', (error) => log(`worker: pg-boss error: ${error.message}`))
  await boss.start()

  await boss.work(sendEmailJob.queue, { batchSize: sendEmailJob.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const outcome = await handleSendEmail(job.data)
      log(`worker: email ${String((job.data as { emailLogId: string }).emailLogId)} ${outcome}`)
    }
  })

  await boss.work(purgeExpiredJob.queue, async (jobs) => {
    for (const job of jobs) {
      await recordJobRun(getDb(), { job: purgeExpiredJob.queue, runKey: job.id, triggeredBy: 'cron' }, async () => handlePurgeExpired())
    }
  })
  await boss.schedule(purgeExpiredJob.queue, purgeExpiredJob.cron, {}, { tz: process.env.TZ ?? 'UTC' })

  await boss.work(provisioningCallJob.queue, { batchSize: provisioningCallJob.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const result = await handleProvisioningCall(job.data)
      log(`worker: provisioning ${String((job.data as { action: string }).action)} ${String((job.data as { serviceId: string }).serviceId)} ${result.outcome}`)
    }
  })

  await boss.work(invoicePaidJob.queue, { batchSize: invoicePaidJob.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await handleInvoicePaidJob(job.data)
  })

  await boss.work(processCancellationsJob.queue, async (jobs) => {
    for (const job of jobs) {
      await recordJobRun(getDb(), { job: processCancellationsJob.queue, runKey: job.id, triggeredBy: 'cron' }, async () => handleProcessCancellations())
    }
  })
  await boss.schedule(processCancellationsJob.queue, processCancellationsJob.cron, {}, { tz: process.env.TZ ?? 'UTC' })

  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000, wait: true })
      closeMailTransport()
    },
  }
}
