import { payableStatusSql } from '../billing'
import { parseInput, type Ctx } from '../shared'
import { code, reportAsOfInput, requireReportsActor, type ReportAsOfInput } from './shared'

export const AGING_BUCKETS = ['notDue', '0-30', '31-60', '61-90', '90+'] as const
export type AgingBucket = (typeof AGING_BUCKETS)[number]

export interface AgingRow {
  currency: string
  buckets: Record<AgingBucket, { count: number; amount: bigint }>
  total: { count: number; amount: bigint }
}

/**
 * What clients owe, per currency, by days past due as of a date: d = asOf − dueDate in days;
 * "notDue" d < 0, "0-30" 0 ≤ d ≤ 30 (due that day counts as 0), "31-60", "61-90", "90+" d > 90.
 * Invoices UNPAID or COLLECTIONS with a balance, issued on or before asOf. Amounts are the
 * invoices' current balances (the database keeps no history of balances; the as-of date moves the
 * ages, not what was paid since). One SQL statement.
 */
export async function agingOfReceivables(ctx: Ctx, raw: ReportAsOfInput): Promise<AgingRow[]> {
  requireReportsActor(ctx.actor)
  const { asOf } = parseInput(reportAsOfInput, raw)
  const rows = await ctx.db.$queryRaw<
    { currencyCode: string; bucket: AgingBucket; n: bigint; amount: bigint }[]
  >`
    SELECT "currencyCode", bucket, count(*)::bigint AS n, sum("balance")::bigint AS amount
    FROM (
      SELECT "currencyCode", "balance",
        CASE WHEN (${asOf}::date - "dueDate") < 0 THEN 'notDue'
             WHEN (${asOf}::date - "dueDate") <= 30 THEN '0-30'
             WHEN (${asOf}::date - "dueDate") <= 60 THEN '31-60'
             WHEN (${asOf}::date - "dueDate") <= 90 THEN '61-90'
             ELSE '90+' END AS bucket
      FROM "Invoice"
      WHERE ${payableStatusSql()} AND "balance" > 0 AND coalesce("issueDate", "createdAt"::date) <= ${asOf}::date
    ) aged
    GROUP BY 1, 2`
  const byCurrency = new Map<string, AgingRow>()
  for (const r of rows) {
    const currency = code(r.currencyCode)
    let row = byCurrency.get(currency)
    if (!row) {
      row = {
        currency,
        buckets: Object.fromEntries(
          AGING_BUCKETS.map((b) => [b, { count: 0, amount: 0n }]),
        ) as AgingRow['buckets'],
        total: { count: 0, amount: 0n },
      }
      byCurrency.set(currency, row)
    }
    row.buckets[r.bucket] = { count: Number(r.n), amount: r.amount }
    row.total = { count: row.total.count + Number(r.n), amount: row.total.amount + r.amount }
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency))
}
