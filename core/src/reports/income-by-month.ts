import { parseInput, type Ctx } from '../shared'
import {
  code,
  monthKeys,
  nextDay,
  reportRangeInput,
  requireReportsActor,
  type ReportRangeInput,
} from './shared'

export interface IncomeMonthRow {
  month: string // "2026-03"
  currency: string
  payments: bigint
  refunds: bigint
  /** payments − refunds − chargebacks + chargeback reversals */
  net: bigint
}

/**
 * Money received per calendar month (UTC) and currency, from succeeded Transaction rows: payments
 * minus refunds (and chargebacks, plus their reversals). Payments made from account credit
 * (gateway "credit") are not income: the money came in when the credit was funded. Currencies are
 * never added together; every month of the range appears for each currency that has any row.
 * One SQL statement.
 */
export async function incomeByMonth(ctx: Ctx, raw: ReportRangeInput): Promise<IncomeMonthRow[]> {
  requireReportsActor(ctx.actor)
  const { from, to } = parseInput(reportRangeInput, raw)
  const rows = await ctx.db.$queryRaw<
    { month: string; currencyCode: string; payments: bigint; refunds: bigint; net: bigint }[]
  >`
    SELECT to_char(date_trunc('month', "createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, "currencyCode",
      coalesce(sum("amount") FILTER (WHERE "type" = 'PAYMENT'), 0)::bigint AS payments,
      coalesce(sum("amount") FILTER (WHERE "type" = 'REFUND'), 0)::bigint AS refunds,
      coalesce(sum(CASE "type" WHEN 'PAYMENT' THEN "amount" WHEN 'CHARGEBACK_REVERSAL' THEN "amount" ELSE -"amount" END), 0)::bigint AS net
    FROM "Transaction"
    WHERE "status" = 'SUCCEEDED' AND "gateway" <> 'credit' AND "createdAt" >= ${from} AND "createdAt" < ${nextDay(to)}
    GROUP BY 1, 2`
  const found = new Map(rows.map((r) => [`${r.month} ${code(r.currencyCode)}`, r]))
  const currencies = [...new Set(rows.map((r) => code(r.currencyCode)))].sort()
  const out: IncomeMonthRow[] = []
  for (const month of monthKeys(from, to)) {
    for (const currency of currencies) {
      const r = found.get(`${month} ${currency}`)
      out.push({ month, currency, payments: r?.payments ?? 0n, refunds: r?.refunds ?? 0n, net: r?.net ?? 0n })
    }
  }
  return out
}
