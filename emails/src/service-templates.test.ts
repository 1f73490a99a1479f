import { describe, expect, it } from 'vitest'
import { redactProps, TEMPLATES } from './registry'
import { render } from './render'

const SERVICES = [
  'welcome',
  'service-suspended',
  'service-unsuspended',
  'service-terminated',
  'order-confirmation',
  'cancellation-requested',
  'cancellation-approved',
  'cancellation-rejected',
] as const
const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('service and order email templates', () => {
  it.each(SERVICES)('%s renders its example with HTML and a plain-text part', async (name) => {
    const r = await render(name, TEMPLATES[name].example as Record<string, unknown>, brand)
    expect(r.subject.length).toBeGreaterThan(5)
    expect(r.html).toContain('<html')
    expect(r.text).toContain('Ada')
  })

  it('the welcome email carries the login details, and the log keeps the password redacted', async () => {
    const example = TEMPLATES.welcome.example
    const r = await render('welcome', example, brand)
    expect(r.text).toContain('ada42')
    expect(r.text).toContain(example.password)
    const logged = await render('welcome', redactProps('welcome', example), brand)
    expect(logged.text).not.toContain(example.password)
  })

  it('the cancellation decisions say when the service ends, or why it carries on', async () => {
    const approved = await render('cancellation-approved', TEMPLATES['cancellation-approved'].example, brand)
    expect(approved.text).toContain('Dec 24, 2026')
    const rejected = await render('cancellation-rejected', TEMPLATES['cancellation-rejected'].example, brand)
    expect(rejected.text).toContain('twelve months')
  })

  it('the order confirmation lists every item and the total', async () => {
    const r = await render('order-confirmation', TEMPLATES['order-confirmation'].example, brand)
    expect(r.text).toContain('Daily backups')
    expect(r.text).toContain('$28.00')
  })
})
