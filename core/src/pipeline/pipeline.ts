import type { Db, DbClient } from '@berth/prisma'
import { formatDateOnly, toDateOnly } from '../catalog'
import { systemCtx, toJsonSafe, inTransaction, type Ctx } from '../shared'

/**
 * The daily run's pipeline (docs/decisions/0027-daily-billing-run.md, DESIGN "The daily run").
 *
 * A step is one module with one shape:
 * - `select(db, asOf, afterKey, limit)`: the next batch of due work as of a calendar date, ordered
 *   by `key` and strictly after `afterKey` (keyset paging: work done meanwhile never shifts a page);
 * - `process(ctx, batch, asOf)`: the batch in one transaction, under a transaction-scoped advisory
 *   lock per client (taken in key order, so two runs never deadlock), each item re-read under the
 *   lock and checked again, so whatever changed since `select` is what counts;
 * - a unique key in the database that makes a repeat a no-op.
 * Steps never read the clock: `asOf` is the run's date.
 */
export interface DueItem {
  /** unique within the step, and the keyset order */
  key: string
  clientId: string
}

export interface ItemOutcome {
  /** whether the item wrote anything */
  changed: boolean
  /** step-specific counts, summed over the run (invoicesCreated, emailsQueued...) */
  counts?: Record<string, number>
}

export type TxCtx = Ctx & { db: DbClient }

export interface ItemFailure {
  key: string
  clientId: string
  reason: string
}

export interface BatchResult {
  outcomes: ItemOutcome[]
  failures: ItemFailure[]
}

export interface BillingStep<I extends DueItem = DueItem> {
  name: string
  /** items per batch when the run does not say (25 by default) */
  batchSize?: number
  select(db: Db, asOf: Date, afterKey: string | null, limit: number): Promise<I[]>
  process(ctx: Ctx, batch: readonly I[], asOf: Date): Promise<BatchResult>
}

/** Takes the per-client advisory locks for the rest of the transaction, in a fixed order. */
export async function lockClients(db: DbClient, clientIds: Iterable<string>): Promise<void> {
  const keys = [...new Set(clientIds)].sort().map((id) => `berth.client:${id}`)
  if (!keys.length) return
  // One statement for the whole batch; the aggregate takes them one after the other in that order.
  await db.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k."key", 0)))::int AS "locked"
    FROM (SELECT "key" FROM unnest(${keys}::text[]) WITH ORDINALITY AS u("key", "n") ORDER BY "n") k`
}

export const BATCH_TIMEOUT_MS = 120_000

export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\s+/g, ' ').slice(0, 500)
}

/**
 * Builds a step from its selection and what it does to one item. The batch runs in one
 * transaction; when it fails, its items run again one transaction each, so one bad item is recorded
 * with its reason and the others still land.
 */
export function defineStep<I extends DueItem>(def: {
  name: string
  select: BillingStep<I>['select']
  processItem: (tx: TxCtx, item: I, asOf: Date) => Promise<ItemOutcome>
}): BillingStep<I> {
  const runItems = (ctx: Ctx, items: readonly I[], asOf: Date) =>
    inTransaction(
      ctx,
      async (tx) => {
        await lockClients(
          tx.db,
          items.map((i) => i.clientId),
        )
        const outcomes: ItemOutcome[] = []
        for (const item of items) outcomes.push(await def.processItem(tx, item, asOf))
        return outcomes
      },
      { timeout: BATCH_TIMEOUT_MS },
    )
  return {
    name: def.name,
    select: def.select,
    async process(ctx, batch, asOf) {
      if (!batch.length) return { outcomes: [], failures: [] }
      try {
        return { outcomes: await runItems(ctx, batch, asOf), failures: [] }
      } catch (batchError) {
        if (batch.length === 1)
          return {
            outcomes: [],
            failures: [{ key: batch[0]!.key, clientId: batch[0]!.clientId, reason: reasonOf(batchError) }],
          }
        const result: BatchResult = { outcomes: [], failures: [] }
        for (const item of batch) {
          try {
            result.outcomes.push(...(await runItems(ctx, [item], asOf)))
          } catch (error) {
            result.failures.push({ key: item.key, clientId: item.clientId, reason: reasonOf(error) })
          }
        }
        return result
      }
    },
  }
}

export interface StepReport {
  step: string
  jobRunId: string
  runKey: string
  status: 'SUCCEEDED' | 'FAILED'
  seen: number
  changed: number
  failed: number
  counts: Record<string, number>
  failures: ItemFailure[]
}

export interface BillingRunReport {
  asOf: string
  steps: StepReport[]
  /** renewal invoices created by this run */
  invoicesCreated: number
  failed: number
}

export interface ProgressEvent {
  step: string
  seen: number
  changed: number
  failed: number
  done: boolean
}

export interface RunDailyBillingOptions {
  db: Db
  /** the run's calendar date (its UTC date is used) */
  asOf: Date
  steps?: readonly BillingStep<DueItem>[]
  batchSize?: number
  triggeredBy?: string
  onProgress?: (event: ProgressEvent) => void
}

const MAX_RECORDED_FAILURES = 200

/**
 * One JobRun row per step and run: the first run of a date is keyed by the date, later runs of the
 * same date (a catch-up, a second worker, staff pressing "Run now") by date#2, date#3..., so every
 * run is visible and none is skipped; the unique keys make the repeats write nothing.
 */
export async function openJobRun(
  db: Db,
  job: string,
  date: string,
  triggeredBy: string,
): Promise<{ id: string; runKey: string }> {
  for (let attempt = 1; attempt < 10_000; attempt++) {
    const runKey = attempt === 1 ? date : `${date}#${attempt}`
    const created = await db.jobRun.createMany({ data: [{ job, runKey, triggeredBy }], skipDuplicates: true })
    if (created.count === 1) {
      const row = await db.jobRun.findUniqueOrThrow({
        where: { job_runKey: { job, runKey } },
        select: { id: true },
      })
      return { id: row.id, runKey }
    }
  }
  throw new Error(`too many runs of ${job} on ${date}`)
}

export async function runStep(
  options: RunDailyBillingOptions,
  step: BillingStep<DueItem>,
): Promise<StepReport> {
  const { db } = options
  const asOf = toDateOnly(options.asOf)
  const date = formatDateOnly(asOf)
  const job = `billing-run.${step.name}`
  const run = await openJobRun(db, job, date, options.triggeredBy ?? 'cron')
  const report: StepReport = {
    step: step.name,
    jobRunId: run.id,
    runKey: run.runKey,
    status: 'SUCCEEDED',
    seen: 0,
    changed: 0,
    failed: 0,
    counts: {},
    failures: [],
  }
  const ctx = systemCtx(db, `billing-run ${date} ${step.name}`)
  const batchSize = options.batchSize ?? step.batchSize ?? 25
  let afterKey: string | null = null
  let fatal: string | null = null
  try {
    for (;;) {
      const batch = await step.select(db, asOf, afterKey, batchSize)
      if (!batch.length) break
      afterKey = batch[batch.length - 1]!.key
      const result = await step.process(ctx, batch, asOf)
      report.seen += batch.length
      for (const o of result.outcomes) {
        if (o.changed) report.changed += 1
        for (const [k, v] of Object.entries(o.counts ?? {})) report.counts[k] = (report.counts[k] ?? 0) + v
      }
      report.failed += result.failures.length
      report.failures.push(
        ...result.failures.slice(0, Math.max(0, MAX_RECORDED_FAILURES - report.failures.length)),
      )
      await db.jobRun.update({
        where: { id: run.id },
        data: {
          progress: report.seen,
          counts: countsJson(report),
          errors: toJsonSafe(report.failures) as object,
        },
      })
      options.onProgress?.({
        step: step.name,
        seen: report.seen,
        changed: report.changed,
        failed: report.failed,
        done: false,
      })
      if (batch.length < batchSize) break
    }
  } catch (error) {
    // The selection itself failed (the database went away...): the step stops, the run goes on.
    fatal = reasonOf(error)
    report.status = 'FAILED'
  }
  await db.jobRun.update({
    where: { id: run.id },
    data: {
      status: report.status,
      finishedAt: new Date(),
      progress: report.seen,
      total: report.seen,
      counts: countsJson(report),
      errors: toJsonSafe(
        fatal ? [...report.failures, { key: '', clientId: '', reason: fatal }] : report.failures,
      ) as object,
      message: fatal ?? (report.failed ? `${report.failed} item(s) failed` : null),
    },
  })
  options.onProgress?.({
    step: step.name,
    seen: report.seen,
    changed: report.changed,
    failed: report.failed,
    done: true,
  })
  return report
}

function countsJson(r: StepReport): object {
  return { seen: r.seen, changed: r.changed, failed: r.failed, ...r.counts }
}

/** Runs the steps in order (DESIGN's order unless given), each to its end, whatever failed before. */
export async function runSteps(
  options: RunDailyBillingOptions,
  steps: readonly BillingStep<DueItem>[],
): Promise<BillingRunReport> {
  const reports: StepReport[] = []
  for (const step of steps) reports.push(await runStep(options, step))
  return {
    asOf: formatDateOnly(toDateOnly(options.asOf)),
    steps: reports,
    invoicesCreated: reports.reduce((a, r) => a + (r.counts.invoicesCreated ?? 0), 0),
    failed: reports.reduce((a, r) => a + r.failed + (r.status === 'FAILED' ? 1 : 0), 0),
  }
}
