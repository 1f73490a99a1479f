import { parseInput, type Ctx } from '../shared'
import { code, nextDay, reportRangeInput, requireReportsActor, type ReportRangeInput } from './shared'

export interface IncomeProductRow {
  /** null for lines not tied to a service (manual lines, late fees, domains, add funds) */
  productId: string | null
  productName: string
  currency: string
  /** invoice lines counted */
  lines: number
  /** sum of the lines' amounts, before tax */
  amount: bigint
}

/**
 * Invoiced income by product: the items of invoices paid (status PAID, paidAt) within the range,
 * per product of the line's service (an addon's line counts under its service's product) and
 * currency, before tax. An invoice refunded in full (status REFUNDED) drops out; partial refunds
 * are not apportioned to lines (see incomeByMonth for cash net of refunds). One SQL statement.
 */
export async function incomeByProduct(ctx: Ctx, raw: ReportRangeInput): Promise<IncomeProductRow[]> {
  requireReportsActor(ctx.actor)
  const { from, to } = parseInput(reportRangeInput, raw)
  const rows = await ctx.db.$queryRaw<
    {
      productId: string | null
      productName: string | null
      currencyCode: string
      lines: bigint
      amount: bigint
    }[]
  >`
    SELECT p."id"::text AS "productId", p."name" AS "productName", i."currencyCode", count(*)::bigint AS lines, sum(it."amount")::bigint AS amount
    FROM "InvoiceItem" it
    JOIN "Invoice" i ON i."id" = it."invoiceId"
    LEFT JOIN "ServiceAddon" sa ON sa."id" = it."serviceAddonId"
    LEFT JOIN "Service" s ON s."id" = coalesce(it."serviceId", sa."serviceId")
    LEFT JOIN "Product" p ON p."id" = s."productId"
    WHERE i."status" = 'PAID' AND i."paidAt" >= ${from} AND i."paidAt" < ${nextDay(to)}
    GROUP BY p."id", p."name", i."currencyCode"
    ORDER BY i."currencyCode", amount DESC, p."name" NULLS LAST`
  return rows.map((r) => ({
    productId: r.productId,
    productName: r.productName ?? 'Other items',
    currency: code(r.currencyCode),
    lines: Number(r.lines),
    amount: r.amount,
  }))
}
