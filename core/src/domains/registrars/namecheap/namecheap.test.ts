import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient } from '@berth/tests/support/factories'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { makeInvoice } from '@berth/tests/support/billing-factories'
import { startFakeNamecheap } from '../../../../../tests/fakes/namecheap'
import { DomainError } from '../../../shared'
import { callRegistrar, type CallRegistrarInput } from '../call-registrar'
import { RegistrarError, type RegistrarAction, type RegistrarDnsRecord } from '../registrar'
import { getRegistrar } from '../registry'
import { testRegistrarConnection, updateRegistrarConfig } from '../settings'
import { NAMECHEAP_LIVE_URL, NAMECHEAP_SANDBOX_URL, readNamecheapSettings } from './settings'
import { parseNamecheapDate } from './xml'
import { fulfilPaidDomainItem, retryDomainFulfilment } from '../../orders'

const db = getDb()
const admin = await superAdmin()
const fake = await startFakeNamecheap({ slowMs: 3000 })
afterAll(() => fake.stop())
beforeEach(() => {
  fake.state.behaviour = null
  fake.state.requests.length = 0
})

const contact = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  companyName: 'Analytical Engines Ltd',
  email: 'ada@example.test',
  phone: '+44.2079460000',
  address1: '1 Analytical Row',
  city: 'London',
  postcode: 'N1 1AA',
  country: 'GB',
}
const uid = () => Math.random().toString(36).slice(2, 10)

async function makeDomain(name: string) {
  const client = await makeClient()
  return db.domain.create({
    data: {
      clientId: client.clientId,
      name,
      tld: name.split('.').slice(1).join('.'),
      registrar: 'namecheap',
      currencyCode: 'USD',
      recurringAmount: 1200n,
    },
  })
}

/** One adapter call through the real path (callRegistrar records a ModuleCall), settings pointing at the fake. */
function callFor(
  name: string,
  domainId: string | null = null,
  settings = fake.settings({ timeoutMs: 2000 }),
) {
  return <A extends RegistrarAction>(action: A, params: CallRegistrarInput<A>['params']) =>
    callRegistrar(admin, { registrar: 'namecheap', action, name, params, domainId, settings })
}

/** The last request the fake got for a command: its parameters as sent. */
function lastParams(command: string): Record<string, string> {
  const requests = fake.requestsFor(command)
  expect(requests.length, `${command} was not called`).toBeGreaterThan(0)
  return requests.at(-1)!.params
}

/** The adapter's RegistrarError behind the DomainError callRegistrar throws. */
async function registrarErrorOf(promise: Promise<unknown>): Promise<RegistrarError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect((error as DomainError).code).toBe('PROVISIONING_FAILED')
  const cause = (error as DomainError).cause
  expect(cause).toBeInstanceOf(RegistrarError)
  return cause as RegistrarError
}

describe('namecheap registrar', () => {
  it('is one folder in the registry with its settings form; test mode selects the sandbox', () => {
    const registrar = getRegistrar('namecheap')
    expect(registrar.answersAvailability).toBe(false)
    expect(registrar.secretSettings).toEqual(['apiKey'])
    expect(registrar.settingFields!.map((f) => [f.key, f.isRequired, f.isSecret])).toEqual([
      ['apiUser', true, false],
      ['apiKey', true, true],
      ['userName', true, false],
      ['clientIp', true, false],
      ['endpoint', false, false],
      ['timeoutMs', false, false],
    ])
    const base = { apiUser: 'u', apiKey: 'k', clientIp: '192.0.2.1' }
    expect(readNamecheapSettings({ ...base, isTestMode: true }).url).toBe(NAMECHEAP_SANDBOX_URL)
    expect(readNamecheapSettings({ ...base, isTestMode: false }).url).toBe(NAMECHEAP_LIVE_URL)
    expect(readNamecheapSettings({ ...base, endpoint: fake.url, isTestMode: false }).url).toBe(fake.url)
    expect(readNamecheapSettings(base)).toMatchObject({ userName: 'u', timeoutMs: 20_000 })
    expect(() => readNamecheapSettings({ apiUser: 'u' })).toThrow(/apiKey, clientIp/)
    expect(parseNamecheapDate('4/30/2021 11:31:13 PM')).toEqual(new Date('2021-04-30T23:31:13Z'))
    expect(parseNamecheapDate('09/05/2016')).toEqual(new Date('2016-09-05T00:00:00Z'))
  })

  it('tests the connection with the stored settings and shows the balance; the key is never recorded', async () => {
    await updateRegistrarConfig(admin, {
      registrar: 'namecheap',
      isTestMode: true,
      publicConfig: {
        apiUser: fake.apiUser,
        userName: fake.apiUser,
        clientIp: fake.clientIp,
        endpoint: fake.url,
      },
      secrets: { apiKey: fake.apiKey },
    })
    const answer = await testRegistrarConnection(admin, { registrar: 'namecheap' })
    expect(answer.message).toBe(
      `the Namecheap sandbox accepts the API key of ${fake.apiUser} (account ${fake.apiUser}): ` +
        'available balance 4932.96 USD.',
    )
    expect(fake.state.requests).toEqual([
      {
        method: 'GET',
        command: 'namecheap.users.getBalances',
        params: {
          ApiUser: fake.apiUser,
          ApiKey: fake.apiKey,
          UserName: fake.apiUser,
          ClientIp: fake.clientIp,
          Command: 'namecheap.users.getBalances',
        },
      },
    ])

    // callRegistrar without settings loads the same stored ones.
    const name = `stored-${uid()}.com`
    expect(
      await callRegistrar(admin, { registrar: 'namecheap', action: 'checkAvailability', name, params: {} }),
    ).toBe('available')

    // A wrong stored key: Namecheap's 1011102, recorded as a failed testConnection.
    await updateRegistrarConfig(admin, { registrar: 'namecheap', secrets: { apiKey: 'not-the-key-0000' } })
    await expect(testRegistrarConnection(admin, { registrar: 'namecheap' })).rejects.toMatchObject({
      code: 'PROVISIONING_FAILED',
      message: expect.stringMatching(
        /^Namecheap: API Key is invalid.*\(Namecheap error 1011102\)\. Check the API key/,
      ),
    })
    const calls = await db.moduleCall.findMany({
      where: { module: 'namecheap' },
      orderBy: { createdAt: 'asc' },
    })
    expect(calls.map((c) => [c.action, c.success])).toEqual([
      ['testConnection', true],
      ['checkAvailability', true],
      ['testConnection', false],
    ])
    expect(JSON.stringify(calls)).not.toContain(fake.apiKey)
  })

  it('registers, reads, renews and changes a domain with the documented parameters, every call recorded', async () => {
    const name = `harbour-${uid()}.com`
    const [sld] = name.split('.')
    const domain = await makeDomain(name)
    const call = callFor(name, domain.id)

    expect(await call('checkAvailability', {})).toBe('available')
    expect(lastParams('namecheap.domains.check')).toMatchObject({ DomainList: name })

    const registered = await call('register', {
      years: 2,
      nameservers: ['ns1.harbour.test', 'ns2.harbour.test'],
      contact,
      idProtection: true,
    })
    const create = lastParams('namecheap.domains.create')
    expect(fake.requestsFor('namecheap.domains.create')[0]!.method).toBe('POST')
    expect(create).toMatchObject({
      DomainName: name,
      Years: '2',
      Nameservers: 'ns1.harbour.test,ns2.harbour.test',
      AddFreeWhoisguard: 'yes',
      WGEnabled: 'yes',
    })
    for (const role of ['Registrant', 'Tech', 'Admin', 'AuxBilling'])
      expect(create).toMatchObject({
        [`${role}FirstName`]: 'Ada',
        [`${role}LastName`]: 'Lovelace',
        [`${role}OrganizationName`]: 'Analytical Engines Ltd',
        [`${role}Address1`]: '1 Analytical Row',
        [`${role}City`]: 'London',
        [`${role}PostalCode`]: 'N1 1AA',
        [`${role}Country`]: 'GB',
        [`${role}Phone`]: '+44.2079460000',
        [`${role}EmailAddress`]: 'ada@example.test',
      })
    const stored = fake.state.domains.get(name)!
    expect(registered).toEqual({
      status: 'done',
      value: {
        name,
        expiresAt: new Date(
          Date.UTC(
            stored.expiresAt.getUTCFullYear(),
            stored.expiresAt.getUTCMonth(),
            stored.expiresAt.getUTCDate(),
          ),
        ),
        status: ['clientTransferProhibited'],
        nameservers: ['ns1.harbour.test', 'ns2.harbour.test'],
        isLocked: true,
      },
    })
    expect(stored.expiresAt.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 2)
    expect(await call('checkAvailability', {})).toBe('registered')

    // Renew: the expiry from the renew answer (date and time), the rest from getInfo.
    const renewed = await call('renew', { years: 3 })
    expect(lastParams('namecheap.domains.renew')).toMatchObject({ DomainName: name, Years: '3' })
    expect(renewed.status === 'done' && renewed.value.expiresAt.getUTCFullYear()).toBe(
      new Date().getUTCFullYear() + 5,
    )

    // Nameservers: SLD + TLD, one comma-separated list.
    await call('setNameservers', { nameservers: ['ns1.quay.test', 'ns2.quay.test', 'ns3.quay.test'] })
    expect(lastParams('namecheap.domains.dns.setCustom')).toMatchObject({
      SLD: sld,
      TLD: 'com',
      Nameservers: 'ns1.quay.test,ns2.quay.test,ns3.quay.test',
    })
    expect(await call('getNameservers', {})).toEqual(['ns1.quay.test', 'ns2.quay.test', 'ns3.quay.test'])
    expect(lastParams('namecheap.domains.dns.getList')).toMatchObject({ SLD: sld, TLD: 'com' })

    // The zone is only Namecheap's to set while Namecheap's DNS serves it.
    await expect(call('getDnsRecords', {})).rejects.toThrow(/not using proper DNS servers.*2030288/)
    fake.state.domains.get(name)!.nameservers = []
    const records: RegistrarDnsRecord[] = [
      { type: 'A', name: '@', content: '192.0.2.1', ttl: 3600, priority: null },
      { type: 'AAAA', name: 'www', content: '2001:db8::1', ttl: 1800, priority: null },
      { type: 'MX', name: '@', content: 'mail.harbour.test', ttl: 3600, priority: 5 },
      { type: 'TXT', name: '@', content: '"v=spf1 mx -all"', ttl: 600, priority: null },
      { type: 'CNAME', name: 'docs', content: 'pages.example.test', ttl: 300, priority: null },
    ]
    expect(await call('setDnsRecords', { records })).toEqual({ status: 'done', value: records })
    expect(lastParams('namecheap.domains.dns.setHosts')).toMatchObject({
      SLD: sld,
      TLD: 'com',
      EmailType: 'MX',
      HostName1: '@',
      RecordType1: 'A',
      Address1: '192.0.2.1',
      TTL1: '3600',
      HostName3: '@',
      RecordType3: 'MX',
      Address3: 'mail.harbour.test',
      MXPref3: '5',
      RecordType4: 'TXT',
      Address4: 'v=spf1 mx -all',
      HostName5: 'docs',
      RecordType5: 'CNAME',
    })
    expect(lastParams('namecheap.domains.dns.setHosts')).not.toHaveProperty('MXPref1')
    expect(await call('getDnsRecords', {})).toEqual(records)

    // Lock and unlock: LockAction, and sync reads it back.
    await call('setLock', { isLocked: false })
    expect(lastParams('namecheap.domains.setRegistrarLock')).toMatchObject({
      DomainName: name,
      LockAction: 'UNLOCK',
    })
    expect(await call('sync', {})).toMatchObject({ name, status: ['ok'], isLocked: false })
    await call('setLock', { isLocked: true })
    expect(lastParams('namecheap.domains.setRegistrarLock')).toMatchObject({ LockAction: 'LOCK' })

    // Contacts: all four roles set; the registrant read back.
    const moved = { ...contact, email: 'ops@harbour.test', address1: '2 Dock Street', companyName: null }
    await call('setContact', { contact: moved })
    const set = lastParams('namecheap.domains.setContacts')
    for (const role of ['Registrant', 'Tech', 'Admin', 'AuxBilling'])
      expect(set).toMatchObject({
        [`${role}EmailAddress`]: 'ops@harbour.test',
        [`${role}Address1`]: '2 Dock Street',
      })
    expect(set).not.toHaveProperty('RegistrantOrganizationName')
    expect(await call('getContact', {})).toEqual(moved)

    // Privacy: the WhoisguardID from getInfo; enabling forwards to the registrant's e-mail.
    const whoisguardId = String(fake.state.domains.get(name)!.whoisguard!.id)
    await call('setIdProtection', { isEnabled: false })
    expect(lastParams('namecheap.whoisguard.disable')).toMatchObject({ WhoisguardID: whoisguardId })
    expect(fake.state.domains.get(name)!.whoisguard!.isEnabled).toBe(false)
    await call('setIdProtection', { isEnabled: true })
    expect(lastParams('namecheap.whoisguard.enable')).toMatchObject({
      WhoisguardID: whoisguardId,
      ForwardedToEmail: 'ops@harbour.test',
    })
    expect(fake.state.domains.get(name)!.whoisguard!.isEnabled).toBe(true)

    // Every request carried the global parameters.
    for (const request of fake.state.requests)
      expect(request.params).toMatchObject({
        ApiUser: fake.apiUser,
        ApiKey: fake.apiKey,
        UserName: fake.apiUser,
        ClientIp: fake.clientIp,
        Command: request.command,
      })

    const calls = await db.moduleCall.findMany({
      where: { domainId: domain.id },
      orderBy: { createdAt: 'asc' },
    })
    expect(calls.every((c) => c.module === 'namecheap')).toBe(true)
    expect(calls.filter((c) => !c.success).map((c) => c.action)).toEqual(['getDnsRecords'])
    expect(calls.find((c) => !c.success)!.response).toMatchObject({
      command: 'namecheap.domains.dns.getHosts',
      errors: [{ number: '2030288' }],
    })
    expect(JSON.stringify(calls)).not.toContain(fake.apiKey)
  })

  it('registers without privacy on Namecheap DNS; a TLD Namecheap registers later waits for staff', async () => {
    const name = `plain-${uid()}.io`
    const call = callFor(name)
    const registered = await call('register', { years: 1, nameservers: [], contact, idProtection: false })
    const create = lastParams('namecheap.domains.create')
    expect(create).toMatchObject({ AddFreeWhoisguard: 'yes', WGEnabled: 'no' })
    expect(create).not.toHaveProperty('Nameservers')
    expect(registered).toMatchObject({
      status: 'done',
      value: { nameservers: ['dns1.registrar-servers.com', 'dns2.registrar-servers.com'] },
    })
    expect(fake.state.domains.get(name)!.whoisguard!.isEnabled).toBe(false)

    // A retry (the first answer lost) finds the name in this account: done, not a second order.
    const again = await call('register', { years: 1, nameservers: [], contact, idProtection: false })
    expect(again).toEqual(registered)
    expect(fake.requestsFor('namecheap.domains.create')).toHaveLength(2)
    expect(fake.state.domains.get(name)!.expiresAt.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 1)
    // Taken by someone else: the refusal stands.
    const elsewhere = `owned-${uid()}.io`
    fake.state.taken.add(elsewhere)
    await expect(
      callFor(elsewhere)('register', { years: 1, nameservers: [], contact, idProtection: false }),
    ).rejects.toThrow(/is not available for registration/)

    fake.state.nonRealTimeTlds.add('ch')
    const later = `later-${uid()}.ch`
    const domain = await makeDomain(later)
    const answer = await callFor(later, domain.id)('register', {
      years: 1,
      nameservers: [],
      contact,
      idProtection: false,
    })
    expect(answer).toMatchObject({
      status: 'waiting',
      task: { title: `Check the registration of ${later} at Namecheap` },
    })
    expect(fake.requestsFor('namecheap.domains.getInfo').map((r) => r.params.DomainName)).not.toContain(later)
    expect(await db.staffTask.count({ where: { domainId: domain.id, kind: 'domain.register' } })).toBe(1)
  })

  it('registers child nameservers (glue) before delegating to them, and updates a changed address', async () => {
    const name = `glue-${uid()}.com`
    const [sld] = name.split('.')
    fake.addDomain(name)
    const call = callFor(name)
    const nameservers = [`ns1.${name}`, `ns2.${name}`, 'ns.outside.test']

    // Without glue the registry refuses a nameserver inside the domain.
    await expect(call('setNameservers', { nameservers })).rejects.toThrow(
      `Nameserver ns1.${name} is not registered`,
    )

    const glue = [
      { host: `ns1.${name}`, ips: ['2001:db8::53', '192.0.2.53'] },
      { host: `ns2.${name}`, ips: ['192.0.2.54'] },
      { host: 'ns.outside.test', ips: ['198.51.100.1'] },
    ]
    expect(await call('setNameservers', { nameservers, glue })).toEqual({
      status: 'done',
      value: nameservers,
    })
    expect(fake.requestsFor('namecheap.domains.ns.create').map((r) => r.params)).toEqual([
      expect.objectContaining({ SLD: sld, TLD: 'com', Nameserver: `ns1.${name}`, IP: '192.0.2.53' }),
      expect.objectContaining({ SLD: sld, TLD: 'com', Nameserver: `ns2.${name}`, IP: '192.0.2.54' }),
    ])
    expect(fake.state.domains.get(name)!.nameservers).toEqual(nameservers)

    // Same addresses: nothing to change; a new address: ns.update with the old one.
    fake.state.requests.length = 0
    glue[1]!.ips = ['192.0.2.99']
    await call('setNameservers', { nameservers, glue })
    expect(fake.requestsFor('namecheap.domains.ns.create')).toEqual([])
    expect(fake.requestsFor('namecheap.domains.ns.update').map((r) => r.params)).toEqual([
      expect.objectContaining({ Nameserver: `ns2.${name}`, OldIP: '192.0.2.54', IP: '192.0.2.99' }),
    ])
    expect([...fake.state.domains.get(name)!.childHosts]).toEqual([
      [`ns1.${name}`, '192.0.2.53'],
      [`ns2.${name}`, '192.0.2.99'],
    ])

    await expect(
      call('setNameservers', { nameservers, glue: [{ host: `ns1.${name}`, ips: ['2001:db8::53'] }] }),
    ).rejects.toThrow(/IPv4 address; ns1\.glue-.* has none/)
  })

  it('ID protection needs a privacy subscription on the domain', async () => {
    const name = `bare-${uid()}.com`
    fake.addDomain(name, { whoisguard: null })
    await expect(callFor(name)('setIdProtection', { isEnabled: true })).rejects.toThrow(
      /no domain privacy subscription/,
    )
    expect(fake.requestsFor('namecheap.whoisguard.enable')).toEqual([])
  })

  it('refuses SRV records before calling Namecheap (setHosts would delete them)', async () => {
    const name = `srv-${uid()}.net`
    fake.addDomain(name)
    const call = callFor(name)
    await expect(
      call('setDnsRecords', {
        records: [
          { type: 'SRV', name: '_sip._tcp', content: '5 5060 sip.example.test', ttl: 3600, priority: 10 },
        ],
      }),
    ).rejects.toThrow(/cannot set SRV records/)
    expect(fake.requestsFor('namecheap.domains.dns.setHosts')).toEqual([])
  })

  it('transfer and EPP code wait for staff; the EPP code is sent base64-encoded and never recorded', async () => {
    const name = `moving-${uid()}.org`
    fake.state.taken.add(name)
    const domain = await makeDomain(name)
    const call = callFor(name, domain.id)
    const eppCode = 'aB3#x9!Qz'
    const answer = await call('transfer', { eppCode, years: 1, contact })
    expect(lastParams('namecheap.domains.transfer.create')).toMatchObject({
      DomainName: name,
      Years: '1',
      EPPCode: `base64:${Buffer.from(eppCode).toString('base64')}`,
    })
    const transfer = fake.state.transfers.find((t) => t.name === name)!
    expect(transfer.eppCode).toBe(eppCode)
    expect(answer.status).toBe('waiting')

    const epp = await call('getEppCode', {})
    expect(epp).toMatchObject({
      status: 'waiting',
      task: { title: `Get the EPP code of ${name} from the Namecheap panel` },
    })

    const tasks = await db.staffTask.findMany({
      where: { domainId: domain.id },
      orderBy: { createdAt: 'asc' },
    })
    expect(tasks.map((t) => t.kind)).toEqual(['domain.transfer', 'domain.getEppCode'])
    expect(tasks[0]!.description).toContain(`transfer ${transfer.id}`)
    const calls = await db.moduleCall.findMany({ where: { domainId: domain.id } })
    const recorded = JSON.stringify([calls, tasks])
    expect(recorded).not.toContain(eppCode)
    expect(recorded).not.toContain(Buffer.from(eppCode).toString('base64'))
    expect(recorded).not.toContain(fake.apiKey)
  })

  describe('errors', () => {
    const name = `errors-${uid()}.com`
    beforeEach(() => {
      if (!fake.state.domains.has(name)) fake.addDomain(name)
    })

    it('a wrong API key: 1011102, not retryable, with a hint', async () => {
      const error = await registrarErrorOf(
        callFor(name, null, fake.settings({ apiKey: 'wrong' }))('sync', {}),
      )
      expect(error.options).toMatchObject({ code: '1011102', isRetryable: false })
      expect(error.message).toMatch(/Check the API key/)
    })

    it('a client IP not on the whitelist: 1011150, not retryable', async () => {
      const error = await registrarErrorOf(
        callFor(name, null, fake.settings({ clientIp: '198.51.100.7' }))('getNameservers', {}),
      )
      expect(error.options).toMatchObject({ code: '1011150', isRetryable: false })
      expect(error.message).toBe(
        'Invalid request IP: 198.51.100.7 (Namecheap error 1011150). ' +
          "Whitelist this server's IP address in Namecheap (Profile → Tools → API Access).",
      )
    })

    it('an unknown domain: 2019166; one in another account: 2016166', async () => {
      const unknown = await registrarErrorOf(callFor(`nobody-${uid()}.com`)('sync', {}))
      expect(unknown.options).toMatchObject({ code: '2019166', isRetryable: false })
      const elsewhere = `elsewhere-${uid()}.com`
      fake.state.taken.add(elsewhere)
      const other = await registrarErrorOf(callFor(elsewhere)('setLock', { isLocked: true }))
      expect(other.options).toMatchObject({ code: '2016166', isRetryable: false })
    })

    it('HTTP 500, a timeout and unreadable XML are retryable and recorded', async () => {
      const domain = await makeDomain(`flaky-${uid()}.com`)
      fake.addDomain(domain.name)
      const call = callFor(domain.name, domain.id, fake.settings({ timeoutMs: 300 }))

      fake.state.behaviour = 'server-error'
      const http = await registrarErrorOf(call('getNameservers', {}))
      expect(http.options).toMatchObject({ code: 'HTTP_500', isRetryable: true })

      fake.state.behaviour = 'slow'
      const started = Date.now()
      const timeout = await registrarErrorOf(call('getNameservers', {}))
      expect(timeout.options).toMatchObject({ code: 'TIMEOUT', isRetryable: true })
      expect(timeout.message).toMatch(/did not answer namecheap\.domains\.dns\.getList within 0\.3 s/)
      expect(Date.now() - started).toBeLessThan(2000)

      fake.state.behaviour = 'malformed'
      const malformed = await registrarErrorOf(call('getNameservers', {}))
      expect(malformed.options).toMatchObject({ code: 'BAD_RESPONSE', isRetryable: true })

      const calls = await db.moduleCall.findMany({
        where: { domainId: domain.id },
        orderBy: { createdAt: 'asc' },
      })
      expect(
        calls.map((c) => [c.success, (c.response as { code?: string; command?: string }).command]),
      ).toEqual([
        [false, 'namecheap.domains.dns.getList'],
        [false, 'namecheap.domains.dns.getList'],
        [false, 'namecheap.domains.dns.getList'],
      ])
      expect(calls.map((c) => c.error)).toEqual([
        expect.stringMatching(/HTTP 500/),
        expect.stringMatching(/did not answer/),
        expect.stringMatching(/could not be read/),
      ])
    })

    it('settings missing: refused before any request', async () => {
      const before = fake.state.requests.length
      const error = await registrarErrorOf(callFor(name, null, { isTestMode: true })('sync', {}))
      expect(error.options.code).toBe('NOT_CONFIGURED')
      expect(fake.state.requests.length).toBe(before)
    })
  })
})

describe('a paid renewal at Namecheap that gets no answer', () => {
  it('is not retried blindly (Namecheap has no idempotency key): staff see why and retry after checking', async () => {
    await updateRegistrarConfig(admin, {
      registrar: 'namecheap',
      isTestMode: true,
      publicConfig: {
        apiUser: fake.apiUser,
        userName: fake.apiUser,
        clientIp: fake.clientIp,
        endpoint: fake.url,
        timeoutMs: '300',
      },
      secrets: { apiKey: fake.apiKey },
    })
    const name = `late-${uid()}.com`
    fake.addDomain(name)
    const domain = await makeDomain(name)
    const expiry = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 15))
    await db.domain.update({
      where: { id: domain.id },
      data: { status: 'ACTIVE', expiryDate: expiry, nextDueDate: expiry },
    })
    // Marked paid directly: paying is billing's; this is what happens after.
    const invoice = await makeInvoice(admin, domain.clientId)
    await db.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID' } })
    const end = new Date(expiry)
    end.setUTCFullYear(end.getUTCFullYear() + 1)
    const item = await db.invoiceItem.create({
      data: {
        invoiceId: invoice.id,
        type: 'DOMAIN',
        description: `Domain renewal ${name}`,
        unitAmount: 1200n,
        amount: 1200n,
        domainId: domain.id,
        periodStart: expiry,
        periodEnd: end,
      },
    })
    const system = { db, actor: { type: 'system' as const, label: 'test' }, request: admin.request }

    fake.state.behaviour = 'slow'
    // Resolves (the job ends) instead of throwing for pg-boss to retry with backoff.
    expect(await fulfilPaidDomainItem(system, item.id)).toMatchObject({ state: 'skipped' })
    const after = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(after.expiryDate).toEqual(expiry)
    expect(after.registrarData).toMatchObject({
      lastError: expect.stringMatching(/check the domain at the registrar before retrying/),
      lastErrorAction: 'renew',
    })
    expect(fake.requestsFor('namecheap.domains.renew')).toHaveLength(1)

    // Staff checked (the registry never got it) and retry: renewed once.
    fake.state.behaviour = null
    expect(await retryDomainFulfilment(admin, { domainId: domain.id })).toMatchObject({
      state: 'done',
      action: 'renew',
    })
    expect(fake.requestsFor('namecheap.domains.renew')).toHaveLength(2)
    expect(
      (await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).expiryDate!.getTime(),
    ).toBeGreaterThan(expiry.getTime())
  })
})
