import { refusal } from '@berth/tests/support/refusals'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { uid } from '@berth/tests/support/catalog-factories'
import { systemCtx, type Ctx } from '../../shared'
import { callRegistrar } from '../registrars'
import {
  addDnsRecord,
  deleteDnsRecord,
  getClientDomain,
  getDomainContact,
  listClientDomains,
  requestEppCode,
  setAutoRenew,
  setDomainContact,
  setIdProtection,
  setNameservers,
  setRegistrarLock,
  updateDnsRecord,
} from '.'

const db = getDb()
const system = systemCtx(db, 'test')
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
// Our own TLDs on the sandbox: one with DNS and ID protection, one with neither.
const FULL = `h2${uid()}`
const BARE = `h2b${uid()}`

beforeAll(async () => {
  await db.tld.create({ data: { name: FULL, registrar: 'sandbox', dnsManagement: true, idProtection: true } })
  await db.tld.create({
    data: { name: BARE, registrar: 'sandbox', dnsManagement: false, idProtection: false },
  })
  const tld = await db.tld.findUniqueOrThrow({ where: { name: FULL } })
  await db.tldPrice.createMany({
    data: [1, 2, 3].map((years) => ({
      tldId: tld.id,
      currencyCode: 'USD',
      action: 'RENEW' as const,
      years,
      amount: 1500n * BigInt(years),
    })),
  })
})

/** A client with an ACTIVE domain registered at the sandbox registry. */
async function activeDomain(
  options: { tld?: string; register?: boolean; status?: 'ACTIVE' | 'PENDING' } = {},
) {
  const client = await makeClient()
  const name = `harbour-${uid()}.${options.tld ?? FULL}`
  if (options.register !== false)
    await callRegistrar(system, {
      registrar: 'sandbox',
      action: 'register',
      name,
      params: { years: 1, nameservers: [], contact, idProtection: false },
    })
  const domain = await db.domain.create({
    data: {
      clientId: client.clientId,
      name,
      tld: options.tld ?? FULL,
      registrar: 'sandbox',
      status: options.status ?? 'ACTIVE',
      expiryDate: new Date(Date.now() + 300 * 86_400_000),
      currencyCode: 'USD',
      recurringAmount: 1500n,
      nameservers: ['ns1.sandbox.berth.test', 'ns2.sandbox.berth.test'],
    },
  })
  return { client, domain, ctx: client.ctx }
}

/** Everything a refused request must leave alone: the domain, its zone, the registry, the trails. */
async function snapshot(domainId: string) {
  const d = await db.domain.findUniqueOrThrow({ where: { id: domainId }, include: { dnsRecords: true } })
  const registry = await db.sandboxDomain.findUnique({ where: { name: d.name } })
  const [audits, calls, emails] = await Promise.all([
    db.auditEvent.count({ where: { targetId: domainId } }),
    db.moduleCall.count({ where: { domainId } }),
    db.emailLog.count({ where: { clientId: d.clientId } }),
  ])
  const { updatedAt: _u, ...domain } = d
  const { updatedAt: _r, ...reg } = registry ?? { updatedAt: null }
  return { domain, registry: reg, audits, calls, emails }
}

describe('listing and reading', () => {
  it("a client sees only its own domains; another client's id answers like a missing one", async () => {
    const a = await activeDomain()
    const b = await activeDomain()
    const list = await listClientDomains(a.ctx)
    expect(list.domains.map((d) => d.id)).toEqual([a.domain.id])
    expect(list.total).toBe(1)
    const detail = await getClientDomain(a.ctx, a.domain.id)
    expect(detail).toMatchObject({
      name: a.domain.name,
      status: 'ACTIVE',
      isAutoRenew: true,
      isLocked: true,
      canManageDns: true,
      offersIdProtection: true,
      isManageable: true,
    })
    expect(detail.renewalOptions.map((o) => [o.years, o.amount])).toEqual([
      [1, 1500n],
      [2, 3000n],
      [3, 4500n],
    ])
    const foreign = await refusal(getClientDomain(a.ctx, b.domain.id))
    expect(foreign).toMatchObject({ code: 'NOT_FOUND' })
    const missing = await refusal(getClientDomain(a.ctx, '0191f3a0-0000-7000-8000-000000000000'))
    expect(missing).toMatchObject({ code: 'NOT_FOUND' })
    expect(foreign.message).toBe(missing.message)
  })

  it('staff need domains.view to read and domains.manage to change', async () => {
    const { domain } = await activeDomain()
    const support = await makeStaff('Super admin')
    expect((await getClientDomain(support.ctx, domain.id)).id).toBe(domain.id)
    expect((await listClientDomains(support.ctx, { clientId: domain.clientId })).total).toBe(1)
  })
})

describe('nameservers', () => {
  it('sets 2-13 nameservers with glue for a host inside the domain; registry, row and audit agree', async () => {
    const { domain, ctx } = await activeDomain()
    const result = await setNameservers(ctx, {
      domainId: domain.id,
      nameservers: [
        `NS1.${domain.name}.=192.0.2.53, 2001:db8::53`,
        'ns2.dns-host.net',
        { host: 'ns3.dns-host.net' },
      ],
    })
    expect(result.state).toBe('done')
    const expected = [`ns1.${domain.name}`, 'ns2.dns-host.net', 'ns3.dns-host.net']
    expect(result.nameservers).toEqual(expected)
    expect((await db.sandboxDomain.findUniqueOrThrow({ where: { name: domain.name } })).nameservers).toEqual(
      expected,
    )
    const detail = await getClientDomain(ctx, domain.id)
    expect(detail.nameservers).toEqual(expected)
    expect(detail.glue).toEqual([{ host: `ns1.${domain.name}`, ips: ['192.0.2.53', '2001:db8::53'] }])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: domain.id, action: 'domain.nameservers.update' },
    })
    expect(audit).toMatchObject({ actorType: 'CLIENT', ip: '203.0.113.7', clientId: domain.clientId })
    expect(audit.before).toMatchObject({ nameservers: ['ns1.sandbox.berth.test', 'ns2.sandbox.berth.test'] })
    expect(audit.after).toMatchObject({ nameservers: expected })
    const call = await db.moduleCall.findFirstOrThrow({
      where: { domainId: domain.id, action: 'setNameservers' },
    })
    expect(call.success).toBe(true)
  })

  it('refuses bad lists with a message per line, changing nothing', async () => {
    const { domain, ctx } = await activeDomain()
    const before = await snapshot(domain.id)
    const many = Array.from({ length: 14 }, (_, i) => `ns${i + 1}.dns-host.net`)
    const cases: [unknown[], string, RegExp][] = [
      [many, 'nameservers', /2 to 13 nameservers \(you gave 14\)/],
      [['ns1.dns-host.net'], 'nameservers', /2 to 13/],
      [['ns1.dns-host.net', 'ns1.DNS-host.net.'], 'nameservers.1', /listed twice/],
      [['ns-.dns-host.net', 'ns2.dns-host.net'], 'nameservers.0', /cannot start or end with a hyphen/],
      [['ns1..dns-host.net', 'ns2.dns-host.net'], 'nameservers.0', /empty part/],
      [['ns1.dns host.net', 'ns2.dns-host.net'], 'nameservers.0', /letters, digits and hyphens/],
      [['192.0.2.1', 'ns2.dns-host.net'], 'nameservers.0', /not an IP address/],
      [[`ns1.${domain.name}`, 'ns2.dns-host.net'], 'nameservers.0', /give its IP address/],
      [[`ns1.${domain.name}=300.1.2.3`, 'ns2.dns-host.net'], 'nameservers.0', /not an IPv4 or IPv6/],
      [['ns1.dns-host.net=192.0.2.1', 'ns2.dns-host.net'], 'nameservers.0', /not inside/],
    ]
    for (const [nameservers, field, message] of cases) {
      const e = await refusal(setNameservers(ctx, { domainId: domain.id, nameservers }))
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED', field: field })
      expect(e.message).toMatch(message)
    }
    expect(await snapshot(domain.id)).toEqual(before)
  })

  it('a registrar refusal changes nothing but is kept in the call log', async () => {
    // A domain the registry does not know: the sandbox refuses every change to it.
    const { domain, ctx } = await activeDomain({ register: false })
    const before = await snapshot(domain.id)
    await expect(
      setNameservers(ctx, { domainId: domain.id, nameservers: ['ns1.dns-host.net', 'ns2.dns-host.net'] }),
    ).toBeRefusedWith('PROVISIONING_FAILED')
    const after = await snapshot(domain.id)
    expect(after).toEqual({ ...before, calls: before.calls + 1 })
    expect((await db.moduleCall.findFirstOrThrow({ where: { domainId: domain.id } })).success).toBe(false)
  })

  it('a pending domain cannot be changed yet', async () => {
    const { domain, ctx } = await activeDomain({ register: false, status: 'PENDING' })
    const e = await refusal(
      setNameservers(ctx, { domainId: domain.id, nameservers: ['ns1.dns-host.net', 'ns2.dns-host.net'] }),
    )
    expect(e).toMatchObject({ code: 'INVALID_TRANSITION' })
    expect(e.message).toMatch(/not registered yet/)
  })
})

describe('DNS records', () => {
  const rec = (domainId: string, r: Record<string, unknown>) => ({ domainId, ttl: 3600, ...r })

  it('adds every type, pushes the whole zone to the registrar, updates and deletes, each audited', async () => {
    const { domain, ctx } = await activeDomain()
    const longTxt = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(600)
    const inputs = [
      { type: 'A', name: '@', value: '192.0.2.10' },
      { type: 'AAAA', name: 'www', value: '2001:DB8::10' },
      { type: 'CNAME', name: 'shop', value: 'shops.example.net.' },
      { type: 'MX', name: '@', value: 'mail.example.net', priority: 10 },
      { type: 'TXT', name: '@', value: 'v=spf1 include:_spf.example.net -all' },
      { type: 'TXT', name: 'k1._domainkey', value: longTxt },
      { type: 'SRV', name: '_sip._tcp', value: '5 5060 sip.example.net', priority: 10 },
      { type: 'CAA', name: '@', value: '0 issue "letsencrypt.org"' },
      { type: 'A', name: `*.dev.${domain.name}`, value: '192.0.2.11', ttl: 300 },
    ]
    for (const input of inputs) expect((await addDnsRecord(ctx, rec(domain.id, input))).state).toBe('done')
    const stored = await db.dnsRecord.findMany({ where: { domainId: domain.id }, orderBy: { id: 'asc' } })
    expect(stored.map((r) => [r.type, r.name, r.content, r.ttl, r.priority])).toEqual([
      ['A', '@', '192.0.2.10', 3600, null],
      ['AAAA', 'www', '2001:db8::10', 3600, null],
      ['CNAME', 'shop', 'shops.example.net', 3600, null],
      ['MX', '@', 'mail.example.net', 3600, 10],
      ['TXT', '@', '"v=spf1 include:_spf.example.net -all"', 3600, null],
      ['TXT', 'k1._domainkey', expect.stringMatching(/^"v=DKIM1[^"]{248}" "A{255}" "A{108}"$/), 3600, null],
      ['SRV', '_sip._tcp', '5 5060 sip.example.net', 3600, 10],
      ['CAA', '@', '0 issue "letsencrypt.org"', 3600, null],
      ['A', '*.dev', '192.0.2.11', 300, null],
    ])
    const zone = async () =>
      (
        (await db.sandboxDomain.findUniqueOrThrow({ where: { name: domain.name } })).dnsRecords as {
          type: string
          name: string
          content: string
        }[]
      )
        .map((r) => `${r.type} ${r.name} ${r.content}`)
        .sort()
    const rows = async () =>
      (await db.dnsRecord.findMany({ where: { domainId: domain.id } }))
        .map((r) => `${r.type} ${r.name} ${r.content}`)
        .sort()
    expect(await zone()).toEqual(await rows())

    const a = stored[0]!
    await updateDnsRecord(ctx, {
      ...rec(domain.id, { type: 'A', name: '@', value: '192.0.2.20' }),
      recordId: a.id,
    })
    await deleteDnsRecord(ctx, { domainId: domain.id, recordId: stored[1]!.id })
    expect(await zone()).toEqual(await rows())
    expect(await rows()).toContain('A @ 192.0.2.20')
    expect(await rows()).not.toContain('AAAA www 2001:db8::10')
    const audits = await db.auditEvent.findMany({
      where: { targetId: domain.id, action: { startsWith: 'domain.dns.' } },
      orderBy: { createdAt: 'asc' },
    })
    expect(audits.map((e) => e.action)).toEqual([
      ...inputs.map(() => 'domain.dns.add'),
      'domain.dns.update',
      'domain.dns.delete',
    ])
    const update = audits.at(-2)!
    expect(update.before).toMatchObject({ record: { content: '192.0.2.10' } })
    expect(update.after).toMatchObject({ record: { content: '192.0.2.20' } })
  })

  it('refuses bad records and conflicts with the field at fault, changing nothing', async () => {
    const { domain, ctx } = await activeDomain()
    await addDnsRecord(ctx, rec(domain.id, { type: 'A', name: 'www', value: '192.0.2.1' }))
    await addDnsRecord(ctx, rec(domain.id, { type: 'CNAME', name: 'blog', value: 'host.example.net' }))
    const before = await snapshot(domain.id)
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ type: 'A', name: '@', value: '256.1.2.3' }, 'value', /not an IPv4 address/],
      [{ type: 'A', name: '@', value: '2001:db8::1' }, 'value', /not an IPv4 address/],
      [{ type: 'AAAA', name: '@', value: '2001:db8::g' }, 'value', /not an IPv6 address/],
      [{ type: 'AAAA', name: '@', value: '192.0.2.1' }, 'value', /not an IPv6 address/],
      [{ type: 'CNAME', name: '@', value: 'host.example.net' }, 'name', /cannot be at the apex/],
      [{ type: 'CNAME', name: 'www', value: 'host.example.net' }, 'name', /must be the only record/],
      [{ type: 'CNAME', name: 'blog', value: 'other.example.net' }, 'name', /only one CNAME/],
      [{ type: 'A', name: 'blog', value: '192.0.2.2' }, 'name', /is a CNAME/],
      [{ type: 'A', name: 'www', value: '192.0.2.1' }, 'value', /exists already/],
      [{ type: 'A', name: 'bad_label', value: '192.0.2.1' }, 'name', /letters, digits and hyphens/],
      [{ type: 'A', name: '-x', value: '192.0.2.1' }, 'name', /hyphen/],
      [{ type: 'A', name: 'a.*', value: '192.0.2.1' }, 'name', /wildcard/],
      [{ type: 'A', name: 'x'.repeat(64), value: '192.0.2.1' }, 'name', /at most 63/],
      [{ type: 'A', name: 'ttl', value: '192.0.2.1', ttl: 30 }, 'ttl', /60 to 86400/],
      [{ type: 'A', name: 'ttl', value: '192.0.2.1', ttl: 100000 }, 'ttl', /60 to 86400/],
      [{ type: 'A', name: 'p', value: '192.0.2.1', priority: 5 }, 'priority', /no priority/],
      [{ type: 'MX', name: '@', value: 'mail.example.net' }, 'priority', /Enter a priority/],
      [{ type: 'MX', name: '@', value: '192.0.2.1', priority: 10 }, 'value', /not an IP address/],
      [{ type: 'MX', name: '@', value: 'mail.example.net', priority: 70000 }, 'priority', /0 to 65535/],
      [{ type: 'TXT', name: '@', value: 'x'.repeat(4001) }, 'value', /at most 4000/],
      [{ type: 'TXT', name: '@', value: '"unterminated' }, 'value', /Quote each part/],
      [
        { type: 'SRV', name: 'sip', value: '5 5060 sip.example.net', priority: 1 },
        'name',
        /_service._protocol/,
      ],
      [
        { type: 'SRV', name: '_sip._tcp', value: '5 sip.example.net', priority: 1 },
        'value',
        /weight, port and target/,
      ],
      [{ type: 'SRV', name: '_sip._tcp', value: '5 70000 sip.example.net', priority: 1 }, 'value', /port/],
      [{ type: 'CAA', name: '@', value: '0 issuer "letsencrypt.org"' }, 'value', /issue, issuewild, iodef/],
      [{ type: 'CAA', name: '@', value: '7 issue "letsencrypt.org"' }, 'value', /flags/],
      [{ type: 'CAA', name: '@', value: '0 iodef "ftp://x"' }, 'value', /mailto/],
      [{ type: 'NS', name: 'sub', value: 'ns1.example.net' }, 'type', /Choose a type/],
    ]
    for (const [input, field, message] of cases) {
      const e = await refusal(addDnsRecord(ctx, rec(domain.id, input)))
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED', field: field })
      expect(e.message, JSON.stringify(input)).toMatch(message)
    }
    expect(await snapshot(domain.id)).toEqual(before)
  })

  it('a registrar refusal leaves the zone as it was; a TLD without DNS hosting refuses', async () => {
    const { domain, ctx } = await activeDomain({ register: false })
    const before = await snapshot(domain.id)
    await expect(
      addDnsRecord(ctx, rec(domain.id, { type: 'A', name: '@', value: '192.0.2.1' })),
    ).toBeRefusedWith('PROVISIONING_FAILED')
    expect(await snapshot(domain.id)).toEqual({ ...before, calls: before.calls + 1 })

    const bare = await activeDomain({ tld: BARE })
    const e = await refusal(
      addDnsRecord(bare.ctx, rec(bare.domain.id, { type: 'A', name: '@', value: '192.0.2.1' })),
    )
    expect(e).toMatchObject({ code: 'FORBIDDEN' })
    expect(e.message).toMatch(/not offered/)
  })
})

describe('lock, auto-renew, EPP code, ID protection, contact', () => {
  it('EPP code: refused while locked ("unlock first"), then emailed to the owner, redacted everywhere else', async () => {
    const { domain, ctx, client } = await activeDomain()
    const before = await snapshot(domain.id)
    const e = await refusal(requestEppCode(ctx, { domainId: domain.id }))
    expect(e).toMatchObject({ code: 'INVALID_TRANSITION' })
    expect(e.message).toMatch(/unlock it first/)
    expect(await snapshot(domain.id)).toEqual(before)

    expect(await setRegistrarLock(ctx, { domainId: domain.id, isLocked: 'false' })).toEqual({
      state: 'done',
      isLocked: false,
    })
    expect((await db.sandboxDomain.findUniqueOrThrow({ where: { name: domain.name } })).isLocked).toBe(false)
    // Unlocking tells the owners, since it is the first step of a transfer away.
    const unlockMail = await db.emailLog.findFirstOrThrow({
      where: { clientId: client.clientId, template: 'domain-unlocked' },
    })
    expect(unlockMail).toMatchObject({
      toAddress: client.email,
      subject: `${domain.name} is unlocked for transfer`,
    })
    expect(unlockMail.props).toMatchObject({ requestedBy: client.email, requestedFrom: '203.0.113.7' })
    const result = await requestEppCode(ctx, { domainId: domain.id })
    expect(result).toEqual({ state: 'done', emailedTo: [client.email] })
    const code = (await db.sandboxDomain.findUniqueOrThrow({ where: { name: domain.name } })).eppCode
    const email = await db.emailLog.findFirstOrThrow({
      where: { clientId: client.clientId, template: 'domain-epp-code' },
    })
    expect(email.toAddress).toBe(client.email)
    expect(email.props).toMatchObject({
      eppCode: '[redacted]',
      domain: domain.name,
      requestedFrom: '203.0.113.7',
    })
    const trails = JSON.stringify(
      [
        await db.moduleCall.findMany({ where: { domainId: domain.id } }),
        await db.auditEvent.findMany({ where: { targetId: domain.id } }),
        email.props,
      ],
      (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    )
    expect(trails).not.toContain(code)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: domain.id, action: 'domain.epp_code.request' },
    })
    expect(audit).toMatchObject({ actorType: 'CLIENT', ip: '203.0.113.7' })
    const lock = await db.auditEvent.findFirstOrThrow({
      where: { targetId: domain.id, action: 'domain.lock.update' },
    })
    expect([lock.before, lock.after]).toEqual([{ isLocked: true }, { isLocked: false }])
  })

  it('auto-renew changes only Berth (no registrar call) and is audited', async () => {
    const { domain, ctx } = await activeDomain()
    expect(await setAutoRenew(ctx, { domainId: domain.id, isAutoRenew: false })).toEqual({
      isAutoRenew: false,
    })
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).isAutoRenew).toBe(false)
    expect(await db.moduleCall.count({ where: { domainId: domain.id } })).toBe(0)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: domain.id, action: 'domain.auto_renew.update' },
    })
    expect([audit.before, audit.after]).toEqual([{ isAutoRenew: true }, { isAutoRenew: false }])
  })

  it('ID protection where the TLD offers it, refused where it does not', async () => {
    const { domain, ctx } = await activeDomain()
    expect(await setIdProtection(ctx, { domainId: domain.id, isEnabled: true })).toEqual({
      state: 'done',
      hasIdProtection: true,
    })
    expect((await db.sandboxDomain.findUniqueOrThrow({ where: { name: domain.name } })).idProtection).toBe(
      true,
    )
    const bare = await activeDomain({ tld: BARE })
    const before = await snapshot(bare.domain.id)
    await expect(setIdProtection(bare.ctx, { domainId: bare.domain.id, isEnabled: true })).toBeRefusedWith(
      'FORBIDDEN',
      'isEnabled',
    )
    expect(await snapshot(bare.domain.id)).toEqual(before)
  })

  it('WHOIS contact: validated fields, set at the registrar, read back, audited', async () => {
    const { domain, ctx } = await activeDomain()
    const before = await snapshot(domain.id)
    const bad: [Record<string, unknown>, string][] = [
      [{ phone: '020 7946 0000' }, 'contact.phone'],
      [{ phone: '+44-20' }, 'contact.phone'],
      [{ email: 'not-an-email' }, 'contact.email'],
      [{ country: 'UK' }, 'contact.country'],
      [{ postcode: 'N1 <1AA>' }, 'contact.postcode'],
      [{ firstName: '' }, 'contact.firstName'],
      [{ address1: 'x'.repeat(101) }, 'contact.address1'],
    ]
    for (const [change, field] of bad)
      await expect(
        setDomainContact(ctx, { domainId: domain.id, contact: { ...contact, ...change } }),
      ).toBeRefusedWith('VALIDATION_FAILED', field)
    expect(await snapshot(domain.id)).toEqual(before)
    const next = {
      ...contact,
      firstName: 'Grace',
      phone: '+1.555 0100 200',
      country: 'us',
      postcode: '10001',
    }
    expect((await setDomainContact(ctx, { domainId: domain.id, contact: next })).state).toBe('done')
    expect(await getDomainContact(ctx, domain.id)).toMatchObject({
      firstName: 'Grace',
      phone: '+1.5550100200',
      country: 'US',
    })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: domain.id, action: 'domain.contact.update' },
    })
    expect(audit.before).toMatchObject({ contact: { firstName: 'Ada' } })
    expect(audit.after).toMatchObject({ contact: { firstName: 'Grace' } })
  })

  it("another client's domain id is refused by every change, and nothing changes", async () => {
    const victim = await activeDomain()
    await db.domain.update({ where: { id: victim.domain.id }, data: { isLocked: false } })
    await setRegistrarLock(system, { domainId: victim.domain.id, isLocked: false })
    const intruder = await makeClient()
    const before = await snapshot(victim.domain.id)
    const id = victim.domain.id
    const attempts: [string, (c: Ctx) => Promise<unknown>][] = [
      [
        'nameservers',
        (c) => setNameservers(c, { domainId: id, nameservers: ['ns1.evil.net', 'ns2.evil.net'] }),
      ],
      ['dns', (c) => addDnsRecord(c, { domainId: id, type: 'A', name: '@', value: '192.0.2.66', ttl: 3600 })],
      ['lock', (c) => setRegistrarLock(c, { domainId: id, isLocked: true })],
      ['auto-renew', (c) => setAutoRenew(c, { domainId: id, isAutoRenew: false })],
      ['epp', (c) => requestEppCode(c, { domainId: id })],
      ['id protection', (c) => setIdProtection(c, { domainId: id, isEnabled: true })],
      ['contact', (c) => setDomainContact(c, { domainId: id, contact })],
      ['contact read', (c) => getDomainContact(c, id)],
    ]
    for (const [, attempt] of attempts) await expect(attempt(intruder.ctx)).toBeRefusedWith('NOT_FOUND')
    expect(await snapshot(id)).toEqual(before)
    expect((await listClientDomains(intruder.ctx)).total).toBe(0)
  })
})
