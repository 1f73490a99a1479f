import { GATEWAYS } from '../gateways/registry'

/** Gateways that are not adapters: money recorded by staff, and account credit. */
export const MANUAL_GATEWAY = 'manual'
export const CREDIT_GATEWAY = 'credit'

/** How a payment method is named to people (emails, PDFs, lists). */
export function paymentMethodLabel(gateway: string): string {
  if (gateway === MANUAL_GATEWAY) return 'Manual payment'
  if (gateway === CREDIT_GATEWAY) return 'Account credit'
  return Object.hasOwn(GATEWAYS, gateway) ? GATEWAYS[gateway]!.displayName : gateway
}
