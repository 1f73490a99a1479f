import { parseInput, type Ctx } from '../shared'
import { monthStart, reportRangeInput, requireReportsActor, type ReportRangeInput } from './shared'

export interface ChurnMonthRow {
  month: string // "2026-03"
  /** services live at the month's first day: registered before it, not ended before it */
  activeAtStart: number
  /** services terminated or cancelled (terminationDate) within the month */
  churned: number
  /** churned / activeAtStart in basis points (1 % = 100), rounded half-up; null when none were active */
  rateBasisPoints: number | null
}

/**
 * Churn per calendar month of the range. A service counts as live at a month's start when it was
 * registered before that day, is not PENDING or FRAUD, and has no terminationDate before that day
 * (TERMINATED and CANCELLED services carry the day they ended in terminationDate; SUSPENDED ones
 * still count as live). One SQL statement over generate_series.
 */
export async function churnByMonth(ctx: Ctx, raw: ReportRangeInput): Promise<ChurnMonthRow[]> {
  requireReportsActor(ctx.actor)
  const { from, to } = parseInput(reportRangeInput, raw)
  const first = monthStart(from)
  const last = monthStart(to)
  const rows = await ctx.db.$queryRaw<{ month: string; active: bigint; churned: bigint }[]>`
    SELECT to_char(m, 'YYYY-MM') AS month,
      (SELECT count(*) FROM "Service" s
        WHERE s."status" NOT IN ('PENDING', 'FRAUD') AND s."registrationDate" < m
          AND (s."terminationDate" IS NULL OR s."terminationDate" >= m))::bigint AS active,
      (SELECT count(*) FROM "Service" s
        WHERE s."status" IN ('TERMINATED', 'CANCELLED') AND s."terminationDate" >= m
          AND s."terminationDate" < (m + interval '1 month')::date)::bigint AS churned
    FROM (SELECT gs::date AS m FROM generate_series(${first}::date, ${last}::date, interval '1 month') AS gs) months
    ORDER BY 1`
  return rows.map((r) => ({
    month: r.month,
    activeAtStart: Number(r.active),
    churned: Number(r.churned),
    rateBasisPoints: r.active > 0n ? Number((r.churned * 20_000n + r.active) / (2n * r.active)) : null,
  }))
}
