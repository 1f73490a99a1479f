import { GatewayError } from '../payment-gateway'

/**
 * Stripe amounts are integers in the currency's smallest unit, which is the ISO 4217 minor unit
 * with two documented exceptions: ISK and UGX are zero-decimal currencies that Stripe's API still
 * takes "as if two-decimal" (a multiple of 100). Stripe caps amounts far below 2^53, so anything
 * that a JavaScript number cannot hold exactly is refused here rather than rounded.
 */
const STRIPE_EXTRA_DIGITS: Readonly<Record<string, bigint>> = { ISK: 100n, UGX: 100n }

const CURRENCY = /^[A-Z]{3}$/

export function toStripeCurrency(currency: string): string {
  if (!CURRENCY.test(currency))
    throw new GatewayError(`"${currency}" is not an ISO 4217 currency code.`, 'invalid_currency')
  return currency.toLowerCase()
}

export function fromStripeCurrency(currency: string): string {
  const upper = currency.toUpperCase()
  if (!CURRENCY.test(upper))
    throw new GatewayError(`Stripe sent an unexpected currency "${currency}".`, 'invalid_currency')
  return upper
}

/** Our minor units (bigint) → the integer Stripe expects. */
export function toStripeAmount(amount: bigint, currency: string): number {
  if (amount <= 0n) throw new GatewayError('The amount must be greater than zero.', 'invalid_amount')
  const units = amount * (STRIPE_EXTRA_DIGITS[currency.toUpperCase()] ?? 1n)
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new GatewayError(
      `${amount} ${currency.toUpperCase()} is more than Stripe can take in one payment.`,
      'amount_too_large',
    )
  }
  return Number(units)
}

/** An integer amount from Stripe → our minor units. */
export function fromStripeAmount(amount: number, currency: string): bigint {
  if (!Number.isSafeInteger(amount))
    throw new GatewayError(`Stripe sent an amount that is not an integer (${amount}).`, 'invalid_amount')
  const factor = STRIPE_EXTRA_DIGITS[currency.toUpperCase()] ?? 1n
  const units = BigInt(amount)
  if (units % factor !== 0n) {
    throw new GatewayError(
      `Stripe sent ${amount} ${currency.toUpperCase()}, which is not a whole amount in that currency.`,
      'invalid_amount',
    )
  }
  return units / factor
}
