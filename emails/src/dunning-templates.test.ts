import { describe, expect, it } from 'vitest'
import { TEMPLATES } from './registry'
import { render } from './render'

const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('dunning email templates', () => {
  it.each(['payment-reminder', 'overdue-notice', 'late-fee-added'] as const)(
    '%s renders its example with HTML and a plain-text part',
    async (name) => {
      const r = await render(name, TEMPLATES[name].example as Record<string, unknown>, brand)
      expect(r.subject).toContain('INV-2026-00042')
      expect(r.html).toContain('<html')
      expect(r.text).toContain('Ada')
      expect(r.text).toContain('$')
    },
  )

  it('the overdue notice says which notice it is, the last one says final, and names the suspension date', async () => {
    const example = TEMPLATES['overdue-notice'].example
    const second = await render('overdue-notice', { ...example, noticeNumber: 2 }, brand)
    expect(second.subject).toBe('Overdue notice 2: invoice INV-2026-00042 is overdue')
    expect(second.text).toContain('Dec 15, 2026')
    const final = await render(
      'overdue-notice',
      { ...example, noticeNumber: 3, isFinal: true, suspensionDate: '' },
      brand,
    )
    expect(final.subject).toMatch(/^Final notice/)
    expect(final.text).not.toContain('suspended on')
  })

  it('the late fee email shows the fee and the new balance', async () => {
    const r = await render('late-fee-added', TEMPLATES['late-fee-added'].example, brand)
    expect(r.text).toContain('$12.00')
    expect(r.text).toContain('$132.00')
  })
})
