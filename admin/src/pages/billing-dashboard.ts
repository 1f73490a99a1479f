import { formatMoney, payableStatusFilter, todayUtc } from '@berth/core'
import type { Db } from '@berth/prisma'

/**
 * The dashboard's billing numbers (for billing.view): what is owed per currency, what is overdue,
 * what came in this month, drafts waiting, failed webhooks and open disputes, and the payments of
 * the last 30 days per day for a bar chart. Money stays bigint until formatted here; bar heights
 * are computed in per-mille with bigint too, so the browser never does arithmetic on amounts.
 */
export interface BillingDashboard {
  unpaid: { currency: string; amount: string; count: number }[]
  overdue: { count: number; amounts: { currency: string; amount: string }[] }
  paymentsThisMonth: { currency: string; amount: string; count: number }[]
  drafts: number
  failedWebhooks: number
  openDisputes: number
  chart: {
    currency: string
    total: string
    max: string
    days: { date: string; amount: string; count: number; height: number }[]
  }
}

const DAYS = 30

export async function billingDashboard(db: Db): Promise<BillingDashboard> {
  const today = todayUtc()
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1))
  const chartStart = new Date(today.getTime() - (DAYS - 1) * 86_400_000)
  const received = { type: 'PAYMENT' as const, status: 'SUCCEEDED' as const, gateway: { not: 'credit' } }

  const [currencies, unpaid, overdue, month, drafts, failedWebhooks, openDisputes, perDay, defaultCurrency] =
    await Promise.all([
      db.currency.findMany({ select: { code: true, exponent: true } }),
      db.invoice.groupBy({
        by: ['currencyCode'],
        where: { status: payableStatusFilter(), balance: { gt: 0n } },
        _sum: { balance: true },
        _count: { _all: true },
      }),
      db.invoice.groupBy({
        by: ['currencyCode'],
        where: { status: payableStatusFilter(), balance: { gt: 0n }, dueDate: { lt: today } },
        _sum: { balance: true },
        _count: { _all: true },
      }),
      db.transaction.groupBy({
        by: ['currencyCode'],
        where: { ...received, createdAt: { gte: monthStart } },
        _sum: { amount: true },
        _count: { _all: true },
      }),
      db.invoice.count({ where: { status: 'DRAFT' } }),
      db.webhookEvent.count({ where: { status: 'FAILED' } }),
      db.dispute.count({ where: { status: { in: ['OPEN', 'UNDER_REVIEW'] } } }),
      db.$queryRaw<{ day: Date; currencyCode: string; total: bigint; n: bigint }[]>`
      SELECT (date_trunc('day', "createdAt" AT TIME ZONE 'UTC'))::date AS day, "currencyCode", sum("amount")::bigint AS total, count(*)::bigint AS n
      FROM "Transaction"
      WHERE "type" = 'PAYMENT' AND "status" = 'SUCCEEDED' AND "gateway" <> 'credit' AND "createdAt" >= ${chartStart}
      GROUP BY 1, 2`,
      db.currency.findFirst({ where: { isDefault: true }, select: { code: true } }),
    ])
  const exponents = new Map(currencies.map((c) => [c.code, c.exponent]))
  const fmt = (amount: bigint | null | undefined, code: string) =>
    formatMoney(amount ?? 0n, code, exponents.get(code) ?? 2)
  const byCode = <T extends { currencyCode: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.currencyCode.localeCompare(b.currencyCode))

  // The chart's currency: the one most payments were made in over the window (else the default).
  const counts = new Map<string, bigint>()
  for (const r of perDay) counts.set(r.currencyCode.trim(), (counts.get(r.currencyCode.trim()) ?? 0n) + r.n)
  const chartCurrency =
    [...counts].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))[0]?.[0] ??
    defaultCurrency?.code ??
    'USD'
  const amounts = new Map<string, { total: bigint; n: number }>()
  for (const r of perDay)
    if (r.currencyCode.trim() === chartCurrency)
      amounts.set(r.day.toISOString().slice(0, 10), { total: r.total, n: Number(r.n) })
  const days = Array.from({ length: DAYS }, (_, i) => {
    const date = new Date(chartStart.getTime() + i * 86_400_000).toISOString().slice(0, 10)
    return { date, ...(amounts.get(date) ?? { total: 0n, n: 0 }) }
  })
  const max = days.reduce((m, d) => (d.total > m ? d.total : m), 0n)
  const total = days.reduce((s, d) => s + d.total, 0n)

  return {
    unpaid: byCode(unpaid).map((r) => ({
      currency: r.currencyCode,
      amount: fmt(r._sum.balance, r.currencyCode),
      count: r._count._all,
    })),
    overdue: {
      count: overdue.reduce((n, r) => n + r._count._all, 0),
      amounts: byCode(overdue).map((r) => ({
        currency: r.currencyCode,
        amount: fmt(r._sum.balance, r.currencyCode),
      })),
    },
    paymentsThisMonth: byCode(month).map((r) => ({
      currency: r.currencyCode,
      amount: fmt(r._sum.amount, r.currencyCode),
      count: r._count._all,
    })),
    drafts,
    failedWebhooks,
    openDisputes,
    chart: {
      currency: chartCurrency,
      total: fmt(total, chartCurrency),
      max: fmt(max, chartCurrency),
      days: days.map((d) => ({
        date: d.date,
        amount: fmt(d.total, chartCurrency),
        count: d.n,
        height: max > 0n ? Number((d.total * 1000n) / max) : 0,
      })),
    },
  }
}
