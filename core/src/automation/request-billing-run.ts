import type { Db, DbClient } from '@berth/prisma'
import { z } from 'zod'
import { requirePermission, requireStaff } from '../access'
import { recordAuditEvent } from '../audit'
import { dateOnlySchema } from '../billing'
import { addDays, formatDateOnly } from '../catalog'
import { enqueue, PGBOSS_SCHEMA, QUEUES } from '../platform'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { getSettings } from '../settings'
import { todayInTimeZone } from './time-zone'

/** How far ahead staff may run the daily run: a month, enough to bill early, not enough to mistype a year. */
export const MAX_RUN_DAYS_AHEAD = 31

export const requestBillingRunInput = z.object({
  /** the run's date; today in `automation.timeZone` when omitted */
  asOf: dateOnlySchema.optional(),
})

export interface BillingRunRequest {
  jobId: string
  asOf: string
}

/**
 * Staff's "Run now": queues the daily run (the worker's `billing.daily-run` job) for a date, in the
 * same transaction as its audit event; it never runs in the request. The run is safe to repeat, so
 * pressing twice queues two jobs and the second writes nothing. Needs `automation.run`.
 */
export async function requestBillingRun(
  ctx: Ctx,
  raw: unknown,
  now: Date = new Date(),
): Promise<BillingRunRequest> {
  requirePermission(ctx.actor, 'automation.run')
  const staff = requireStaff(ctx.actor)
  const input = parseInput(requestBillingRunInput, raw ?? {})
  return inTransaction(ctx, async (tx) => {
    const today = todayInTimeZone((await getSettings(tx.db))['automation.timeZone'], now)
    const asOf = input.asOf ?? today
    const latest = addDays(today, MAX_RUN_DAYS_AHEAD)
    if (asOf > latest)
      throw new DomainError(
        'VALIDATION_FAILED',
        `Choose a date no later than ${formatDateOnly(latest)} (${MAX_RUN_DAYS_AHEAD} days from today).`,
        { field: 'asOf' },
      )
    const date = formatDateOnly(asOf)
    const jobId = await enqueue(tx.db, QUEUES.billingRun, {
      asOf: date,
      requestedBy: `staff:${staff.staffId}`,
    })
    if (!jobId) throw new Error('the billing run could not be queued')
    await recordAuditEvent(tx, {
      action: 'billing-run.request',
      targetType: 'BillingRun',
      targetId: jobId,
      after: { asOf: date, jobId },
    })
    return { jobId, asOf: date }
  })
}

export interface QueuedBillingRun {
  jobId: string
  asOf: string | null
  state: string
  createdAt: Date
}

/** Daily-run jobs waiting for a worker or running now (pg-boss's own rows), oldest first. */
export async function listQueuedBillingRuns(db: Db | DbClient): Promise<QueuedBillingRun[]> {
  const rows = await db.$queryRawUnsafe<
    { id: string; asOf: string | null; state: string; createdAt: Date }[]
  >(
    `SELECT "id"::text AS "id", "data"->>'asOf' AS "asOf", "state"::text AS "state", "created_on" AS "createdAt"
       FROM "${PGBOSS_SCHEMA}"."job"
      WHERE "name" = $1 AND "state" IN ('created', 'retry', 'active')
      ORDER BY "created_on" ASC LIMIT 50`,
    QUEUES.billingRun,
  )
  return rows.map((r) => ({ jobId: r.id, asOf: r.asOf, state: r.state, createdAt: r.createdAt }))
}
