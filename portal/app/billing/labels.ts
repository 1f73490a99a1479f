// Words and badge colours for billing states. Shared by server and browser code: no imports.

export type InvoiceDisplayStatusName =
  'DRAFT' | 'UNPAID' | 'PARTIALLY_PAID' | 'OVERDUE' | 'PAID' | 'CANCELLED' | 'REFUNDED' | 'COLLECTIONS'

const INVOICE_STATUS: Record<InvoiceDisplayStatusName, { label: string; tone: string }> = {
  DRAFT: { label: 'Draft', tone: 'muted' },
  UNPAID: { label: 'Unpaid', tone: 'warn' },
  PARTIALLY_PAID: { label: 'Partially paid', tone: 'info' },
  OVERDUE: { label: 'Overdue', tone: 'danger' },
  PAID: { label: 'Paid', tone: 'ok' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  REFUNDED: { label: 'Refunded', tone: 'muted' },
  COLLECTIONS: { label: 'Overdue', tone: 'danger' },
}

export function invoiceStatus(status: string): { label: string; tone: string } {
  return INVOICE_STATUS[status as InvoiceDisplayStatusName] ?? { label: status.toLowerCase(), tone: 'muted' }
}

export const TRANSACTION_TYPE: Record<string, string> = {
  PAYMENT: 'Payment',
  REFUND: 'Refund',
  CHARGEBACK: 'Chargeback',
  CHARGEBACK_REVERSAL: 'Chargeback reversed',
}

export const TRANSACTION_STATUS: Record<string, { label: string; tone: string }> = {
  SUCCEEDED: { label: 'Completed', tone: 'ok' },
  PENDING: { label: 'Pending', tone: 'warn' },
  FAILED: { label: 'Failed', tone: 'danger' },
}

export const CREDIT_KIND: Record<string, string> = {
  ADD_FUNDS: 'Funds added',
  OVERPAYMENT: 'Overpayment',
  ADJUSTMENT: 'Adjustment',
  APPLIED_TO_INVOICE: 'Applied to an invoice',
  REFUND_TO_CREDIT: 'Refund to credit',
  REVERSAL: 'Reversal',
}

/** The invoice list's filters, as the client chooses them. */
export const INVOICE_FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'unpaid', label: 'Unpaid' },
  { value: 'paid', label: 'Paid' },
] as const
export type InvoiceFilter = (typeof INVOICE_FILTERS)[number]['value']
