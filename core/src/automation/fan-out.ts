import { randomUUID } from 'node:crypto'
import type { Db, DbClient } from '@berth/prisma'
import { z } from 'zod'
import { formatDateOnly, parseDateOnly, toDateOnly } from '../catalog'
import { enqueue, enqueueMany, PGBOSS_SCHEMA, QUEUES } from '../platform'
import { systemCtx, toJsonSafe } from '../shared'
import { openJobRun, reasonOf, type BillingStep, type DueItem } from '../pipeline'
import { DAILY_BILLING_STEPS } from './run-daily-billing'

/**
 * The daily run fanned out over pg-boss (docs/decisions/0037-renewal-batches-and-fan-out.md), so
 * several worker processes share one run:
 * - `billing.run-step` (one per step and run): opens the step's JobRun, selects all its due work by
 *   keyset, and queues one `billing.run-batch` job per batch, in one transaction with the JobRun's
 *   `total` and batch count, so no batch can finish before the step knows how many there are;
 * - `billing.run-batch`: any worker processes the batch exactly as the in-process run does (one
 *   transaction, per-client locks, re-checked under lock, idempotent by the unique keys), then adds
 *   its counts to the JobRun in one atomic UPDATE (counts = counts + delta) that also marks the
 *   batch done; the UPDATE that completes the last batch finishes the step and queues the next
 *   step's job, so the steps still run in order.
 * singletonKeys (`step:date:firstClient:run`) keep a repeated enqueue from queueing a batch twice,
 * and a batch retried by pg-boss after a crash writes nothing new and is not counted twice.
 */
export const runStepJobSchema = z.object({
  runId: z.string().uuid(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  stepIndex: z.number().int().min(0),
  triggeredBy: z.string().max(100),
  batchSize: z.number().int().min(1).max(10_000).optional(),
})
export type RunStepJob = z.infer<typeof runStepJobSchema>

export const runBatchJobSchema = z.object({
  runId: z.string().uuid(),
  jobRunId: z.string().uuid(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  stepIndex: z.number().int().min(0),
  triggeredBy: z.string().max(100),
  batchSize: z.number().int().min(1).max(10_000).optional(),
  items: z.array(z.object({ key: z.string(), clientId: z.string().uuid() })).min(1),
})
export type RunBatchJob = z.infer<typeof runBatchJobSchema>

type Steps = readonly BillingStep<DueItem>[]

/** Queues a fanned-out run: its first step's job. Returns the run's id (in every job of the run). */
export async function startFannedOutRun(
  db: Db,
  input: { asOf: Date; triggeredBy?: string; batchSize?: number },
): Promise<string> {
  const runId = randomUUID()
  const asOf = formatDateOnly(toDateOnly(input.asOf))
  await db.$transaction((tx) =>
    enqueue(
      tx,
      QUEUES.billingRunStep,
      {
        runId,
        asOf,
        stepIndex: 0,
        triggeredBy: input.triggeredBy ?? 'cron',
        ...(input.batchSize ? { batchSize: input.batchSize } : {}),
      },
      { singletonKey: `billing-run:${asOf}:${runId}:0` },
    ),
  )
  return runId
}

/**
 * Queues the run's next step in the caller's transaction, the one that closes the previous step: a
 * step is never finished without its successor waiting in pg-boss, so the Billing run page (which
 * reads the run as running while one of its jobs waits) never sees a half-done run as done.
 */
async function queueNextStep(tx: DbClient, job: RunStepJob | RunBatchJob, steps: Steps): Promise<void> {
  const next = job.stepIndex + 1
  if (next >= steps.length) return
  await enqueue(
    tx,
    QUEUES.billingRunStep,
    {
      runId: job.runId,
      asOf: job.asOf,
      stepIndex: next,
      triggeredBy: job.triggeredBy,
      ...(job.batchSize ? { batchSize: job.batchSize } : {}),
    },
    { singletonKey: `billing-run:${job.asOf}:${job.runId}:${next}` },
  )
}

/**
 * The fanned-out runs (by run id) that still have a step or batch job waiting, retrying or running
 * in pg-boss: between two steps no JobRun row is RUNNING, yet the run is not done.
 */
export async function pendingFannedOutRuns(
  db: Db | DbClient,
  runIds: readonly string[],
): Promise<Set<string>> {
  if (!runIds.length) return new Set()
  const rows = await db.$queryRawUnsafe<{ runId: string }[]>(
    `SELECT DISTINCT "data"->>'runId' AS "runId" FROM "${PGBOSS_SCHEMA}"."job"
      WHERE "name" IN ($1, $2) AND "state" IN ('created', 'retry', 'active')
        AND "data"->>'runId' = ANY($3::text[])`,
    QUEUES.billingRunStep,
    QUEUES.billingRunBatch,
    [...runIds],
  )
  return new Set(rows.map((r) => r.runId))
}

/** `billing.run-step`: the step's JobRun, its batches queued, or the next step when nothing is due. */
export async function coordinateStep(
  db: Db,
  raw: unknown,
  steps: Steps = DAILY_BILLING_STEPS,
): Promise<{ jobRunId: string; batches: number; items: number }> {
  const job = runStepJobSchema.parse(raw)
  const step = steps[job.stepIndex]
  if (!step) throw new Error(`no step ${job.stepIndex}`)
  const asOf = parseDateOnly(job.asOf)
  // One JobRun per step and run; a retried coordinator finds it by the run id it wrote.
  const existing = await db.jobRun.findFirst({
    where: { job: `billing-run.${step.name}`, counts: { path: ['runId'], equals: job.runId } },
    select: { id: true, total: true, counts: true },
  })
  if (existing?.total !== null && existing?.total !== undefined)
    return {
      jobRunId: existing.id,
      batches: Number((existing.counts as { batches?: number }).batches ?? 0),
      items: existing.total,
    }
  const run = existing ?? (await openJobRun(db, `billing-run.${step.name}`, job.asOf, job.triggeredBy))
  const size = job.batchSize ?? step.batchSize ?? 25
  const batches: DueItem[][] = []
  let afterKey: string | null = null
  try {
    for (;;) {
      const batch = await step.select(db, asOf, afterKey, size)
      if (!batch.length) break
      batches.push(batch.map((i) => ({ key: i.key, clientId: i.clientId })))
      afterKey = batch[batch.length - 1]!.key
      if (batch.length < size) break
    }
  } catch (error) {
    await db.$transaction(async (tx) => {
      await tx.jobRun.update({
        where: { id: run.id },
        data: {
          status: 'FAILED',
          finishedAt: new Date(),
          total: 0,
          counts: { runId: job.runId, batches: 0, batchesDone: 0, seen: 0, changed: 0, failed: 0 },
          errors: [{ key: '', clientId: '', reason: reasonOf(error) }],
          message: reasonOf(error),
        },
      })
      await queueNextStep(tx, job, steps)
    })
    return { jobRunId: run.id, batches: 0, items: 0 }
  }
  const items = batches.reduce((a, b) => a + b.length, 0)
  await db.$transaction(async (tx) => {
    await tx.jobRun.update({
      where: { id: run.id },
      data: {
        total: items,
        counts: { runId: job.runId, batches: batches.length, batchesDone: 0, seen: 0, changed: 0, failed: 0 },
        ...(batches.length ? {} : { status: 'SUCCEEDED', finishedAt: new Date() }),
      },
    })
    await enqueueMany(
      tx,
      QUEUES.billingRunBatch,
      batches.map((b) => ({
        data: { ...job, jobRunId: run.id, items: b },
        singletonKey: `${step.name}:${job.asOf}:${b[0]!.key}:${job.runId}`,
      })),
    )
    if (!batches.length) await queueNextStep(tx, job, steps)
  })
  return { jobRunId: run.id, batches: batches.length, items }
}

async function countedAlready(
  db: Db,
  jobRunId: string,
): Promise<{ batchesDone: number; batches: number; failed: number } | undefined> {
  const run = await db.jobRun.findUnique({ where: { id: jobRunId }, select: { counts: true } })
  const counts = (run?.counts ?? {}) as { batchesDone?: number; batches?: number; failed?: number }
  if (counts.batches === undefined) return undefined
  return { batchesDone: counts.batchesDone ?? 0, batches: counts.batches, failed: counts.failed ?? 0 }
}

/** `billing.run-batch`: one batch, its counts added atomically; the last one moves the run on. */
export async function processBatchJob(
  db: Db,
  raw: unknown,
  steps: Steps = DAILY_BILLING_STEPS,
): Promise<{ counted: boolean; stepDone: boolean }> {
  const job = runBatchJobSchema.parse(raw)
  const step = steps[job.stepIndex]
  if (!step) throw new Error(`no step ${job.stepIndex}`)
  const ctx = systemCtx(db, `billing-run ${job.asOf} ${step.name}`)
  const result = await step.process(ctx, job.items, parseDateOnly(job.asOf))
  const delta: Record<string, number> = {
    seen: job.items.length,
    changed: result.outcomes.filter((o) => o.changed).length,
    failed: result.failures.length,
    batchesDone: 1,
  }
  for (const o of result.outcomes)
    for (const [k, v] of Object.entries(o.counts ?? {})) delta[k] = (delta[k] ?? 0) + v
  const marker = job.items[0]!.key
  // One statement: adds the counts unless this batch was counted already (a retry), appends the
  // failures (the first 200), and tells whether this was the step's last batch.
  const rows = await db.$queryRaw<{ batchesDone: number; batches: number; failed: number }[]>`
    UPDATE "JobRun" j SET
      "counts" = (SELECT jsonb_object_agg(k, CASE WHEN ${JSON.stringify(delta)}::jsonb ? k
                    THEN to_jsonb(COALESCE((j."counts"->>k)::bigint, 0) + (${JSON.stringify(delta)}::jsonb->>k)::bigint)
                    ELSE j."counts"->k END)
                  FROM jsonb_object_keys(j."counts" || ${JSON.stringify(delta)}::jsonb) k)
                || jsonb_build_object('done', COALESCE(j."counts"->'done', '[]'::jsonb) || to_jsonb(${marker}::text)),
      "progress" = j."progress" + ${job.items.length}::int,
      "errors" = CASE WHEN jsonb_array_length(j."errors") >= 200 THEN j."errors"
                 ELSE j."errors" || ${JSON.stringify(toJsonSafe(result.failures.slice(0, 200)))}::jsonb END
    WHERE j."id" = ${job.jobRunId}::uuid AND NOT (COALESCE(j."counts"->'done', '[]'::jsonb) ? ${marker}::text)
    RETURNING (j."counts"->>'batchesDone')::int AS "batchesDone", (j."counts"->>'batches')::int AS "batches",
              (j."counts"->>'failed')::int AS "failed"`
  const row = rows[0] ?? (await countedAlready(db, job.jobRunId))
  if (!row || row.batchesDone < row.batches) return { counted: rows.length > 0, stepDone: false }
  // Closes the step once (only while it is RUNNING), with its successor queued in the same
  // transaction. A retry of the last batch after a crash between its count and this close lands
  // here too (the count was already in, `rows` is empty), so the run does not stall on that step.
  const closed = await db.$transaction(async (tx) => {
    const done = await tx.jobRun.updateMany({
      where: { id: job.jobRunId, status: 'RUNNING' },
      data: {
        status: 'SUCCEEDED',
        finishedAt: new Date(),
        message: row.failed ? `${row.failed} item(s) failed` : null,
      },
    })
    if (done.count) await queueNextStep(tx, job, steps)
    return done.count > 0
  })
  return { counted: rows.length > 0, stepDone: closed }
}
