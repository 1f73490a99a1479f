import PgBoss from 'pg-boss'
import type { DbClient } from '@berth/prisma'

/**
 * The job queue port. Core enqueues work (emails, provisioning calls) inside the transaction that
 * makes the change, through pg-boss's `db` option, so a rolled-back change never leaves a job
 * behind and a committed one never loses it (docs/decisions/0007-jobs-in-transaction.md).
 */
export const QUEUES = {
  sendEmail: 'email.send',
  purgeExpired: 'maintenance.purge-expired',
  // An invoice became PAID: payload { invoiceId, clientId, kind }. Later issues hang service
  // activation and renewals on it; until a handler exists the jobs wait in the queue.
  invoicePaid: 'invoice.paid',
  // One provisioning module call for a service: payload { serviceId, action, transition, params, requestId }.
  provisioningCall: 'provisioning.call',
  // Retired: end-of-period cancellations are the daily billing run's first step now. Kept so the
  // worker can drop the schedule older databases still hold.
  processCancellations: 'services.process-cancellations',
  // The daily billing run (core/src/automation): payload { asOf?: 'YYYY-MM-DD' }, scheduled at
  // `automation.runHour` in `automation.timeZone`.
  billingRun: 'billing.daily-run',
  // The daily run fanned out over workers (core/src/automation/fan-out.ts): one job selects a
  // step's due work and queues its batches; each batch is one job, taken by any worker.
  billingRunStep: 'billing.run-step',
  billingRunBatch: 'billing.run-batch',
  // Hourly: remind staff of tickets unanswered for `support.unansweredReminderHours` (core/src/support/desk).
  supportReminders: 'support.unanswered-reminders',
  // Weekly: fetch the IANA RDAP bootstrap file into RdapBootstrap (core/src/domains/availability).
  rdapBootstrapRefresh: 'domains.refresh-rdap-bootstrap',
  // Paid DOMAIN invoice items (core/src/domains/orders): register, transfer or renew at the registrar.
  domainsFulfil: 'domains.fulfil',
} as const

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

export const PGBOSS_SCHEMA = 'pgboss'

// Only builds SQL and runs it on the connection we pass; it never opens its own pool.
let sender: PgBoss | undefined
function getSender(): PgBoss {
  sender ??= new PgBoss({
    schema: PGBOSS_SCHEMA,
    db: {
      executeSql: () => {
        throw new Error('job-queue: enqueue() must be given a transaction')
      },
    },
  })
  return sender
}

function executorFor(tx: DbClient) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const params = values.map((v) => (v === undefined ? null : v))
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params)
      return { rows }
    },
  }
}

export interface EnqueueOptions {
  singletonKey?: string
  startAfter?: Date | number
  retryLimit?: number
  retryDelay?: number
  retryBackoff?: boolean
}

export async function enqueue(
  tx: DbClient,
  queue: QueueName,
  data: object,
  options: EnqueueOptions = {},
): Promise<string | null> {
  return getSender().send(queue, data, { ...options, db: executorFor(tx) } as PgBoss.SendOptions)
}

/**
 * Many jobs of one queue in one INSERT (pg-boss's `insert`), inside the caller's transaction: the
 * daily run queues a batch's emails this way. Queue defaults (retries, retention) apply as for
 * `enqueue`; a job whose singletonKey is already waiting is skipped, as with `enqueue`.
 */
export async function enqueueMany(
  tx: DbClient,
  queue: QueueName,
  jobs: readonly { data: object; singletonKey?: string }[],
): Promise<void> {
  if (!jobs.length) return
  await getSender().insert(
    jobs.map((j) => ({
      name: queue,
      data: j.data,
      ...(j.singletonKey ? { singletonKey: j.singletonKey } : {}),
    })),
    { db: executorFor(tx) } as never,
  )
}

/** Creates pg-boss's schema and every queue; run at start-up with the migrations. */
export async function ensureJobQueues(connectionString: string): Promise<void> {
  const boss = new PgBoss({
    connectionString,
    schema: PGBOSS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: true,
  })
  boss.on('error', () => {})
  await boss.start()
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name))
    for (const name of Object.values(QUEUES)) {
      if (!existing.has(name)) {
        await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 10, retryBackoff: true })
      }
    }
  } finally {
    await boss.stop({ graceful: false, wait: true })
  }
}
