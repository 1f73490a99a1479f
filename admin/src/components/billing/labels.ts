/** Wording and colours of billing statuses and kinds, shared by the billing components. */
export type BadgeVariant = 'success' | 'danger' | 'info' | 'secondary' | 'primary' | 'default'

const VARIANTS: Record<string, BadgeVariant> = {
  // invoices (display status)
  DRAFT: 'secondary',
  UNPAID: 'info',
  PARTIALLY_PAID: 'primary',
  OVERDUE: 'danger',
  PAID: 'success',
  CANCELLED: 'secondary',
  REFUNDED: 'default',
  COLLECTIONS: 'danger',
  // transactions
  PAYMENT: 'success',
  REFUND: 'default',
  CHARGEBACK: 'danger',
  CHARGEBACK_REVERSAL: 'info',
  SUCCEEDED: 'success',
  PENDING: 'info',
  FAILED: 'danger',
  // credit entries
  ADD_FUNDS: 'success',
  OVERPAYMENT: 'info',
  ADJUSTMENT: 'primary',
  APPLIED_TO_INVOICE: 'default',
  REFUND_TO_CREDIT: 'info',
  REVERSAL: 'danger',
  // disputes and webhooks
  OPEN: 'danger',
  UNDER_REVIEW: 'info',
  WON: 'success',
  LOST: 'danger',
  RECEIVED: 'info',
  PROCESSED: 'success',
  IGNORED: 'secondary',
  REJECTED: 'danger',
}

const WORDS: Record<string, string> = {
  PARTIALLY_PAID: 'Partially paid',
  CHARGEBACK_REVERSAL: 'Chargeback reversed',
  APPLIED_TO_INVOICE: 'Applied to invoice',
  REFUND_TO_CREDIT: 'Refund to credit',
}

export function statusLabel(value: string): string {
  return WORDS[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ')
}

export function statusVariant(value: string): BadgeVariant {
  return VARIANTS[value] ?? 'default'
}
