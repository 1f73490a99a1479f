import type {
  InvoiceKind,
  InvoiceStatus,
  Prisma,
  TaxMode,
  TransactionStatus,
  TransactionType,
} from '@berth/prisma'
import {
  displayStatus,
  isOverdue,
  isPartiallyPaid,
  todayUtc,
  type InvoiceDisplayStatus,
} from '../shared/invoice-status'
import { paymentMethodLabel } from '../shared/labels'
import { REVERSE_CHARGE_NOTE } from '../tax/resolve-tax-rates'

/**
 * What invoice loaders return: explicit shapes, never raw rows. Amounts are bigint minor units
 * beside `currency` (code, exponent, symbol); apps turn them into strings for JSON (toJsonSafe)
 * and format them with money.format.
 */
export interface CurrencyView {
  code: string
  exponent: number
  symbol: string
}

export interface InvoiceSummary {
  id: string
  number: string | null
  clientId: string
  clientName: string
  kind: InvoiceKind
  status: InvoiceStatus
  displayStatus: InvoiceDisplayStatus
  isOverdue: boolean
  isPartiallyPaid: boolean
  currency: CurrencyView
  issueDate: Date | null
  dueDate: Date
  subtotal: bigint
  taxTotal: bigint
  total: bigint
  amountPaid: bigint
  creditApplied: bigint
  balance: bigint
  publishedAt: Date | null
  paidAt: Date | null
  createdAt: Date
}

export interface InvoiceItemView {
  id: string
  type: string
  description: string
  quantity: number
  unitAmount: bigint
  amount: bigint
  isTaxable: boolean
  periodStart: Date | null
  periodEnd: Date | null
}

export interface InvoiceTaxLineView {
  name: string
  /** millionths */
  rate: number
  level: number
  base: bigint
  amount: bigint
}

export interface InvoiceTransactionView {
  id: string
  type: TransactionType
  status: TransactionStatus
  gateway: string
  method: string
  gatewayTransactionId: string
  amount: bigint
  fee: bigint
  refundOfId: string | null
  description: string | null
  createdAt: Date
}

export interface PartyDetails {
  name: string
  lines: string[]
  country: string
  taxId: string | null
  email: string | null
}

export interface InvoiceDetail extends InvoiceSummary {
  taxMode: TaxMode
  isReverseCharge: boolean
  /** printed on the invoice: the reverse-charge statement when it applies */
  taxNote: string | null
  notes: string | null
  /** staff only: null for a client */
  adminNotes: string | null
  seller: PartyDetails | null
  buyer: PartyDetails | null
  cancelledAt: Date | null
  items: InvoiceItemView[]
  taxLines: InvoiceTaxLineView[]
  transactions: InvoiceTransactionView[]
  /** sum of succeeded refunds, for display */
  refunded: bigint
}

export const invoiceSummarySelect = {
  id: true,
  number: true,
  clientId: true,
  kind: true,
  status: true,
  issueDate: true,
  dueDate: true,
  subtotal: true,
  taxTotal: true,
  total: true,
  amountPaid: true,
  creditApplied: true,
  balance: true,
  publishedAt: true,
  paidAt: true,
  createdAt: true,
  currency: { select: { code: true, exponent: true, symbol: true } },
  client: {
    select: {
      companyName: true,
      users: {
        where: { isOwner: true },
        select: { firstName: true, lastName: true },
        orderBy: { createdAt: 'asc' as const },
        take: 1,
      },
    },
  },
} satisfies Prisma.InvoiceSelect

export const invoiceDetailSelect = {
  ...invoiceSummarySelect,
  taxMode: true,
  isReverseCharge: true,
  notes: true,
  adminNotes: true,
  sellerDetails: true,
  buyerDetails: true,
  cancelledAt: true,
  items: {
    select: {
      id: true,
      type: true,
      description: true,
      quantity: true,
      unitAmount: true,
      amount: true,
      isTaxable: true,
      periodStart: true,
      periodEnd: true,
    },
    orderBy: { sortOrder: 'asc' as const },
  },
  taxLines: {
    select: { name: true, rate: true, level: true, base: true, amount: true },
    orderBy: [{ level: 'asc' as const }, { name: 'asc' as const }],
  },
  transactions: {
    select: {
      id: true,
      type: true,
      status: true,
      gateway: true,
      gatewayTransactionId: true,
      amount: true,
      fee: true,
      refundOfId: true,
      description: true,
      createdAt: true,
    },
    orderBy: { createdAt: 'asc' as const },
  },
} satisfies Prisma.InvoiceSelect

type SummaryRow = Prisma.InvoiceGetPayload<{ select: typeof invoiceSummarySelect }>
type DetailRow = Prisma.InvoiceGetPayload<{ select: typeof invoiceDetailSelect }>

export function clientDisplayName(client: {
  companyName: string | null
  users: { firstName: string; lastName: string }[]
}): string {
  const owner = client.users[0]
  const person = owner ? `${owner.firstName} ${owner.lastName}`.trim() : ''
  return client.companyName?.trim() || person || 'Client'
}

export function toInvoiceSummary(row: SummaryRow, today: Date = todayUtc()): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    clientId: row.clientId,
    clientName: clientDisplayName(row.client),
    kind: row.kind,
    status: row.status,
    displayStatus: displayStatus(row, today),
    isOverdue: isOverdue(row, today),
    isPartiallyPaid: isPartiallyPaid(row),
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    subtotal: row.subtotal,
    taxTotal: row.taxTotal,
    total: row.total,
    amountPaid: row.amountPaid,
    creditApplied: row.creditApplied,
    balance: row.balance,
    publishedAt: row.publishedAt,
    paidAt: row.paidAt,
    createdAt: row.createdAt,
  }
}

function party(value: Prisma.JsonValue | null): PartyDetails | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  return {
    name: String(v.name ?? ''),
    lines: Array.isArray(v.lines) ? v.lines.map(String) : [],
    country: String(v.country ?? ''),
    taxId: typeof v.taxId === 'string' && v.taxId ? v.taxId : null,
    email: typeof v.email === 'string' && v.email ? v.email : null,
  }
}

export function toInvoiceDetail(
  row: DetailRow,
  options: { isStaff: boolean },
  today: Date = todayUtc(),
): InvoiceDetail {
  const transactions = row.transactions.map((t) => ({ ...t, method: paymentMethodLabel(t.gateway) }))
  return {
    ...toInvoiceSummary(row, today),
    taxMode: row.taxMode,
    isReverseCharge: row.isReverseCharge,
    taxNote: row.isReverseCharge ? REVERSE_CHARGE_NOTE : null,
    notes: row.notes,
    adminNotes: options.isStaff ? row.adminNotes : null,
    seller: party(row.sellerDetails),
    buyer: party(row.buyerDetails),
    cancelledAt: row.cancelledAt,
    items: row.items,
    taxLines: row.taxLines,
    transactions,
    refunded: transactions
      .filter((t) => t.type === 'REFUND' && t.status !== 'FAILED')
      .reduce((a, t) => a + t.amount, 0n),
  }
}
