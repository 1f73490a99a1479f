import { beforeAll, describe, expect, it } from 'vitest'
import { callRegistrar, systemCtx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { uid } from '@berth/tests/support/catalog-factories'
import { follow, loggedInClient, portalPath } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, type Page } from '../../test/visitor'

/**
 * The client's domains over HTTP: /domains and /domains/:id against the sandbox registrar. Every
 * form (nameservers, DNS records, lock, auto-renew, EPP code, contact, renewal) refuses bad input
 * with the message beside its field and changes nothing; another client's domain is the 404 page.
 */
const portal = usePortalServer()
const db = getDb()
const system = systemCtx(db, 'test')
const TLD = `pm${uid()}`
const contact = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.test',
  phone: '+44.2079460000',
  address1: '1 Analytical Row',
  city: 'London',
  postcode: 'N1 1AA',
  country: 'GB',
}

beforeAll(async () => {
  const tld = await db.tld.create({
    data: { name: TLD, registrar: 'sandbox', dnsManagement: true, idProtection: true },
  })
  await db.tldPrice.createMany({
    data: [1, 2, 3].flatMap((years) =>
      (['REGISTER', 'RENEW'] as const).map((action) => ({
        tldId: tld.id,
        currencyCode: 'USD',
        action,
        years,
        amount: 1500n * BigInt(years),
      })),
    ),
  })
})

/** A logged-in client with an ACTIVE domain registered at the sandbox registry. */
async function clientWithDomain() {
  const a = await loggedInClient(portal)
  const name = `quay-${uid()}.${TLD}`
  await callRegistrar(system, {
    registrar: 'sandbox',
    action: 'register',
    name,
    params: { years: 1, nameservers: [], contact, idProtection: false },
  })
  const expiry = new Date(Date.now() + 200 * 86_400_000)
  expiry.setUTCHours(0, 0, 0, 0)
  const domain = await db.domain.create({
    data: {
      clientId: a.clientId,
      name,
      tld: TLD,
      registrar: 'sandbox',
      status: 'ACTIVE',
      registrationDate: new Date(),
      expiryDate: expiry,
      nextDueDate: expiry,
      currencyCode: 'USD',
      recurringAmount: 1500n,
      nameservers: ['ns1.sandbox.berth.test', 'ns2.sandbox.berth.test'],
    },
  })
  return { ...a, domain, path: `/domains/${domain.id}` }
}

async function state(domainId: string) {
  const d = await db.domain.findUniqueOrThrow({ where: { id: domainId }, include: { dnsRecords: true } })
  const reg = await db.sandboxDomain.findUniqueOrThrow({ where: { name: d.name } })
  const { updatedAt: _a, ...domain } = d
  const { updatedAt: _b, ...registry } = reg
  return {
    domain,
    registry,
    audits: await db.auditEvent.count({ where: { targetId: domainId } }),
    emails: await db.emailLog.count({ where: { clientId: d.clientId } }),
    invoices: await db.invoice.count({ where: { clientId: d.clientId } }),
  }
}

function flash(page: Page): string {
  return alerts(page).join(' | ')
}

describe('/domains', () => {
  it('lists the client’s own domains, shows one, and answers 404 for another client’s', async () => {
    const a = await clientWithDomain()
    const b = await clientWithDomain()
    const list = await a.visitor.get('/domains')
    expect(list.status).toBe(200)
    expect(list.$('nav[aria-label="Main"] a.active').text()).toBe('Domains')
    const rows = list
      .$('tbody tr')
      .map((_, tr) =>
        list
          .$(tr)
          .children()
          .map((__, c) => list.$(c).text().trim())
          .get()
          .join(' | '),
      )
      .get()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatch(
      new RegExp(`^${a.domain.name} \\| Active \\| \\w{3} \\d+, \\d{4} \\| On \\| Locked$`),
    )
    expect(list.html).not.toContain(b.domain.id)

    const page = await a.visitor.get(a.path)
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe(`${a.domain.name} Active`)
    for (const label of ['Type', 'Name', 'Value', 'TTL', 'Priority'])
      expect(page.$('#dns-form').next('form').find('label').text()).toContain(label)
    expect(field(page, 'ns', 'nameservers').label).toBe('Nameservers')

    const before = await state(b.domain.id)
    for (const path of [b.path, '/domains/not-a-uuid', '/domains/0191f3a0-0000-7000-8000-000000000000']) {
      const other = await a.visitor.get(path)
      expect(other.status, path).toBe(404)
      expect(other.$('h1').text()).toBe('Page not found')
    }
    await a.visitor.get(a.path)
    const posts: Record<string, string>[] = [
      { intent: 'nameservers', nameservers: 'ns1.evil.net\nns2.evil.net' },
      { intent: 'dns-add', type: 'A', name: '@', value: '192.0.2.66', ttl: '3600' },
      { intent: 'lock', isLocked: 'false' },
      { intent: 'epp' },
      { intent: 'renew', years: '1' },
    ]
    for (const fields of posts) {
      const post = await a.visitor.post(b.path, fields)
      expect(post.status, fields.intent).toBe(404)
    }
    expect(await state(b.domain.id)).toEqual(before)
  })
})

describe('/domains/:id forms', () => {
  it('nameservers: 14 refused beside the field, a glue-less inner host refused, a good list saved', async () => {
    const a = await clientWithDomain()
    await a.visitor.get(a.path)
    const before = await state(a.domain.id)
    const many = Array.from({ length: 14 }, (_, i) => `ns${i + 1}.dns-host.net`).join('\n')
    const tooMany = await a.visitor.post(a.path, { intent: 'nameservers', nameservers: many })
    expect(tooMany.status).toBe(422)
    expect(field(tooMany, 'ns', 'nameservers').error).toBe('Enter 2 to 13 nameservers (you gave 14).')
    const glueless = await a.visitor.post(a.path, {
      intent: 'nameservers',
      nameservers: `ns1.${a.domain.name}\nns2.dns-host.net`,
    })
    expect(glueless.status).toBe(422)
    expect(field(glueless, 'ns', 'nameservers').error).toMatch(/give its IP address/)
    expect(await state(a.domain.id)).toEqual(before)

    const saved = await a.visitor.post(a.path, {
      intent: 'nameservers',
      nameservers: `ns1.${a.domain.name}=192.0.2.53\r\nns2.dns-host.net\r\n`,
    })
    expect(saved.status).toBe(302)
    const page = await follow(a.visitor, saved)
    expect(flash(page)).toContain('nameservers')
    expect(page.$('#ns-nameservers').text()).toBe(`ns1.${a.domain.name}=192.0.2.53\nns2.dns-host.net`)
    const reg = await db.sandboxDomain.findUniqueOrThrow({ where: { name: a.domain.name } })
    expect(reg.nameservers).toEqual([`ns1.${a.domain.name}`, 'ns2.dns-host.net'])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: a.domain.id, action: 'domain.nameservers.update' },
    })
    expect(audit.actorType).toBe('CLIENT')
    expect(audit.ip).toBeTruthy()
  })

  it('DNS: bad A/AAAA and CNAME conflicts refused beside their field; add, edit and delete reach the registry', async () => {
    const a = await clientWithDomain()
    await a.visitor.get(a.path)
    const add = (r: Record<string, string>) =>
      a.visitor.post(a.path, { intent: 'dns-add', ttl: '3600', priority: '', ...r })
    const ok = await add({ type: 'A', name: 'www', value: '192.0.2.10' })
    expect(ok.status).toBe(302)
    const before = await state(a.domain.id)
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ type: 'A', name: '@', value: '192.0.2.300' }, 'value', /not an IPv4 address/],
      [{ type: 'AAAA', name: '@', value: '2001:db8::zz' }, 'value', /not an IPv6 address/],
      [{ type: 'CNAME', name: '@', value: 'host.example.net' }, 'name', /apex/],
      [{ type: 'CNAME', name: 'www', value: 'host.example.net' }, 'name', /only record/],
      [{ type: 'A', name: 'bad..name', value: '192.0.2.1' }, 'name', /empty part/],
      [{ type: 'A', name: 'x', value: '192.0.2.1', ttl: '10' }, 'ttl', /60 to 86400/],
      [{ type: 'MX', name: '@', value: 'mail.example.net' }, 'priority', /priority/],
    ]
    for (const [input, name, message] of cases) {
      const page = await add(input)
      expect(page.status, JSON.stringify(input)).toBe(422)
      expect(field(page, 'dns', name).error).toMatch(message)
      expect(field(page, 'dns', 'value').value).toBe(input.value)
    }
    expect(await state(a.domain.id)).toEqual(before)

    const record = await db.dnsRecord.findFirstOrThrow({ where: { domainId: a.domain.id } })
    const edit = await a.visitor.get(`${a.path}?edit=${record.id}`)
    expect(field(edit, 'dns', 'value').value).toBe('192.0.2.10')
    const changed = await a.visitor.post(`${a.path}?edit=${record.id}`, {
      intent: 'dns-update',
      recordId: record.id,
      type: 'A',
      name: 'www',
      value: '192.0.2.20',
      ttl: '600',
      priority: '',
    })
    expect(changed.status).toBe(302)
    expect((await db.sandboxDomain.findUniqueOrThrow({ where: { name: a.domain.name } })).dnsRecords).toEqual(
      [{ type: 'A', name: 'www', content: '192.0.2.20', ttl: 600, priority: null }],
    )
    const deleted = await a.visitor.post(a.path, { intent: 'dns-delete', recordId: record.id })
    expect(deleted.status).toBe(302)
    expect(await db.dnsRecord.count({ where: { domainId: a.domain.id } })).toBe(0)
    expect((await db.sandboxDomain.findUniqueOrThrow({ where: { name: a.domain.name } })).dnsRecords).toEqual(
      [],
    )
  })

  it('lock, EPP code (refused while locked, then emailed), auto-renew; without a CSRF token nothing happens', async () => {
    const a = await clientWithDomain()
    await a.visitor.get(a.path)
    const before = await state(a.domain.id)
    const noToken = await a.visitor.post(a.path, { intent: 'lock', isLocked: 'false' }, { csrf: null })
    expect(noToken.status).toBe(403)
    const locked = await a.visitor.post(a.path, { intent: 'epp' })
    expect(locked.status).toBe(409)
    expect(flash(locked)).toMatch(/unlock it first/)
    expect(await state(a.domain.id)).toEqual(before)

    const unlocked = await follow(
      a.visitor,
      await a.visitor.post(a.path, { intent: 'lock', isLocked: 'false' }),
    )
    expect(flash(unlocked)).toMatch(/is unlocked/)
    const epp = await follow(a.visitor, await a.visitor.post(a.path, { intent: 'epp' }))
    expect(flash(epp)).toContain(`on its way by email to ${a.email}`)
    const code = (await db.sandboxDomain.findUniqueOrThrow({ where: { name: a.domain.name } })).eppCode
    expect(epp.html).not.toContain(code)
    const email = await db.emailLog.findFirstOrThrow({
      where: { clientId: a.clientId, template: 'domain-epp-code' },
    })
    expect(email.props).toMatchObject({ eppCode: '[redacted]' })

    const off = await follow(
      a.visitor,
      await a.visitor.post(a.path, { intent: 'auto-renew', isAutoRenew: 'false' }),
    )
    expect(flash(off)).toMatch(/Auto-renew is off/)
    expect((await db.domain.findUniqueOrThrow({ where: { id: a.domain.id } })).isAutoRenew).toBe(false)
    const actions = (
      await db.auditEvent.findMany({ where: { targetId: a.domain.id }, orderBy: { createdAt: 'asc' } })
    ).map((e) => e.action)
    expect(actions).toEqual(['domain.lock.update', 'domain.epp_code.request', 'domain.auto_renew.update'])
  })

  it('WHOIS contact: read from the registrar on request, a bad phone refused beside its field, then saved', async () => {
    const a = await clientWithDomain()
    const page = await a.visitor.get(`${a.path}?contact=1`)
    expect(field(page, 'contact', 'firstName').value).toBe('Ada')
    expect(field(page, 'contact', 'country').value).toBe('GB')
    const values = { ...contact, companyName: '', intent: 'contact' }
    const bad = await a.visitor.post(`${a.path}?contact=1`, { ...values, phone: '020 7946 0000' })
    expect(bad.status).toBe(422)
    expect(field(bad, 'contact', 'phone').error).toMatch(/\+CC\.NUMBER/)
    expect(field(bad, 'contact', 'phone').value).toBe('020 7946 0000')
    const saved = await a.visitor.post(`${a.path}?contact=1`, { ...values, firstName: 'Grace' })
    expect(saved.status).toBe(302)
    const reg = await db.sandboxDomain.findUniqueOrThrow({ where: { name: a.domain.name } })
    expect(reg.contacts).toMatchObject({ registrant: { firstName: 'Grace' } })
  })

  it('renewal: years outside the TLD range refused, 2 years invoiced and shown', async () => {
    const a = await clientWithDomain()
    const page = await a.visitor.get(a.path)
    expect(
      page
        .$('#renew-years option')
        .map((_, o) => page.$(o).text())
        .get(),
    ).toEqual(['1 year · $15.00', '2 years · $30.00', '3 years · $45.00'])
    const before = await state(a.domain.id)
    const bad = await a.visitor.post(a.path, { intent: 'renew', years: '11' })
    expect(bad.status).toBe(422)
    expect(field(bad, 'renew', 'years').error).toBeTruthy()
    expect(await state(a.domain.id)).toEqual(before)
    const renewed = await a.visitor.post(a.path, { intent: 'renew', years: '2' })
    expect(renewed.status).toBe(302)
    const target = portalPath(renewed.location)
    expect(target).toMatch(/^\/invoices\/[0-9a-f-]{36}$/)
    const item = await db.invoiceItem.findFirstOrThrow({ where: { domainId: a.domain.id, type: 'DOMAIN' } })
    expect(item.amount).toBe(3000n)
  })
})
