import { describe, expect, it } from 'vitest'
import { GatewayError } from '../payment-gateway'
import { fromStripeAmount, fromStripeCurrency, toStripeAmount, toStripeCurrency } from './amount'

describe('Stripe amounts', () => {
  it.each([
    // [our minor units, currency, Stripe integer]
    [1999n, 'USD', 1999],
    [1n, 'EUR', 1],
    [5000n, 'JPY', 5000], // zero-decimal: Stripe's unit is the yen
    [1_000_000n, 'IDR', 1_000_000],
    [12_340n, 'KWD', 12_340], // three decimals
    [500n, 'ISK', 50_000], // zero-decimal, but Stripe takes ISK "as if two-decimal"
    [7n, 'UGX', 700],
    [BigInt(Number.MAX_SAFE_INTEGER), 'USD', Number.MAX_SAFE_INTEGER],
  ])('%s %s ↔ %s', (ours, currency, stripe) => {
    expect(toStripeAmount(ours, currency)).toBe(stripe)
    expect(fromStripeAmount(stripe, currency)).toBe(ours)
  })

  it.each([
    [0n, 'USD', 'invalid_amount'],
    [-5n, 'USD', 'invalid_amount'],
    [2n ** 53n, 'USD', 'amount_too_large'],
    [2n ** 64n, 'JPY', 'amount_too_large'],
    [BigInt(Number.MAX_SAFE_INTEGER), 'ISK', 'amount_too_large'],
  ])('refuses %s %s (%s), never rounds', (ours, currency, code) => {
    expect(() => toStripeAmount(ours, currency)).toThrow(GatewayError)
    try {
      toStripeAmount(ours, currency)
    } catch (error) {
      expect((error as GatewayError).gatewayCode).toBe(code)
    }
  })

  it('refuses amounts from Stripe that are not whole in our units', () => {
    expect(() => fromStripeAmount(1.5, 'USD')).toThrow(GatewayError)
    expect(() => fromStripeAmount(150, 'ISK')).toThrow(GatewayError)
    expect(() => fromStripeAmount(2 ** 53, 'USD')).toThrow(GatewayError)
  })

  it('lower-cases currencies for Stripe and upper-cases them back', () => {
    expect(toStripeCurrency('USD')).toBe('usd')
    expect(fromStripeCurrency('jpy')).toBe('JPY')
    expect(() => toStripeCurrency('usd')).toThrow(GatewayError)
    expect(() => toStripeCurrency('US')).toThrow(GatewayError)
    expect(() => fromStripeCurrency('us1')).toThrow(GatewayError)
  })
})
