import { describe, expect, it } from 'vitest'
import { TEMPLATES } from './registry'
import { render } from './render'

const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('client-side ticket email templates', () => {
  it('ticket-opened tells the client it arrived, and the staff copy who opened it', async () => {
    const example = TEMPLATES['ticket-opened'].example
    const client = await render('ticket-opened', example, brand)
    expect(client.subject).toBe('[Ticket #KQZ-482913] Mail not arriving')
    expect(client.text).toContain('We received your ticket')
    expect(client.text).toContain('no mail reaches')
    const staff = await render(
      'ticket-opened',
      { ...example, isStaffCopy: true, firstName: 'Support' },
      brand,
    )
    expect(staff.subject).toBe('[Ticket #KQZ-482913] New ticket: Mail not arriving')
    expect(staff.text).toContain('Ada Lovelace opened ticket')
  })

  it('ticket-client-reply carries the excerpt and the link', async () => {
    const r = await render('ticket-client-reply', TEMPLATES['ticket-client-reply'].example, brand)
    expect(r.text).toContain('Ada Lovelace replied to ticket')
    expect(r.text).toContain('Thanks, it works again.')
    expect(r.html).toContain('https://admin.example.com/admin/resources/Ticket/records/0191f3a0/show')
  })

  it('escapes markup in the subject, names and excerpt', async () => {
    const r = await render(
      'ticket-opened',
      {
        ...TEMPLATES['ticket-opened'].example,
        subject: '<script>alert(1)</script>',
        clientName: '<img src=x onerror=alert(1)>',
        excerpt: '<iframe src="https://evil"></iframe>',
        isStaffCopy: true,
      },
      brand,
    )
    expect(r.html).not.toMatch(/<script|<img src=x|<iframe/i)
    expect(r.html).toContain('&lt;script&gt;')
  })
})
