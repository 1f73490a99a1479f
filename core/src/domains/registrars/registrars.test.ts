import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient } from '@berth/tests/support/factories'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { DomainError } from '../../shared'
import { callRegistrar } from './call-registrar'
import { getRegistrar, listRegistrars } from './registry'

const db = getDb()
const admin = await superAdmin()
const contact = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.test',
  address1: '1 Analytical Row',
  city: 'London',
  postcode: 'N1 1AA',
  country: 'GB',
}
const uid = () => Math.random().toString(36).slice(2, 10)

async function makeDomain(name: string, registrar = 'sandbox') {
  const client = await makeClient()
  return db.domain.create({
    data: {
      clientId: client.clientId,
      name,
      tld: name.split('.').slice(1).join('.'),
      registrar,
      currencyCode: 'USD',
      recurringAmount: 1200n,
    },
  })
}

describe('registrars', () => {
  it('lists the adapters by folder name and refuses unknown ones', () => {
    expect(listRegistrars().map((r) => r.name)).toEqual(['manual', 'namecheap', 'sandbox'])
    expect(() => getRegistrar('nope')).toThrow(DomainError)
  })

  it('sandbox: availability, register, renew, nameservers, DNS, lock and EPP code, each call recorded', async () => {
    const name = `sail-${uid()}.com`
    const domain = await makeDomain(name)
    const call = <A extends Parameters<typeof callRegistrar>[1]['action']>(
      action: A,
      params: Parameters<typeof callRegistrar<A>>[1]['params'],
    ) => callRegistrar(admin, { registrar: 'sandbox', action, name, params, domainId: domain.id })

    expect(await call('checkAvailability', {})).toBe('available')
    expect(
      await callRegistrar(admin, {
        registrar: 'sandbox',
        action: 'checkAvailability',
        name: 'google.com',
        params: {},
      }),
    ).toBe('registered')
    const registered = await call('register', { years: 2, nameservers: [], contact, idProtection: false })
    expect(registered.status).toBe('done')
    const expiry = registered.status === 'done' ? registered.value.expiresAt : new Date(0)
    expect(expiry.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 2)
    expect(await call('checkAvailability', {})).toBe('registered')
    // Registering a taken name is refused, and the failed call is recorded too.
    await expect(
      call('register', { years: 1, nameservers: [], contact, idProtection: false }),
    ).rejects.toMatchObject({
      code: 'PROVISIONING_FAILED',
      message: expect.stringMatching(/not available/),
    })

    const renewed = await call('renew', { years: 3 })
    expect(renewed.status === 'done' && renewed.value.expiresAt.getUTCFullYear()).toBe(
      expiry.getUTCFullYear() + 3,
    )
    await expect(call('renew', { years: 9 })).rejects.toThrow(/more than 10 years/)

    await call('setNameservers', { nameservers: ['ns1.harbour.test', 'ns2.harbour.test'] })
    expect(await call('getNameservers', {})).toEqual(['ns1.harbour.test', 'ns2.harbour.test'])
    await expect(call('setNameservers', { nameservers: ['ns1.harbour.test'] })).rejects.toThrow(/2 to 13/)

    const records = [{ type: 'A' as const, name: '@', content: '192.0.2.1', ttl: 3600 }]
    await call('setDnsRecords', { records })
    expect(await call('getDnsRecords', {})).toEqual(records)

    await expect(call('getEppCode', {})).rejects.toThrow(/Unlock/)
    await call('setLock', { isLocked: false })
    const epp = await call('getEppCode', {})
    const code = epp.status === 'done' ? epp.value : ''
    expect(code.length).toBeGreaterThan(8)

    // Transfer with the wrong code is refused; with the right one it adds a year and locks again.
    await expect(call('transfer', { eppCode: 'wrong', years: 1, contact })).rejects.toThrow(
      /EPP code is wrong/,
    )
    const moved = await call('transfer', { eppCode: code, years: 1, contact })
    expect(moved.status === 'done' && moved.value.isLocked).toBe(true)
    expect((await call('sync', {})).status).toEqual(['clientTransferProhibited'])

    const calls = await db.moduleCall.findMany({
      where: { domainId: domain.id },
      orderBy: { createdAt: 'asc' },
    })
    expect(calls.map((c) => c.action)).toContain('register')
    const staffId = admin.actor.type === 'staff' ? admin.actor.staffId : null
    expect(calls.every((c) => c.module === 'sandbox' && c.staffId === staffId)).toBe(true)
    // taken name, 9 more years, one nameserver, EPP code while locked, wrong EPP code
    expect(calls.filter((c) => !c.success).map((c) => c.action)).toEqual([
      'register',
      'renew',
      'setNameservers',
      'getEppCode',
      'transfer',
    ])
    // EPP codes never land in the call log in clear.
    const log = JSON.stringify(calls.map((c) => [c.request, c.response]))
    expect(log).not.toContain(code)
    expect(log).toContain('••••')
  })

  it('manual: a change opens a staff task for the domain and waits; reads fail clearly', async () => {
    const name = `hand-${uid()}.net`
    const domain = await makeDomain(name, 'manual')
    const answer = await callRegistrar(admin, {
      registrar: 'manual',
      action: 'register',
      name,
      domainId: domain.id,
      params: { years: 1, nameservers: ['ns1.a.test', 'ns2.a.test'], contact, idProtection: true },
    })
    expect(answer.status).toBe('waiting')
    const task = await db.staffTask.findFirstOrThrow({ where: { domainId: domain.id } })
    expect(task).toMatchObject({ kind: 'domain.register', status: 'OPEN', title: `Register ${name}` })
    expect(task.description).toMatch(/ID protection/)
    await expect(
      callRegistrar(admin, { registrar: 'manual', action: 'sync', name, domainId: domain.id, params: {} }),
    ).rejects.toThrow(/cannot read expiry/)
    const calls = await db.moduleCall.findMany({ where: { domainId: domain.id } })
    expect(calls.map((c) => [c.module, c.action, c.success]).sort()).toEqual([
      ['manual', 'register', true],
      ['manual', 'sync', false],
    ])
  })
})
