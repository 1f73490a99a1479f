import { describe, expect, it } from 'vitest'
import { TEMPLATES } from './registry'
import { render } from './render'

const BILLING = [
  'invoice-created',
  'payment-receipt',
  'payment-failed',
  'refund-issued',
  'credit-added',
] as const
const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('billing email templates', () => {
  it.each(BILLING)('%s renders its example with HTML and a plain-text part', async (name) => {
    const props = TEMPLATES[name].example as Record<string, unknown>
    const r = await render(name, props, brand)
    expect(r.subject.length).toBeGreaterThan(5)
    expect(r.html).toContain('<html')
    expect(r.text).not.toContain('<')
    expect(r.text).toContain('Ada')
    for (const key of ['amount', 'total'] as const) {
      if (typeof props[key] === 'string') expect(r.text).toContain(props[key])
    }
  })

  it('refuses props that do not fit the schema', async () => {
    await expect(render('payment-receipt', { firstName: 'Ada' }, brand)).rejects.toThrow(/invalid/)
  })

  it('the receipt mentions credit only when some was added', async () => {
    const base = TEMPLATES['payment-receipt'].example
    const without = await render('payment-receipt', base, brand)
    const withCredit = await render('payment-receipt', { ...base, creditAdded: '$5.00' }, brand)
    expect(without.text).not.toContain('account credit')
    expect(withCredit.text).toContain('$5.00 was added to your account credit')
  })
})
