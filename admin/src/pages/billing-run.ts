import type { PageHandler } from 'adminjs'
import {
  DAILY_BILLING_STEPS,
  formatMoney,
  getSettings,
  hasPermission,
  listQueuedBillingRuns,
  MAX_RUN_DAYS_AHEAD,
  pendingFannedOutRuns,
  previewRenewals,
  requestBillingRun,
  todayInTimeZone,
  type RenewalPreview,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { failedAnswer, text, type PageAnswer } from './page-answer'

/**
 * The Billing run page: the daily run's latest runs (one JobRun per step and run, with counts,
 * progress and failed items), the runs queued for a worker, "Run now" (queues the run through
 * pg-boss, never runs it here) and "Preview" (what the renewal step would invoice on a date,
 * nothing written). GET needs billing.view, POST automation.run (the page gate checks both first;
 * core checks automation.run again).
 */
export interface BillingRunStepView {
  step: string
  jobRunId: string
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  seen: number
  changed: number
  failed: number
  progress: number
  total: number | null
  counts: Record<string, number>
  failures: { key: string; clientId: string; reason: string }[]
  message: string | null
  startedAt: string
  finishedAt: string | null
}

export interface BillingRunView {
  runKey: string
  date: string
  triggeredBy: string
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  startedAt: string
  finishedAt: string | null
  steps: BillingRunStepView[]
}

export interface PreviewView extends RenewalPreview {
  /** the same amounts formatted for people, keyed like the minor-unit strings */
  display: {
    invoices: Record<string, { subtotal: string; tax: string; total: string }>
    totals: Record<string, { subtotal: string; tax: string; total: string }>
  }
}

export interface BillingRunPageData {
  runs: BillingRunView[]
  queued: { jobId: string; asOf: string | null; state: string; createdAt: string }[]
  /** the page refreshes itself while true */
  inProgress: boolean
  canRun: boolean
  today: string
  maxDate: string
  stepNames: string[]
  preview?: PreviewView
}

const RUNS_SHOWN = 10
const JOB_PREFIX = 'billing-run.'
/** A RUNNING row older than this belongs to a run that was killed: it no longer keeps the page polling. */
const STALE_MS = 6 * 3600_000

export async function billingRunData(
  db: Db,
  canRun: boolean,
  now: Date = new Date(),
): Promise<BillingRunPageData> {
  const tz = (await getSettings(db))['automation.timeZone']
  const today = todayInTimeZone(tz, now)
  const stepNames = DAILY_BILLING_STEPS.map((s) => s.name)
  // The latest runs: each run of a date is its own runKey (date, date#2...); newest first.
  const keys = await db.$queryRaw<{ runKey: string }[]>`
    SELECT "runKey" FROM "JobRun" WHERE "job" LIKE ${`${JOB_PREFIX}%`}
    GROUP BY "runKey" ORDER BY max("startedAt") DESC, "runKey" DESC LIMIT ${RUNS_SHOWN}`
  const rows = keys.length
    ? await db.jobRun.findMany({
        where: { job: { startsWith: JOB_PREFIX }, runKey: { in: keys.map((k) => k.runKey) } },
        orderBy: { startedAt: 'asc' },
        select: {
          id: true,
          job: true,
          runKey: true,
          status: true,
          triggeredBy: true,
          progress: true,
          total: true,
          counts: true,
          errors: true,
          message: true,
          startedAt: true,
          finishedAt: true,
        },
      })
    : []
  const order = (step: string) => {
    const i = stepNames.indexOf(step)
    return i < 0 ? stepNames.length : i
  }
  // A fanned-out run is between two steps while its next step's job waits in pg-boss: no row is
  // RUNNING then, yet the run is not done. The run id is in each of its rows' counts.
  const runIdOf = (counts: unknown) =>
    counts && typeof counts === 'object' && typeof (counts as { runId?: unknown }).runId === 'string'
      ? (counts as { runId: string }).runId
      : null
  const pending = await pendingFannedOutRuns(db, [
    ...new Set(rows.map((r) => runIdOf(r.counts)).filter((id): id is string => id !== null)),
  ])
  const runs: BillingRunView[] = keys.map(({ runKey }) => {
    const mine = rows
      .filter((r) => r.runKey === runKey)
      .sort((a, b) => order(a.job.slice(JOB_PREFIX.length)) - order(b.job.slice(JOB_PREFIX.length)))
    const steps = mine.map((r): BillingRunStepView => {
      const counts = (
        r.counts && typeof r.counts === 'object' && !Array.isArray(r.counts) ? r.counts : {}
      ) as Record<string, unknown>
      const numbers = Object.fromEntries(
        Object.entries(counts).filter(([, v]) => typeof v === 'number'),
      ) as Record<string, number>
      const errors = Array.isArray(r.errors)
        ? (r.errors as { key?: unknown; clientId?: unknown; reason?: unknown }[])
        : []
      return {
        step: r.job.slice(JOB_PREFIX.length),
        jobRunId: r.id,
        status: r.status,
        seen: numbers.seen ?? r.progress,
        changed: numbers.changed ?? 0,
        failed: numbers.failed ?? 0,
        progress: r.progress,
        total: r.total,
        counts: Object.fromEntries(
          Object.entries(numbers).filter(([k]) => !['seen', 'changed', 'failed'].includes(k)),
        ),
        failures: errors.map((e) => ({
          key: text(e.key),
          clientId: text(e.clientId),
          reason: text(e.reason),
        })),
        message: r.message,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      }
    })
    const running =
      steps.some((s) => s.status === 'RUNNING') ||
      mine.some((r) => {
        const id = runIdOf(r.counts)
        return id !== null && pending.has(id)
      })
    const finished = steps
      .map((s) => s.finishedAt)
      .filter((f): f is string => f !== null)
      .sort()
    return {
      runKey,
      date: runKey.split('#')[0]!,
      triggeredBy: mine[0]?.triggeredBy ?? '',
      status: running
        ? 'RUNNING'
        : steps.some((s) => s.status === 'FAILED' || s.failed > 0)
          ? 'FAILED'
          : 'SUCCEEDED',
      startedAt: steps[0]?.startedAt ?? '',
      finishedAt: running ? null : (finished[finished.length - 1] ?? null),
      steps,
    }
  })
  const queued = (await listQueuedBillingRuns(db)).map((j) => ({
    ...j,
    createdAt: j.createdAt.toISOString(),
  }))
  const live =
    pending.size > 0 ||
    rows.some((r) => r.status === 'RUNNING' && now.getTime() - r.startedAt.getTime() < STALE_MS)
  return {
    runs,
    queued,
    inProgress: live || queued.length > 0,
    canRun,
    today: today.toISOString().slice(0, 10),
    maxDate: new Date(today.getTime() + MAX_RUN_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10),
    stepNames,
  }
}

async function withDisplay(db: Db, preview: RenewalPreview): Promise<PreviewView> {
  const exponents = new Map(
    (await db.currency.findMany({ select: { code: true, exponent: true } })).map((c) => [c.code, c.exponent]),
  )
  const fmt = (amount: string, code: string) => formatMoney(BigInt(amount), code, exponents.get(code) ?? 2)
  const triple = (x: { subtotal: string; tax: string; total: string }, code: string) => ({
    subtotal: fmt(x.subtotal, code),
    tax: fmt(x.tax, code),
    total: fmt(x.total, code),
  })
  const invoices: PreviewView['display']['invoices'] = {}
  for (const c of preview.clients)
    c.invoices.forEach((inv, i) => (invoices[`${c.clientId}:${i}`] = triple(inv, inv.currency)))
  return {
    ...preview,
    display: {
      invoices,
      totals: Object.fromEntries(preview.totals.map((t) => [t.currency, triple(t, t.currency)])),
    },
  }
}

export function billingRunHandler(db: Db): PageHandler {
  return async (request: {
    method?: string
    payload?: Record<string, unknown>
  }): Promise<PageAnswer<BillingRunPageData>> => {
    const ctx = ctxFor(db, request)
    if (!hasPermission(ctx.actor, 'billing.view'))
      return {
        ok: false,
        notice: { message: 'You do not have permission to see the billing run.', type: 'error' },
      }
    const canRun = hasPermission(ctx.actor, 'automation.run')
    if (request.method !== 'post') return { ok: true, data: await billingRunData(db, canRun) }

    const payload = request.payload ?? {}
    const asOf = text(payload.asOf).trim() || undefined
    try {
      if (payload.intent === 'preview') {
        const data = await billingRunData(db, canRun)
        const preview = await previewRenewals(ctx, { asOf: asOf ?? data.today })
        const count = preview.clients.reduce((n, c) => n + c.invoices.length, 0)
        return {
          ok: true,
          data: { ...data, preview: await withDisplay(db, preview) },
          notice: {
            message: `Preview for ${preview.asOf}: ${count} invoice(s) would be created. Nothing was written.`,
            type: 'info',
          },
        }
      }
      if (payload.intent === 'run') {
        const queued = await requestBillingRun(ctx, { asOf })
        return {
          ok: true,
          data: await billingRunData(db, canRun),
          notice: {
            message: `The billing run for ${queued.asOf} is queued; a worker starts it shortly.`,
            type: 'success',
          },
        }
      }
      return { ok: false, notice: { message: 'Choose Run now or Preview.', type: 'error' } }
    } catch (error) {
      return failedAnswer(error, {}, await billingRunData(db, canRun))
    }
  }
}
