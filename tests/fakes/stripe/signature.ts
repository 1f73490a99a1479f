import { createHmac } from 'node:crypto'

/**
 * The `Stripe-Signature` header exactly as Stripe computes it: `t=<unix seconds>,v1=<hex>` where
 * v1 is HMAC-SHA256 of `${t}.${payload}` keyed with the endpoint's signing secret (whsec_…, the
 * whole string is the key). stripe-node's `webhooks.generateTestHeaderString` gives the same.
 */
export function stripeSignatureHeader(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')
  return `t=${timestamp},v1=${v1}`
}
