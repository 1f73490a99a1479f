import { describe, expect, it } from 'vitest'
import type { DomainStatus } from '@berth/prisma'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { encryptSecret, secretBinding } from '../../crypto'
import { callRegistrar } from '../registrars'
import {
  cancelDomain,
  changeDomainRegistrar,
  registerDomain,
  releaseDomain,
  syncDomain,
  transferDomain,
} from '.'

const db = getDb()
const admin = await superAdmin()
const contact = {
  firstName: 'Grace',
  lastName: 'Hopper',
  email: 'grace@example.test',
  address1: '1 Cobol Way',
  city: 'Arlington',
  postcode: '22201',
  country: 'US',
}

async function makeDomain(status: DomainStatus, overrides: { name?: string; registrar?: string } = {}) {
  const client = await makeClient()
  const name = overrides.name ?? `staff-${uid()}.com`
  return db.domain.create({
    data: {
      clientId: client.clientId,
      name,
      tld: 'com',
      registrar: overrides.registrar ?? 'sandbox',
      status,
      currencyCode: 'USD',
      recurringAmount: 1200n,
      years: 2,
    },
  })
}

const auditOf = (id: string) =>
  db.auditEvent.findMany({
    where: { targetType: 'Domain', targetId: id },
    orderBy: { createdAt: 'asc' },
    select: { action: true, before: true, after: true, actorType: true, ip: true },
  })

describe('staff domain actions', () => {
  it('register: a PENDING domain is registered at the sandbox, ACTIVE with its expiry, audited', async () => {
    const domain = await makeDomain('PENDING')
    const outcome = await registerDomain(admin, { domainId: domain.id })
    expect(outcome.state).toBe('done')
    const after = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(after.status).toBe('ACTIVE')
    expect(after.expiryDate?.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 2)
    expect(after.nextDueDate).toEqual(after.expiryDate)
    expect(await db.sandboxDomain.count({ where: { name: domain.name } })).toBe(1)
    const [event] = await auditOf(domain.id)
    expect(event).toMatchObject({
      action: 'domains.domain.register',
      actorType: 'STAFF',
      before: expect.objectContaining({ status: 'PENDING' }),
      after: expect.objectContaining({ status: 'ACTIVE' }),
    })
    expect(event!.ip).toBeTruthy()
    // Once ACTIVE the action is refused: a second tab cannot register it twice.
    await expect(registerDomain(admin, { domainId: domain.id })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })
  })

  it('register: a refusal at the registrar is kept on the domain (failed filter), audited, and thrown', async () => {
    const domain = await makeDomain('PENDING', { name: `taken-${uid()}.com`.replace(/^taken-\w+/, 'taken') })
    await expect(registerDomain(admin, { domainId: domain.id })).rejects.toMatchObject({
      code: 'PROVISIONING_FAILED',
    })
    const after = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(after.status).toBe('PENDING')
    expect(after.registrarData).toMatchObject({ lastError: expect.stringMatching(/not available/) })
    expect((await auditOf(domain.id)).map((e) => e.action)).toEqual(['domains.domain.register.failed'])
    const calls = await db.moduleCall.findMany({ where: { domainId: domain.id } })
    expect(calls.map((c) => [c.action, c.success])).toEqual([['register', false]])
  })

  it('manual registrar: register waits with a staff task and leaves the domain PENDING', async () => {
    const domain = await makeDomain('PENDING', { registrar: 'manual' })
    expect(await registerDomain(admin, { domainId: domain.id })).toEqual({ state: 'waiting' })
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).status).toBe('PENDING')
    expect(await db.staffTask.count({ where: { domainId: domain.id, kind: 'domain.register' } })).toBe(1)
    expect((await auditOf(domain.id)).map((e) => e.action)).toEqual(['domains.domain.register.requested'])
  })

  it('transfer: uses the checkout EPP code, or the one staff type; wrong code kept as the last error', async () => {
    // The domain exists at the sandbox registry under another holder, unlocked, with its code.
    const name = `move-${uid()}.com`
    const seed = await makeDomain('CANCELLED', { name })
    await callRegistrar(admin, {
      registrar: 'sandbox',
      action: 'register',
      name,
      domainId: seed.id,
      params: { years: 1, nameservers: [], contact, idProtection: false },
    })
    await callRegistrar(admin, { registrar: 'sandbox', action: 'setLock', name, params: { isLocked: false } })
    const epp = await callRegistrar(admin, { registrar: 'sandbox', action: 'getEppCode', name, params: {} })
    const code = epp.status === 'done' ? epp.value : ''

    const domain = await makeDomain('PENDING_TRANSFER', { name })
    await db.domain.update({
      where: { id: domain.id },
      data: { eppCodeEnc: encryptSecret('wrong-code', secretBinding('Domain.eppCodeEnc', domain.id)) },
    })
    await expect(transferDomain(admin, { domainId: domain.id })).rejects.toMatchObject({
      code: 'PROVISIONING_FAILED',
    })
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).registrarData).toMatchObject({
      lastError: expect.stringMatching(/EPP code is wrong/),
      lastErrorAction: 'transfer',
    })
    expect(await transferDomain(admin, { domainId: domain.id, eppCode: code })).toMatchObject({
      state: 'done',
    })
    const after = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(after.status).toBe('ACTIVE')
    expect(after.registrarData).not.toHaveProperty('lastError')
    const events = await auditOf(domain.id)
    expect(events.map((e) => e.action)).toEqual(['domains.domain.transfer.failed', 'domains.domain.transfer'])
    expect(JSON.stringify(events)).not.toContain(code)
    const log = await db.moduleCall.findMany({ where: { domainId: domain.id } })
    expect(JSON.stringify(log.map((c) => c.request))).not.toContain(code)
  })

  it('sync: reads expiry, nameservers and lock back; a lapsed domain renewed at the registry is ACTIVE', async () => {
    const domain = await makeDomain('PENDING')
    await registerDomain(admin, { domainId: domain.id })
    await db.domain.update({
      where: { id: domain.id },
      data: { status: 'GRACE', expiryDate: new Date('2020-01-01'), nameservers: [] },
    })
    const result = await syncDomain(admin, { domainId: domain.id })
    expect(result.status).toBe('ACTIVE')
    const after = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(after.expiryDate!.getTime()).toBeGreaterThan(Date.now())
    expect(after.nextDueDate).toEqual(after.expiryDate)
    expect(after.nameservers.length).toBeGreaterThanOrEqual(2)
    expect(after.lastSyncedAt).not.toBeNull()
    expect((await auditOf(domain.id)).at(-1)).toMatchObject({
      action: 'domains.domain.sync',
      before: expect.objectContaining({ status: 'GRACE' }),
      after: expect.objectContaining({ status: 'ACTIVE' }),
    })
  })

  it('change registrar, release and cancel: records only, each audited; illegal moves refused', async () => {
    const domain = await makeDomain('ACTIVE')
    await expect(
      changeDomainRegistrar(admin, { domainId: domain.id, registrar: 'nope' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'registrar' })
    await expect(
      changeDomainRegistrar(admin, { domainId: domain.id, registrar: 'sandbox' }),
    ).rejects.toMatchObject({ field: 'registrar' })
    await changeDomainRegistrar(admin, { domainId: domain.id, registrar: 'manual' })
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).registrar).toBe('manual')

    await releaseDomain(admin, { domainId: domain.id, reason: 'Moved to another host' })
    const released = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(released).toMatchObject({ status: 'TRANSFERRED_AWAY', isAutoRenew: false })
    await expect(cancelDomain(admin, { domainId: domain.id })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })

    const pending = await makeDomain('PENDING')
    await cancelDomain(admin, { domainId: pending.id })
    expect((await db.domain.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('CANCELLED')
    expect((await auditOf(domain.id)).map((e) => e.action)).toEqual([
      'domains.domain.change-registrar',
      'domains.domain.release',
    ])
    expect((await auditOf(domain.id))[1]!.after).toMatchObject({ reason: 'Moved to another host' })
  })

  it('refuses staff without domains.manage and clients; bad ids are field errors; nothing changes', async () => {
    const readOnly = (await makeStaff('Read-only')).ctx
    const client = await makeClient()
    const domain = await makeDomain('PENDING')
    for (const ctx of [readOnly, client.ctx]) {
      await expect(registerDomain(ctx, { domainId: domain.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
      await expect(cancelDomain(ctx, { domainId: domain.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    }
    await expect(registerDomain(admin, { domainId: 'nope' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'domainId',
    })
    expect(await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).toEqual(domain)
    expect(await auditOf(domain.id)).toEqual([])
    expect(await db.moduleCall.count({ where: { domainId: domain.id } })).toBe(0)
  })
})
