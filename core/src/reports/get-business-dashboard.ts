import { z } from 'zod'
import { dateOnlySchema, payableStatusSql, todayUtc } from '../billing'
import { CYCLE_MONTHS } from '../catalog'
import { divideRounded } from '../money'
import { parseInput, type Ctx } from '../shared'
import { incomeByMonth, type IncomeMonthRow } from './income-by-month'
import { addMonths, code, monthStart, nextDay, requireReportsActor } from './shared'

export interface DashboardMoney {
  currency: string
  amount: bigint
}

export interface BusinessDashboard {
  asOf: Date
  /** succeeded payments − refunds − chargebacks + reversals, per currency (UTC days) */
  revenue: { currency: string; today: bigint; month: bigint; year: bigint }[]
  mrr: DashboardMoney[]
  activeClients: number
  activeServices: number
  unpaid: { currency: string; count: number; amount: bigint }[]
  overdue: { currency: string; count: number; amount: bigint }[]
  lastRun: {
    job: string
    runKey: string
    status: string
    startedAt: Date
    finishedAt: Date | null
    message: string | null
  } | null
  /** the 12 calendar months ending with asOf's month, net income per currency */
  chart: IncomeMonthRow[]
}

export const businessDashboardInput = z.object({ asOf: dateOnlySchema.optional() })

/**
 * The business at a glance as of a day (UTC; default today, the only `new Date()` here). Six SQL
 * statements, each aggregated in the database: revenue (today / month-to-date / year-to-date with
 * FILTER), MRR (ACTIVE services grouped by currency and cycle), active counts, unpaid and overdue
 * (FILTER), the latest daily-run JobRun, and the 12-month chart (incomeByMonth).
 *
 * MRR rounding: per currency, for each cycle the recurring amounts of ACTIVE services are summed
 * in SQL, then divided by the cycle's months and rounded half-up (divideRounded) once per cycle;
 * the cycles' results are added. So 3 annual services at 1000 give round(3000 / 12) = 250, not
 * 3 × round(83.33) = 249. Addons are not included (their own recurring amounts are a later step).
 */
export async function getBusinessDashboard(
  ctx: Ctx,
  raw: z.input<typeof businessDashboardInput> = {},
): Promise<BusinessDashboard> {
  requireReportsActor(ctx.actor)
  const input = parseInput(businessDashboardInput, raw)
  const asOf = input.asOf ?? todayUtc()
  const end = nextDay(asOf)
  const month = monthStart(asOf)
  const year = new Date(Date.UTC(asOf.getUTCFullYear(), 0, 1))
  const db = ctx.db

  const [revenue, mrr, active, owed, lastRun, chart] = await Promise.all([
    db.$queryRaw<{ currencyCode: string; today: bigint; month: bigint; year: bigint }[]>`
      SELECT "currencyCode",
        coalesce(sum(v) FILTER (WHERE "createdAt" >= ${asOf}), 0)::bigint AS today,
        coalesce(sum(v) FILTER (WHERE "createdAt" >= ${month}), 0)::bigint AS month,
        coalesce(sum(v), 0)::bigint AS year
      FROM (SELECT "currencyCode", "createdAt", CASE "type" WHEN 'PAYMENT' THEN "amount" WHEN 'CHARGEBACK_REVERSAL' THEN "amount" ELSE -"amount" END AS v
            FROM "Transaction"
            WHERE "status" = 'SUCCEEDED' AND "gateway" <> 'credit' AND "createdAt" >= ${year} AND "createdAt" < ${end}) t
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ currencyCode: string; billingCycle: keyof typeof CYCLE_MONTHS; total: bigint }[]>`
      SELECT "currencyCode", "billingCycle"::text AS "billingCycle", sum("recurringAmount")::bigint AS total
      FROM "Service" WHERE "status" = 'ACTIVE' AND "billingCycle" <> 'ONE_TIME'
      GROUP BY 1, 2`,
    db.$queryRaw<{ clients: bigint; services: bigint }[]>`
      SELECT (SELECT count(*) FROM "Client" WHERE "status" = 'ACTIVE')::bigint AS clients,
             (SELECT count(*) FROM "Service" WHERE "status" = 'ACTIVE')::bigint AS services`,
    db.$queryRaw<
      { currencyCode: string; unpaid: bigint; unpaidAmount: bigint; overdue: bigint; overdueAmount: bigint }[]
    >`
      SELECT "currencyCode", count(*)::bigint AS unpaid, sum("balance")::bigint AS "unpaidAmount",
        count(*) FILTER (WHERE "dueDate" < ${asOf}::date)::bigint AS overdue,
        coalesce(sum("balance") FILTER (WHERE "dueDate" < ${asOf}::date), 0)::bigint AS "overdueAmount"
      FROM "Invoice" WHERE ${payableStatusSql()} AND "balance" > 0
      GROUP BY 1 ORDER BY 1`,
    db.jobRun.findFirst({
      where: { job: { startsWith: 'billing-run.' } },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      select: { job: true, runKey: true, status: true, startedAt: true, finishedAt: true, message: true },
    }),
    incomeByMonth(ctx, { from: addMonths(month, -11), to: asOf }),
  ])

  const mrrByCurrency = new Map<string, bigint>()
  for (const r of mrr) {
    const months = BigInt(CYCLE_MONTHS[r.billingCycle] ?? 0)
    if (months <= 0n) continue // ONE_TIME is not recurring
    const currency = code(r.currencyCode)
    mrrByCurrency.set(currency, (mrrByCurrency.get(currency) ?? 0n) + divideRounded(r.total, months))
  }
  return {
    asOf,
    revenue: revenue.map((r) => ({
      currency: code(r.currencyCode),
      today: r.today,
      month: r.month,
      year: r.year,
    })),
    mrr: [...mrrByCurrency]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([currency, amount]) => ({ currency, amount })),
    activeClients: Number(active[0]?.clients ?? 0n),
    activeServices: Number(active[0]?.services ?? 0n),
    unpaid: owed.map((r) => ({
      currency: code(r.currencyCode),
      count: Number(r.unpaid),
      amount: r.unpaidAmount,
    })),
    overdue: owed
      .filter((r) => r.overdue > 0n)
      .map((r) => ({ currency: code(r.currencyCode), count: Number(r.overdue), amount: r.overdueAmount })),
    lastRun: lastRun ? { ...lastRun, status: String(lastRun.status) } : null,
    chart,
  }
}
