import type { PaymentGateway } from './payment-gateway'
import { stripeGateway } from './stripe'
import { paypalGateway } from './paypal'
import { testGateway } from './test'

/** Every payment gateway. Adding one = adding its folder and one line here. */
export const GATEWAYS: Record<string, PaymentGateway> = {
  [stripeGateway.id]: stripeGateway,
  [paypalGateway.id]: paypalGateway,
  [testGateway.id]: testGateway, // demo only: refused in production
}

export function findGateway(id: string): PaymentGateway | undefined {
  return Object.hasOwn(GATEWAYS, id) ? GATEWAYS[id] : undefined
}
