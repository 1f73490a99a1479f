import { afterEach, describe, expect, it } from 'vitest'
import { GatewayError, type GatewaySettings } from '../payment-gateway'
import { paypalApiBase, setting } from './client'

const settings = (isTestMode: boolean): GatewaySettings => ({
  isTestMode,
  secrets: { clientSecret: 's' },
  publicConfig: { clientId: 'id', webhookId: 'WH' },
})

describe('the PayPal API base', () => {
  afterEach(() => {
    delete process.env.BERTH_PAYPAL_API_BASE
  })

  it('is the sandbox in test mode and live otherwise, unless BERTH_PAYPAL_API_BASE is set', () => {
    delete process.env.BERTH_PAYPAL_API_BASE
    expect(paypalApiBase(settings(true))).toBe('https://api-m.sandbox.paypal.com')
    expect(paypalApiBase(settings(false))).toBe('https://api-m.paypal.com')
    process.env.BERTH_PAYPAL_API_BASE = 'http://127.0.0.1:4243/'
    expect(paypalApiBase(settings(true))).toBe('http://127.0.0.1:4243')
    expect(paypalApiBase(settings(false))).toBe('http://127.0.0.1:4243')
  })

  it('refuses an override that is not an http(s) URL', () => {
    process.env.BERTH_PAYPAL_API_BASE = 'paypal'
    expect(() => paypalApiBase(settings(true))).toThrow(GatewayError)
  })

  it('reads a setting from secrets or public config, ignoring blanks', () => {
    const s: GatewaySettings = {
      isTestMode: true,
      secrets: { clientSecret: ' x ' },
      publicConfig: { clientId: 'id', webhookId: '  ', other: 3 },
    }
    expect(setting(s, 'clientSecret')).toBe('x')
    expect(setting(s, 'clientId')).toBe('id')
    expect(setting(s, 'webhookId')).toBeUndefined()
    expect(setting(s, 'other')).toBeUndefined()
  })
})
