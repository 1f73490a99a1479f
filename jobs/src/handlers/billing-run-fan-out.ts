import {
  coordinateStep,
  getSettings,
  parseDateOnly,
  processBatchJob,
  startFannedOutRun,
  todayInTimeZone,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import { dailyBillingRunJob } from '../definitions'

/**
 * The scheduled (or staff-queued) daily run, fanned out: queues the run's first step; the steps'
 * batches are then shared by every worker (core/src/automation/fan-out.ts).
 */
export async function handleDailyBillingRunFanOut(
  data: unknown,
  now: Date = new Date(),
): Promise<{ runId: string; asOf: string }> {
  const payload = dailyBillingRunJob.payload.parse(data ?? {})
  const db = getDb()
  const asOf = payload.asOf
    ? parseDateOnly(payload.asOf)
    : todayInTimeZone((await getSettings(db))['automation.timeZone'], now)
  const runId = await startFannedOutRun(db, { asOf, triggeredBy: payload.requestedBy ?? 'cron' })
  return { runId, asOf: asOf.toISOString().slice(0, 10) }
}

export const handleBillingRunStep = (data: unknown) => coordinateStep(getDb(), data)
export const handleBillingRunBatch = (data: unknown) => processBatchJob(getDb(), data)
