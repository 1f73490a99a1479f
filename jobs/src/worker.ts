import PgBoss from 'pg-boss'
import { PGBOSS_SCHEMA, recordJobRun } from '@berth/core'
import { getDb } from '@berth/prisma'
import { purgeExpiredJob, sendEmailJob } from './definitions'
import { closeMailTransport, handleSendEmail } from './handlers/send-email'
import { handlePurgeExpired } from './handlers/purge-expired'

export interface Worker {
  stop(): Promise<void>
}

/**
 * Starts the pg-boss worker: queues are shared through SKIP LOCKED, so any number of copies can run.
 * Handlers only parse their payload and call core; pg-boss retries a failed job with backoff.
 */
export async function startWorker(connectionString: string, log: (line: string) => void = console.log): Promise<Worker> {
  const boss = new PgBoss({ connectionString, schema: PGBOSS_SCHEMA, max: 5 })
  boss.on('error', (error) => log(`worker: pg-boss error: ${error.message}`))
  await boss.start()

  await boss.work(sendEmailJob.queue, { batchSize: sendEmailJob.batchSize, pollingIntervalSeconds: 1 }, async (jobs) => {
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

  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000, wait: true })
      closeMailTransport()
    },
  }
}
