import { formatMoney, todayUtc } from '@berth/core'

/**
 * Money on billing resources: the adapter turns BigInt columns into strings of minor units; these
 * virtuals add the formatted amount beside each (`formatted.total` = "$1,234.56"), from the row's
 * currency and exponent (never a float). components/billing/money-value.tsx shows them; sorting
 * and filtering still use the real column.
 */
export const CURRENCY_INCLUDE = { currency: { select: { code: true, exponent: true } } } as const

type MoneyRow = Record<string, unknown> & { currency?: { code: string; exponent: number } | null; currencyCode?: string }

export function formattedMoney(row: Record<string, unknown>, keys: readonly string[]): { formatted: Record<string, string | null> } {
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
      { users: { some: { OR: [{ email: insensitive(value) }, { lastName: insensitive(value) }, { firstName: insensitive(value) }] } } },
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
  const payable = { in: ['UNPAID', 'COLLECTIONS'] }
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
export function gatewayChoices(adapters: Record<string, { displayName: string }>): { value: string; label: string }[] {
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
