import { countryName, formatRate, type InvoiceDetail, type PartyDetails } from '@berth/core'
import { money } from './money'

/**
 * An invoice as the show page draws it (components/billing/invoice-show.tsx): every amount already
 * formatted in the invoice's currency, dates as text, nothing that needs BigInt in the browser.
 */
export interface InvoiceDetailJson {
  id: string
  number: string | null
  status: string
  displayStatus: string
  kind: string
  currency: string
  clientId: string
  clientName: string
  issueDate: string | null
  dueDate: string
  publishedAt: string | null
  paidAt: string | null
  cancelledAt: string | null
  taxMode: string
  isReverseCharge: boolean
  taxNote: string | null
  notes: string | null
  adminNotes: string | null
  seller: PartyDetails | null
  buyer: PartyDetails | null
  items: {
    id: string
    type: string
    description: string
    quantity: number
    unitAmount: string
    amount: string
    isTaxable: boolean
    period: string | null
  }[]
  taxLines: { name: string; rate: string; base: string; amount: string }[]
  totals: {
    subtotal: string
    taxTotal: string
    total: string
    amountPaid: string
    creditApplied: string
    refunded: string
    balance: string
    hasRefunds: boolean
    hasCredit: boolean
  }
  transactions: {
    id: string
    createdAt: string
    type: string
    status: string
    method: string
    reference: string
    amount: string
    fee: string | null
    refundOfId: string | null
    description: string | null
  }[]
}

/** The printed parties with the country's name rather than its code. */
function party(p: PartyDetails | null): PartyDetails | null {
  if (!p) return null
  const country = p.country ? countryName(p.country) : ''
  // An address that already ends with the country's name does not print it twice.
  return { ...p, country: p.lines.at(-1)?.trim().toLowerCase() === country.toLowerCase() ? '' : country }
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null)

export function invoiceDetailJson(inv: InvoiceDetail): InvoiceDetailJson {
  const m = (v: bigint) => money(v, inv.currency)
  return {
    id: inv.id,
    number: inv.number,
    status: inv.status,
    displayStatus: inv.displayStatus,
    kind: inv.kind,
    currency: inv.currency.code,
    clientId: inv.clientId,
    clientName: inv.clientName,
    issueDate: day(inv.issueDate),
    dueDate: day(inv.dueDate)!,
    publishedAt: inv.publishedAt?.toISOString() ?? null,
    paidAt: inv.paidAt?.toISOString() ?? null,
    cancelledAt: inv.cancelledAt?.toISOString() ?? null,
    taxMode: inv.taxMode,
    isReverseCharge: inv.isReverseCharge,
    taxNote: inv.taxNote,
    notes: inv.notes,
    adminNotes: inv.adminNotes,
    seller: party(inv.seller),
    buyer: party(inv.buyer),
    items: inv.items.map((i) => ({
      id: i.id,
      type: i.type,
      description: i.description,
      quantity: i.quantity,
      unitAmount: m(i.unitAmount),
      amount: m(i.amount),
      isTaxable: i.isTaxable,
      period: i.periodStart && i.periodEnd ? `${day(i.periodStart)} – ${day(i.periodEnd)}` : null,
    })),
    taxLines: inv.taxLines.map((t) => ({
      name: t.name,
      rate: formatRate(t.rate),
      base: m(t.base),
      amount: m(t.amount),
    })),
    totals: {
      subtotal: m(inv.subtotal),
      taxTotal: m(inv.taxTotal),
      total: m(inv.total),
      amountPaid: m(inv.amountPaid),
      creditApplied: m(inv.creditApplied),
      refunded: m(inv.refunded),
      balance: m(inv.balance),
      hasRefunds: inv.refunded > 0n,
      hasCredit: inv.creditApplied > 0n,
    },
    transactions: inv.transactions.map((t) => ({
      id: t.id,
      createdAt: t.createdAt.toISOString(),
      type: t.type,
      status: t.status,
      method: t.method,
      reference: t.gatewayTransactionId,
      amount: m(t.amount),
      fee: t.fee > 0n ? m(t.fee) : null,
      refundOfId: t.refundOfId,
      description: t.description,
    })),
  }
}

/** What is left to refund on each succeeded payment of an invoice (payments minus refunds and chargebacks, plus reversals). */
export function refundablePayments(
  inv: InvoiceDetail,
): { id: string; method: string; reference: string; paid: bigint; refundable: bigint; createdAt: Date }[] {
  return inv.transactions
    .filter((t) => t.type === 'PAYMENT' && t.status === 'SUCCEEDED')
    .map((p) => {
      const taken = inv.transactions
        .filter((t) => t.refundOfId === p.id && t.status !== 'FAILED')
        .reduce((a, t) => (t.type === 'CHARGEBACK_REVERSAL' ? a - t.amount : a + t.amount), 0n)
      const left = p.amount - taken
      return {
        id: p.id,
        method: p.method,
        reference: p.gatewayTransactionId,
        paid: p.amount,
        refundable: left > 0n ? left : 0n,
        createdAt: p.createdAt,
      }
    })
}
