import { describe, expect, it } from 'vitest'
import { TEMPLATES } from './registry'
import { render } from './render'

const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('daily run email templates', () => {
  it('the termination warning names the service, the unpaid invoice, the amount and the termination date', async () => {
    const r = await render('termination-warning', TEMPLATES['termination-warning'].example, brand)
    expect(r.subject).toBe(
      'VPS 4 GB (example.com) will be terminated on Dec 15, 2026: invoice INV-2026-00042 is unpaid',
    )
    expect(r.html).toContain('<html')
    expect(r.text).toContain('Ada')
    expect(r.text).toContain('$120.00')
    expect(r.text).toContain('terminated on Dec 15, 2026')
    expect(r.text).toContain('https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000')
    const bare = await render(
      'termination-warning',
      { ...TEMPLATES['termination-warning'].example, domain: '' },
      brand,
    )
    expect(bare.subject).toMatch(/^VPS 4 GB will be terminated/)
  })

  it('the staff summary lists the counts, the amounts per currency and the failed items with their reasons', async () => {
    const r = await render('billing-run-summary', TEMPLATES['billing-run-summary'].example, brand)
    expect(r.subject).toBe('Billing run Dec 4, 2026: 3 invoice(s), 1 failed')
    expect(r.text).toContain('€30.00')
    expect(r.text).toContain('$240.00')
    expect(r.text).toContain('Services suspended: 1')
    expect(r.text).toContain('in USD: 2 invoice(s), $240.00')
    expect(r.text).toContain('renewal-invoices: the client in EUR')
    expect(r.text).toContain('the client in EUR has a service in USD')
    const clean = await render(
      'billing-run-summary',
      { ...TEMPLATES['billing-run-summary'].example, failureCount: 0, failures: [] },
      brand,
    )
    expect(clean.subject).toBe('Billing run Dec 4, 2026: 3 invoice(s)')
    expect(clean.text).not.toContain('Failed items')
  })
})
