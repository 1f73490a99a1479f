import type { BaseRecord, Filter } from 'adminjs'
import { formatMoney, payableStatusFilter, todayUtc } from '@berth/core'
import type { Db } from '@berth/prisma'
import { BerthResource, type BerthResourceConfig } from '../adapter/berth-resource'

/**
 * Money on billing resources: the adapter turns BigInt columns into strings of minor units; these
 * virtuals add the formatted amount beside each (`formatted.total` = "$1,234.56"), from the row's
 * currency and exponent (never a float). components/billing/money-value.tsx shows them; sorting
 * and filtering still use the real column.
 */
export const CURRENCY_INCLUDE = { currency: { select: { code: true, exponent: true } } } as const

type MoneyRow = Record<string, unknown> & {
  currency?: { code: string; exponent: number } | null
  currencyCode?: string
}

export function formattedMoney(
  row: Record<string, unknown>,
  keys: readonly string[],
): { formatted: Record<string, string | null> } {
  const r = row as MoneyRow
  const code = r.currency?.code ?? r.currencyCode
  const exponent = r.currency?.exponent
  const formatted: Record<string, string | null> = {}
  for (const key of keys) {
    const value = row[key]
    if (value === null || value === undefined || !code || exponent === undefined) {
      formatted[key] = null
      continue
    }
    formatted[key] = formatMoney(typeof value === 'bigint' ? value : BigInt(String(value)), code, exponent)
  }
  return { formatted }
}

const insensitive = (value: string) => ({ contains: value, mode: 'insensitive' })

/** The client search (company, owner name or email) on a billing row's `client` relation. */
export const clientNameFilter = (value: string) => ({
  client: {
    OR: [
      { companyName: insensitive(value) },
      {
        users: {
          some: {
            OR: [
              { email: insensitive(value) },
              { lastName: insensitive(value) },
              { firstName: insensitive(value) },
            ],
          },
        },
      },
    ],
  },
})

/** Invoice display statuses (docs: partially paid and overdue are read from balance and due date). */
export const INVOICE_STATUS_FILTERS = [
  { value: 'UNPAID', label: 'Unpaid (overdue included)' },
  { value: 'OVERDUE', label: 'Overdue' },
  { value: 'PARTIALLY_PAID', label: 'Partially paid' },
  { value: 'PAID', label: 'Paid' },
  { value: 'DRAFT', label: 'Draft' },
  { value: 'CANCELLED', label: 'Cancelled' },
  { value: 'REFUNDED', label: 'Refunded' },
  { value: 'COLLECTIONS', label: 'Collections' },
] as const

/** Where clause of an invoice status filter; unknown values match nothing. */
export function invoiceStatusWhere(value: string): Record<string, unknown> {
  const payable = payableStatusFilter()
  switch (value) {
    case 'UNPAID':
      return { status: payable }
    case 'OVERDUE':
      return { status: payable, dueDate: { lt: todayUtc() }, balance: { gt: 0n } }
    case 'PARTIALLY_PAID':
      return { status: payable, amountPaid: { gt: 0n }, balance: { gt: 0n } }
    case 'PAID':
    case 'DRAFT':
    case 'CANCELLED':
    case 'REFUNDED':
    case 'COLLECTIONS':
      return { status: value }
    default:
      return { id: { in: [] } }
  }
}

/** Gateways a transaction can name: the adapters plus manual and credit. */
export function gatewayChoices(
  adapters: Record<string, { displayName: string }>,
): { value: string; label: string }[] {
  return [
    ...Object.entries(adapters).map(([id, g]) => ({ value: id, label: g.displayName })),
    { value: 'manual', label: 'Manual payment' },
    { value: 'credit', label: 'Account credit' },
  ]
}

/** A date-only column (Prisma returns midnight UTC) as YYYY-MM-DD, never shifted by the viewer's time zone. */
export function dateOnly(value: unknown): string | null {
  if (!(value instanceof Date)) return null
  return value.toISOString().slice(0, 10)
}

/**
 * The date a person picked in AdminJS's date filter: the picker sends the local midnight of that
 * day as an ISO instant (2026-10-31T22:00:00Z for 1 November in UTC+2). The nearest UTC midnight
 * is that calendar day for every time zone within ±12 hours.
 */
export function pickedDay(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null
  const t = Date.parse(value)
  if (Number.isNaN(t)) return null
  return new Date(Math.round(t / 86_400_000) * 86_400_000).toISOString().slice(0, 10)
}

/**
 * A read-only resource whose date range filters mean whole calendar days (UTC), inclusive at both
 * ends, the way core's transaction filters and the CSV export read them: "to 30 November" takes
 * the whole of the 30th. Other filters are the adapter's.
 */
export class DayRangeResource extends BerthResource {
  constructor(
    db: Db,
    config: BerthResourceConfig,
    private readonly dayPaths: readonly string[],
  ) {
    super(db, config)
  }

  /** A copy of the filter with day bounds (AdminJS hands count and find the same object). */
  private days(filter: Filter): Filter {
    if (!filter?.filters) return filter
    const filters = { ...filter.filters }
    for (const path of this.dayPaths) {
      const f = filters[path]
      if (!f || typeof f.value !== 'object' || f.value === null) continue
      const range = f.value as { from?: string; to?: string }
      const from = pickedDay(range.from)
      const to = pickedDay(range.to)
      // The adapter ignores an empty end of the range.
      filters[path] = {
        ...f,
        value: { from: from ? `${from}T00:00:00.000Z` : '', to: to ? `${to}T23:59:59.999Z` : '' },
      }
    }
    return Object.assign(Object.create(Object.getPrototypeOf(filter) as object) as Filter, filter, {
      filters,
    })
  }

  override async count(filter: Filter): Promise<number> {
    return super.count(this.days(filter))
  }

  override async find(filter: Filter, params?: Parameters<BerthResource['find']>[1]): Promise<BaseRecord[]> {
    return super.find(this.days(filter), params)
  }
}
