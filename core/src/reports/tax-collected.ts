import { parseInput, type Ctx } from '../shared'
import { code, nextDay, reportRangeInput, requireReportsActor, type ReportRangeInput } from './shared'

export interface TaxRow {
  currency: string
  /** the buyer's country on the invoice as published ("GB") */
  country: string
  taxName: string
  /** millionths: 20 % = 200000 */
  rate: number
  invoices: number
  /** taxable base and tax, in the currency's minor units */
  base: bigint
  tax: bigint
}

/**
 * Tax on invoices paid (status PAID, paidAt) within the range, from their tax lines, per currency,
 * buyer country (as copied onto the invoice at publish, else the client's current country), tax
 * name and rate. One SQL statement.
 */
export async function taxCollected(ctx: Ctx, raw: ReportRangeInput): Promise<TaxRow[]> {
  requireReportsActor(ctx.actor)
  const { from, to } = parseInput(reportRangeInput, raw)
  const rows = await ctx.db.$queryRaw<
    {
      currencyCode: string
      country: string
      name: string
      rate: number
      invoices: bigint
      base: bigint
      tax: bigint
    }[]
  >`
    SELECT i."currencyCode", coalesce(i."buyerDetails"->>'country', c."country") AS country, t."name", t."rate",
      count(DISTINCT i."id")::bigint AS invoices, sum(t."base")::bigint AS base, sum(t."amount")::bigint AS tax
    FROM "InvoiceTaxLine" t
    JOIN "Invoice" i ON i."id" = t."invoiceId"
    JOIN "Client" c ON c."id" = i."clientId"
    WHERE i."status" = 'PAID' AND i."paidAt" >= ${from} AND i."paidAt" < ${nextDay(to)}
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 4 DESC, 3`
  return rows.map((r) => ({
    currency: code(r.currencyCode),
    country: r.country,
    taxName: r.name,
    rate: Number(r.rate),
    invoices: Number(r.invoices),
    base: r.base,
    tax: r.tax,
  }))
}
