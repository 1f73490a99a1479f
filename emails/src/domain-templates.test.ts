import { describe, expect, it } from 'vitest'
import { redactProps, REDACTED, TEMPLATES } from './registry'
import { render } from './render'

const brand = { companyName: 'Berth Hosting', portalUrl: 'http://localhost:3000' }

describe('domain email templates', () => {
  it('domain-epp-code carries the code and who asked, and the log keeps the code redacted', async () => {
    const example = TEMPLATES['domain-epp-code'].example
    const r = await render('domain-epp-code', example, brand)
    expect(r.subject).toBe('Transfer (EPP) code for example.com')
    expect(r.text).toContain(example.eppCode)
    expect(r.text).toContain('192.0.2.10')
    expect(r.html).toContain('/domains/')
    const logged = redactProps('domain-epp-code', example)
    expect(logged.eppCode).toBe(REDACTED)
    const loggedRender = await render('domain-epp-code', logged, brand)
    expect(loggedRender.text).not.toContain(example.eppCode)
  })

  it('domain-unlocked says who turned the lock off and from where, and how to lock it again', async () => {
    const r = await render('domain-unlocked', TEMPLATES['domain-unlocked'].example, brand)
    expect(r.subject).toBe('example.com is unlocked for transfer')
    expect(r.text).toContain('Ada Lovelace')
    expect(r.text).toContain('192.0.2.10')
    expect(r.text).toContain('Lock it again')
  })
})
