import {
  AGING_BUCKETS,
  agingLabel,
  agingOfReceivables,
  churnByMonth,
  formatMoney,
  getBusinessDashboard,
  incomeByMonth,
  incomeByProduct,
  taxCollected,
  todayUtc,
  type Ctx,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { failedAnswer, text, type PageAnswer } from './page-answer'

/**
 * The Reports page (billing.view: the page gate checks it, core again) and the dashboard's business
 * figures. Core answers bigint minor units; here they become formatted strings, and bar heights
 * per-mille computed with bigint, so the browser never does arithmetic on money.
 *
 * SQL per request: the Reports page 6 (currencies + one per report); the dashboard's figures 7
 * (currencies + getBusinessDashboard's six).
 */
export interface Bar {
  label: string
  value: string
  /** 0..1000 of the chart's largest bar */
  height: number
}
export interface Chart {
  title: string
  bars: Bar[]
}
export interface Table {
  columns: string[]
  rows: string[][]
}
export interface ReportView {
  key: 'income-by-month' | 'income-by-product' | 'aging' | 'churn' | 'tax'
  title: string
  description: string
  /** the query string for the CSV download (GET /admin/api/pages/reports?download=<key>&…) */
  csv: string
  charts: Chart[]
  table: Table
}
export interface ReportsData {
  from: string
  to: string
  asOf: string
  reports: ReportView[]
}

export interface BusinessFigures {
  asOf: string
  revenue: { currency: string; today: string; month: string; year: string }[]
  mrr: { currency: string; amount: string }[]
  activeClients: number
  activeServices: number
  unpaid: { currency: string; count: number; amount: string }[]
  overdue: { currency: string; count: number; amount: string }[]
  lastRun: {
    job: string
    runKey: string
    status: string
    startedAt: string
    finishedAt: string | null
    message: string | null
  } | null
  chart: Chart[]
}

type Fmt = (amount: bigint, currency: string) => string

async function formatter(db: Db): Promise<Fmt> {
  const currencies = await db.currency.findMany({ select: { code: true, exponent: true } })
  const exponents = new Map(currencies.map((c) => [c.code.trim(), c.exponent]))
  return (amount, currency) => formatMoney(amount, currency, exponents.get(currency) ?? 2)
}

/** Bars for values (negative values draw as empty bars; their label still shows the amount). */
function bars(items: { label: string; amount: bigint; value: string }[]): Bar[] {
  const max = items.reduce((m, i) => (i.amount > m ? i.amount : m), 0n)
  return items.map((i) => ({
    label: i.label,
    value: i.value,
    height: max > 0n && i.amount > 0n ? Number((i.amount * 1000n) / max) : 0,
  }))
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r])
  return out
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

export async function businessFigures(ctx: Ctx & { db: Db }): Promise<BusinessFigures> {
  const fmt = await formatter(ctx.db)
  const d = await getBusinessDashboard(ctx)
  return {
    asOf: isoDay(d.asOf),
    revenue: d.revenue.map((r) => ({
      currency: r.currency,
      today: fmt(r.today, r.currency),
      month: fmt(r.month, r.currency),
      year: fmt(r.year, r.currency),
    })),
    mrr: d.mrr.map((r) => ({ currency: r.currency, amount: fmt(r.amount, r.currency) })),
    activeClients: d.activeClients,
    activeServices: d.activeServices,
    unpaid: d.unpaid.map((r) => ({ ...r, amount: fmt(r.amount, r.currency) })),
    overdue: d.overdue.map((r) => ({ ...r, amount: fmt(r.amount, r.currency) })),
    lastRun: d.lastRun
      ? {
          ...d.lastRun,
          startedAt: d.lastRun.startedAt.toISOString(),
          finishedAt: d.lastRun.finishedAt?.toISOString() ?? null,
        }
      : null,
    chart: [...groupBy(d.chart, (r) => r.currency)].map(([currency, rows]) => ({
      title: `Revenue per month, net of refunds (${currency})`,
      bars: bars(rows.map((r) => ({ label: r.month, amount: r.net, value: fmt(r.net, currency) }))),
    })),
  }
}

/** The five reports for a range (default: the last 12 months to today) and an aging date (default today). */
export async function buildReports(
  ctx: Ctx & { db: Db },
  query: Record<string, unknown>,
): Promise<ReportsData> {
  const today = todayUtc()
  const to = text(query.to) || isoDay(today)
  const from =
    text(query.from) || isoDay(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1)))
  const asOf = text(query.asOf) || isoDay(today)
  const range = { from, to }
  const fmt = await formatter(ctx.db)
  const [months, products, aging, churn, tax] = await Promise.all([
    incomeByMonth(ctx, range),
    incomeByProduct(ctx, range),
    agingOfReceivables(ctx, { asOf }),
    churnByMonth(ctx, range),
    taxCollected(ctx, range),
  ])
  const qs = (key: string, params: Record<string, string>) =>
    new URLSearchParams({ download: key, ...params }).toString()
  return {
    from,
    to,
    asOf,
    reports: [
      {
        key: 'income-by-month',
        title: 'Income by month',
        description: 'Payments received less refunds, per currency (account credit not counted twice).',
        csv: qs('income-by-month', range),
        charts: [...groupBy(months, (r) => r.currency)].map(([currency, rows]) => ({
          title: `Net income (${currency})`,
          bars: bars(rows.map((r) => ({ label: r.month, amount: r.net, value: fmt(r.net, currency) }))),
        })),
        table: {
          columns: ['Month', 'Currency', 'Payments', 'Refunds', 'Net'],
          rows: months.map((r) => [
            r.month,
            r.currency,
            fmt(r.payments, r.currency),
            fmt(r.refunds, r.currency),
            fmt(r.net, r.currency),
          ]),
        },
      },
      {
        key: 'income-by-product',
        title: 'Income by product',
        description: 'Lines of invoices paid in the range, before tax.',
        csv: qs('income-by-product', range),
        charts: [...groupBy(products, (r) => r.currency)].map(([currency, rows]) => ({
          title: `Invoiced (${currency})`,
          bars: bars(
            rows.map((r) => ({ label: r.productName, amount: r.amount, value: fmt(r.amount, currency) })),
          ),
        })),
        table: {
          columns: ['Product', 'Currency', 'Lines', 'Amount'],
          rows: products.map((r) => [r.productName, r.currency, String(r.lines), fmt(r.amount, r.currency)]),
        },
      },
      {
        key: 'aging',
        title: `Aging of receivables as of ${asOf}`,
        description: 'Unpaid invoices by days past due (current balances).',
        csv: qs('aging', { asOf }),
        charts: aging.map((r) => ({
          title: `Owed (${r.currency})`,
          bars: bars(
            AGING_BUCKETS.map((b) => ({
              label: agingLabel(b),
              amount: r.buckets[b].amount,
              value: fmt(r.buckets[b].amount, r.currency),
            })),
          ),
        })),
        table: {
          columns: ['Currency', ...AGING_BUCKETS.map(agingLabel), 'Total'],
          rows: aging.map((r) => [
            r.currency,
            ...AGING_BUCKETS.map((b) => `${fmt(r.buckets[b].amount, r.currency)} (${r.buckets[b].count})`),
            `${fmt(r.total.amount, r.currency)} (${r.total.count})`,
          ]),
        },
      },
      {
        key: 'churn',
        title: 'Churn by month',
        description: 'Services terminated or cancelled, against those live at the month start.',
        csv: qs('churn', range),
        charts: [
          {
            title: 'Services churned',
            bars: bars(
              churn.map((r) => ({ label: r.month, amount: BigInt(r.churned), value: String(r.churned) })),
            ),
          },
        ],
        table: {
          columns: ['Month', 'Live at start', 'Churned', 'Rate'],
          rows: churn.map((r) => [
            r.month,
            String(r.activeAtStart),
            String(r.churned),
            r.rateBasisPoints === null ? '' : `${(r.rateBasisPoints / 100).toFixed(2)} %`,
          ]),
        },
      },
      {
        key: 'tax',
        title: 'Tax collected',
        description: 'Tax on invoices paid in the range, by buyer country and rate.',
        csv: qs('tax', range),
        charts: [...groupBy(tax, (r) => r.currency)].map(([currency, rows]) => ({
          title: `Tax (${currency})`,
          bars: bars(
            rows.map((r) => ({
              label: `${r.country} ${r.taxName} ${r.rate / 10_000} %`,
              amount: r.tax,
              value: fmt(r.tax, currency),
            })),
          ),
        })),
        table: {
          columns: ['Currency', 'Country', 'Tax', 'Rate', 'Invoices', 'Taxable base', 'Tax'],
          rows: tax.map((r) => [
            r.currency,
            r.country,
            r.taxName,
            `${r.rate / 10_000} %`,
            String(r.invoices),
            fmt(r.base, r.currency),
            fmt(r.tax, r.currency),
          ]),
        },
      },
    ],
  }
}

/** GET /admin/api/pages/reports?from=&to=&asOf= : the page gate has checked billing.view; core checks it again. */
export function reportsHandler(db: Db) {
  return async (request: { query?: Record<string, unknown> }): Promise<PageAnswer<ReportsData>> => {
    const ctx = { ...ctxFor(db, request), db }
    try {
      return { ok: true, data: await buildReports(ctx, request.query ?? {}) }
    } catch (error) {
      return failedAnswer(error)
    }
  }
}
