import { afterEach, describe, expect, it } from 'vitest'
import { GatewayError } from '../payment-gateway'
import { stripeApiOverride } from './client'

describe('BERTH_STRIPE_API_BASE', () => {
  afterEach(() => {
    delete process.env.BERTH_STRIPE_API_BASE
  })

  it('is not used unless set: stripe-node keeps api.stripe.com', () => {
    delete process.env.BERTH_STRIPE_API_BASE
    expect(stripeApiOverride()).toBeUndefined()
  })

  it.each([
    ['http://127.0.0.1:4242', { protocol: 'http', host: '127.0.0.1', port: 4242 }],
    ['https://stripe-mock.internal', { protocol: 'https', host: 'stripe-mock.internal', port: 443 }],
    ['http://localhost', { protocol: 'http', host: 'localhost', port: 80 }],
  ])('%s → %o', (value, expected) => {
    process.env.BERTH_STRIPE_API_BASE = value
    expect(stripeApiOverride()).toEqual(expected)
  })

  it('refuses something that is not an http(s) URL', () => {
    process.env.BERTH_STRIPE_API_BASE = 'not a url'
    expect(() => stripeApiOverride()).toThrow(GatewayError)
    process.env.BERTH_STRIPE_API_BASE = 'ftp://127.0.0.1'
    expect(() => stripeApiOverride()).toThrow(GatewayError)
  })
})
