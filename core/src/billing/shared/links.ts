import { portalLink } from '../../accounts'

export const invoiceLink = (invoiceId: string): string => portalLink(`invoices/${invoiceId}`)
export const billingLink = (): string => portalLink('billing/transactions')
