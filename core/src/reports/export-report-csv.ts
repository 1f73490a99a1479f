import { z } from 'zod'
import { csvField } from '../billing'
import { toDecimalString } from '../money'
import { DomainError, type Ctx } from '../shared'
import { AGING_BUCKETS, agingOfReceivables } from './aging-of-receivables'
import { churnByMonth } from './churn-by-month'
import { incomeByMonth } from './income-by-month'
import { incomeByProduct } from './income-by-product'
import { requireReportsActor } from './shared'
import { taxCollected } from './tax-collected'

export const REPORT_NAMES = ['income-by-month', 'income-by-product', 'aging', 'churn', 'tax'] as const
export type ReportName = (typeof REPORT_NAMES)[number]
export const reportNameSchema = z.enum(REPORT_NAMES)

/**
 * A report as CSV (RFC 4180, CRLF line ends), through the same formula-safe `csvField` as the
 * transaction export: text that a spreadsheet would run (= + - @ tab CR) gets a leading
 * apostrophe, so a product named "=HYPERLINK(…)" stays inert. Amounts are decimal strings in each
 * currency's exponent; rates as percentages. `input` is the report's own input (from/to or asOf).
 * The report's SQL plus one for the currencies' exponents.
 */
export async function exportReportCsv(ctx: Ctx, report: string, input: unknown): Promise<string> {
  requireReportsActor(ctx.actor)
  const parsed = reportNameSchema.safeParse(report)
  if (!parsed.success)
    throw new DomainError('VALIDATION_FAILED', 'There is no such report.', { field: 'report' })
  const params = (input ?? {}) as never
  const currencies = await ctx.db.currency.findMany({ select: { code: true, exponent: true } })
  const exponents = new Map(currencies.map((c) => [c.code.trim(), c.exponent]))
  const amount = (value: bigint, currency: string) =>
    csvField(toDecimalString(value, exponents.get(currency) ?? 2), { isText: false })
  const num = (value: number | null) => csvField(value === null ? '' : String(value), { isText: false })
  const lines: string[][] = []

  switch (parsed.data) {
    case 'income-by-month':
      lines.push(['Month', 'Currency', 'Payments', 'Refunds', 'Net'].map((h) => csvField(h)))
      for (const r of await incomeByMonth(ctx, params))
        lines.push([
          csvField(r.month, { isText: false }),
          csvField(r.currency),
          amount(r.payments, r.currency),
          amount(r.refunds, r.currency),
          amount(r.net, r.currency),
        ])
      break
    case 'income-by-product':
      lines.push(['Product', 'Currency', 'Lines', 'Amount'].map((h) => csvField(h)))
      for (const r of await incomeByProduct(ctx, params))
        lines.push([
          csvField(r.productName),
          csvField(r.currency),
          num(r.lines),
          amount(r.amount, r.currency),
        ])
      break
    case 'aging':
      lines.push(
        [
          'Currency',
          ...AGING_BUCKETS.flatMap((b) => [`${agingLabel(b)} count`, `${agingLabel(b)} amount`]),
          'Total count',
          'Total amount',
        ].map((h) => csvField(h)),
      )
      for (const r of await agingOfReceivables(ctx, params)) {
        lines.push([
          csvField(r.currency),
          ...AGING_BUCKETS.flatMap((b) => [num(r.buckets[b].count), amount(r.buckets[b].amount, r.currency)]),
          num(r.total.count),
          amount(r.total.amount, r.currency),
        ])
      }
      break
    case 'churn':
      lines.push(['Month', 'Active at start', 'Churned', 'Churn rate %'].map((h) => csvField(h)))
      for (const r of await churnByMonth(ctx, params)) {
        lines.push([
          csvField(r.month, { isText: false }),
          num(r.activeAtStart),
          num(r.churned),
          csvField(r.rateBasisPoints === null ? '' : toDecimalString(BigInt(r.rateBasisPoints), 2), {
            isText: false,
          }),
        ])
      }
      break
    case 'tax':
      lines.push(
        ['Currency', 'Country', 'Tax', 'Rate %', 'Invoices', 'Taxable base', 'Tax collected'].map((h) =>
          csvField(h),
        ),
      )
      for (const r of await taxCollected(ctx, params)) {
        lines.push([
          csvField(r.currency),
          csvField(r.country),
          csvField(r.taxName),
          csvField(toDecimalString(BigInt(r.rate), 4), { isText: false }),
          num(r.invoices),
          amount(r.base, r.currency),
          amount(r.tax, r.currency),
        ])
      }
      break
  }
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`
}

export function agingLabel(bucket: (typeof AGING_BUCKETS)[number]): string {
  return bucket === 'notDue' ? 'Not yet due' : `${bucket} days`
}
