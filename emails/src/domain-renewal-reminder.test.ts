import { describe, expect, it } from 'vitest'
import { TEMPLATES } from './registry'
import { render } from './render'

const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('domain-renewal-reminder', () => {
  it('before expiry: the date, the days left and what auto-renew will do', async () => {
    const example = TEMPLATES['domain-renewal-reminder'].example
    const on = await render('domain-renewal-reminder', example, brand)
    expect(on.subject).toBe('example.com expires on Dec 18, 2026')
    expect(on.text).toContain('in 14 day(s)')
    expect(on.text).toContain('Auto-renew is on')
    expect(on.html).toContain(example.domainUrl)
    const off = await render('domain-renewal-reminder', { ...example, isAutoRenew: false }, brand)
    expect(off.text).toContain('Auto-renew is off')
  })

  it('after expiry: says it expired and what is at stake', async () => {
    const r = await render(
      'domain-renewal-reminder',
      { ...TEMPLATES['domain-renewal-reminder'].example, isExpired: true, days: 5 },
      brand,
    )
    expect(r.subject).toBe('example.com expired on Dec 18, 2026: renew it before it is lost')
    expect(r.text).toContain('5 day(s) ago')
    expect(r.text).toContain('redemption fee')
    expect(r.text).not.toContain('Auto-renew is')
  })
})
