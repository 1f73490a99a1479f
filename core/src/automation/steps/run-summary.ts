import { formatDateOnly } from '../../catalog'
import { billingFormatter } from '../../billing'
import { queueEmail } from '../../notifications'
import { getSettings } from '../../settings'
import { defineStep, type DueItem, type ItemOutcome } from '../../pipeline'

/**
 * The daily run's summary for billing staff (docs/decisions/0053-billing-run-emails.md), the run's
 * last step: what the date's runs did (the steps' JobRun counts, summed over every run of the date,
 * since a repeat writes nothing), the renewal invoices issued that day with their amounts per
 * currency, and the failed items with their reasons. Sent to the addresses in
 * `automation.summaryRecipients` that belong to active staff whose role holds billing.view (amounts
 * and client names in failure reasons are billing data), once per run date: BillingRunSummary's
 * key is the date, so a rerun, a catch-up or a second worker finds it sent.
 */
export const RUN_SUMMARY_STEP = 'billing-run-summary'
/** The summary is no client's: the pipeline's per-client lock takes this id, which no client has. */
const NO_CLIENT = '00000000-0000-0000-0000-000000000000'
const FAILURES_LISTED = 20

function adminLink(path: string): string {
  const base = (process.env.ADMIN_URL ?? 'http://localhost:3001/admin').replace(/\/+$/, '')
  return `${base}/${path}`
}

export const runSummaryStep = defineStep<DueItem>({
  name: RUN_SUMMARY_STEP,
  async select(db, asOf, afterKey) {
    if (afterKey !== null) return []
    if (!(await getSettings(db))['automation.summaryRecipients'].length) return []
    if (await db.billingRunSummary.findUnique({ where: { runDate: asOf }, select: { runDate: true } }))
      return []
    return [{ key: formatDateOnly(asOf), clientId: NO_CLIENT }]
  },
  async processItem(tx, _item, asOf): Promise<ItemOutcome> {
    const listed = (await getSettings(tx.db))['automation.summaryRecipients']
    const staff = listed.length
      ? await tx.db.staff.findMany({
          where: { email: { in: listed }, status: 'ACTIVE', role: { permissions: { has: 'billing.view' } } },
          select: { id: true, email: true, firstName: true },
          orderBy: { email: 'asc' },
        })
      : []
    if (!staff.length) return { changed: false, counts: { summaryWithoutRecipients: 1 } }
    const claimed = await tx.db.billingRunSummary.createMany({
      data: [{ runDate: asOf, recipients: staff.length }],
      skipDuplicates: true,
    })
    if (claimed.count === 0) return { changed: false }

    const date = formatDateOnly(asOf)
    const runs = await tx.db.$queryRaw<{ job: string; counts: unknown; errors: unknown }[]>`
      SELECT "job", "counts", "errors" FROM "JobRun"
      WHERE "job" LIKE 'billing-run.%' AND "job" <> ${`billing-run.${RUN_SUMMARY_STEP}`}
        AND ("runKey" = ${date} OR "runKey" LIKE ${`${date}#%`})
      ORDER BY "startedAt", "job"`
    const sum: Record<string, number> = {}
    const failures: { step: string; reason: string }[] = []
    // Two runs of the date at once both meet a failing item: it is one failure.
    const failed = new Set<string>()
    for (const r of runs) {
      const counts = (r.counts && typeof r.counts === 'object' ? r.counts : {}) as Record<string, unknown>
      for (const [k, v] of Object.entries(counts)) if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v
      const step = r.job.slice('billing-run.'.length)
      for (const e of Array.isArray(r.errors) ? (r.errors as { key?: unknown; reason?: unknown }[]) : []) {
        const reason = String(e.reason ?? '').slice(0, 300)
        const id = `${step}\u0000${String(e.key ?? '')}\u0000${reason}`
        if (failed.has(id)) continue
        failed.add(id)
        if (failures.length < FAILURES_LISTED) failures.push({ step, reason })
      }
    }
    const failureCount = failed.size
    // Renewal invoices the run issued that day (no order's, lines with a billing period).
    const invoiced = await tx.db.$queryRaw<{ currencyCode: string; invoices: number; total: bigint }[]>`
      SELECT i."currencyCode", count(*)::int AS "invoices", sum(i."total")::bigint AS "total" FROM "Invoice" i
      WHERE i."issueDate" = ${asOf}::date AND i."orderId" IS NULL AND i."status" <> 'DRAFT'
        AND EXISTS (SELECT 1 FROM "InvoiceItem" it WHERE it."invoiceId" = i."id" AND it."periodStart" IS NOT NULL)
      GROUP BY 1 ORDER BY 1`
    const fmt = await billingFormatter(tx.db)
    const n = (k: string) => Math.max(0, Math.trunc(sum[k] ?? 0))
    for (const s of staff)
      await queueEmail(tx.db, {
        template: 'billing-run-summary',
        to: s.email,
        staffId: s.id,
        props: {
          firstName: s.firstName,
          runDate: fmt.date(asOf),
          invoicesCreated: n('invoicesCreated'),
          invoicedByCurrency: invoiced.map((c) => ({
            currency: c.currencyCode,
            invoices: c.invoices,
            amount: fmt.money(c.total, c.currencyCode),
          })),
          remindersSent: n('remindersSent'),
          noticesSent: n('noticesSent'),
          lateFees: n('lateFees'),
          suspended: n('suspended'),
          terminationWarnings: n('terminationWarnings'),
          terminated: n('terminated'),
          ordersCancelled: n('ordersCancelled'),
          failureCount,
          failures,
          runUrl: adminLink('pages/billingRun'),
        },
      })
    return { changed: true, counts: { summariesSent: staff.length } }
  },
})
