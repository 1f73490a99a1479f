import { describe, expect, it } from 'vitest'
import { getDb, type DomainStatus } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { makeInvoice } from '@berth/tests/support/billing-factories'
import { parseDateOnly, toDateOnly } from '../../catalog'
import { handleInvoicePaid } from '../../services'
import { encryptSecret, secretBinding } from '../../crypto'
import { callRegistrar } from '../registrars'
import { fulfilPaidDomainItem, retryDomainFulfilment } from '.'

const db = getDb()
const admin = await superAdmin()

/**
 * A domain and a PAID invoice with its DOMAIN item for `years` from today. The invoice is marked
 * paid directly: paying is billing's (tested there); this file tests what happens after.
 */
async function paidDomainItem(
  status: DomainStatus,
  opts: { name?: string; years?: number; nameservers?: string[]; expiry?: string } = {},
) {
  const client = await makeClient()
  const years = opts.years ?? 1
  const domain = await db.domain.create({
    data: {
      clientId: client.clientId,
      name: opts.name ?? `order-${uid()}.com`,
      tld: 'com',
      registrar: 'sandbox',
      status,
      currencyCode: 'USD',
      recurringAmount: 1200n,
      years,
      nameservers: opts.nameservers ?? [],
      ...(opts.expiry
        ? { expiryDate: parseDateOnly(opts.expiry), nextDueDate: parseDateOnly(opts.expiry) }
        : {}),
    },
  })
  const invoice = await makeInvoice(admin, client.clientId)
  const start = toDateOnly(new Date())
  const end = new Date(start)
  end.setUTCFullYear(end.getUTCFullYear() + years)
  const item = await db.invoiceItem.create({
    data: {
      invoiceId: invoice.id,
      type: 'DOMAIN',
      description: `Domain ${domain.name}`,
      unitAmount: 1200n * BigInt(years),
      amount: 1200n * BigInt(years),
      domainId: domain.id,
      periodStart: start,
      periodEnd: end,
    },
  })
  await db.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID' } })
  return { domain, invoice, item, client }
}

const system = { db, actor: { type: 'system' as const, label: 'test' }, request: admin.request }
const reload = (id: string) => db.domain.findUniqueOrThrow({ where: { id } })

describe('paid domain items (domains.fulfil)', () => {
  it('invoice.paid queues one domains.fulfil job per DOMAIN item, once however often it is replayed', async () => {
    const { invoice, item } = await paidDomainItem('PENDING')
    await handleInvoicePaid(db, { invoiceId: invoice.id })
    await handleInvoicePaid(db, { invoiceId: invoice.id })
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pgboss.job WHERE "name" = 'domains.fulfil' AND "data"->>'invoiceItemId' = ${item.id}`
    expect(Number(jobs[0]!.n)).toBe(1)
  })

  it('register: a paid PENDING domain is registered at the sandbox, ACTIVE with expiry = next due date, audited', async () => {
    const { domain, item } = await paidDomainItem('PENDING', { years: 2 })
    const outcome = await fulfilPaidDomainItem(system, item.id)
    expect(outcome).toMatchObject({ state: 'done', action: 'register' })
    const after = await reload(domain.id)
    expect(after.status).toBe('ACTIVE')
    expect(after.expiryDate?.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 2)
    expect(after.nextDueDate).toEqual(after.expiryDate)
    expect(after.registrationDate).toBeTruthy()
    expect(after.nameservers.length).toBeGreaterThanOrEqual(2)
    expect(await db.sandboxDomain.count({ where: { name: domain.name } })).toBe(1)
    const audit = await db.auditEvent.findMany({ where: { targetType: 'Domain', targetId: domain.id } })
    expect(audit.map((a) => a.action)).toEqual(['domains.domain.register'])
    // The job running again does nothing: one registration, one registrar call.
    expect(await fulfilPaidDomainItem(system, item.id)).toMatchObject({ state: 'skipped' })
    expect(await db.moduleCall.count({ where: { domainId: domain.id, action: 'register' } })).toBe(1)
  })

  it('the same item fulfilled twice at once registers once', async () => {
    const { domain, item } = await paidDomainItem('PENDING')
    const results = await Promise.allSettled([
      fulfilPaidDomainItem(system, item.id),
      fulfilPaidDomainItem(system, item.id),
    ])
    const states = results.map((r) => (r.status === 'fulfilled' ? r.value.state : 'rejected')).sort()
    expect(states).toEqual(['done', 'skipped'])
    expect(await db.moduleCall.count({ where: { domainId: domain.id, action: 'register' } })).toBe(1)
    expect(await db.sandboxDomain.count({ where: { name: domain.name } })).toBe(1)
  })

  it('an unpaid invoice registers nothing', async () => {
    const { domain, item, invoice } = await paidDomainItem('PENDING')
    await db.invoice.update({ where: { id: invoice.id }, data: { status: 'UNPAID' } })
    expect(await fulfilPaidDomainItem(system, item.id)).toMatchObject({ state: 'skipped' })
    expect((await reload(domain.id)).status).toBe('PENDING')
    expect(await db.moduleCall.count({ where: { domainId: domain.id } })).toBe(0)
  })

  it('a registrar refusal stays pending with lastError (thrown for the job to retry); staff retry after the fix', async () => {
    // One nameserver: the sandbox registry refuses (it needs 2 to 13).
    const { domain, item } = await paidDomainItem('PENDING', { nameservers: ['ns1.only.test'] })
    await expect(fulfilPaidDomainItem(system, item.id)).rejects.toMatchObject({ code: 'PROVISIONING_FAILED' })
    const failed = await reload(domain.id)
    expect(failed.status).toBe('PENDING')
    expect(failed.registrarData).toMatchObject({ lastError: expect.stringMatching(/nameservers/) })
    const audit = await db.auditEvent.findMany({ where: { targetType: 'Domain', targetId: domain.id } })
    expect(audit.map((a) => a.action)).toEqual(['domains.domain.register.failed'])

    // A client may not retry; staff with domains.manage may.
    const { ctx: clientCtx } = await makeClient()
    await expect(retryDomainFulfilment(clientCtx, { domainId: domain.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await db.domain.update({
      where: { id: domain.id },
      data: { nameservers: ['ns1.ok.test', 'ns2.ok.test'] },
    })
    const retried = await retryDomainFulfilment(admin, { domainId: domain.id })
    expect(retried).toMatchObject({ state: 'done', action: 'register' })
    const ok = await reload(domain.id)
    expect(ok.status).toBe('ACTIVE')
    expect(ok.registrarData).not.toHaveProperty('lastError')
    // Nothing left to retry.
    await expect(retryDomainFulfilment(admin, { domainId: domain.id })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })
  })

  it('a name taken at registration time stays pending with the registry answer', async () => {
    const { domain, item } = await paidDomainItem('PENDING', { name: 'taken.com' })
    await expect(fulfilPaidDomainItem(system, item.id)).rejects.toMatchObject({ code: 'PROVISIONING_FAILED' })
    const after = await reload(domain.id)
    expect(after.status).toBe('PENDING')
    expect(after.registrarData).toMatchObject({ lastError: expect.stringMatching(/not available/) })
  })

  it('transfer: a paid PENDING_TRANSFER domain moves in with the EPP code sealed at checkout', async () => {
    // The name is held at the sandbox registry by someone else, unlocked, with its code.
    const name = `move-${uid()}.com`
    const contact = {
      firstName: 'A',
      lastName: 'B',
      email: 'a@example.test',
      address1: '1 St',
      city: 'C',
      postcode: '1',
      country: 'US',
    }
    await callRegistrar(admin, {
      registrar: 'sandbox',
      action: 'register',
      name,
      params: { years: 1, nameservers: [], contact, idProtection: false },
    })
    await callRegistrar(admin, { registrar: 'sandbox', action: 'setLock', name, params: { isLocked: false } })
    const epp = await callRegistrar(admin, { registrar: 'sandbox', action: 'getEppCode', name, params: {} })
    const held = await db.sandboxDomain.findUniqueOrThrow({ where: { name } })
    const { domain, item } = await paidDomainItem('PENDING_TRANSFER', { name })
    await db.domain.update({
      where: { id: domain.id },
      data: {
        eppCodeEnc: encryptSecret(
          epp.status === 'done' ? epp.value : '',
          secretBinding('Domain.eppCodeEnc', domain.id),
        ),
      },
    })
    expect(await fulfilPaidDomainItem(system, item.id)).toMatchObject({ state: 'done', action: 'transfer' })
    const after = await reload(domain.id)
    expect(after.status).toBe('ACTIVE')
    // A transfer adds the year paid for to the registry's expiry.
    expect(after.expiryDate?.getUTCFullYear()).toBe(held.expiresAt.getUTCFullYear() + 1)
    // The EPP code never lands in the module log.
    const calls = await db.moduleCall.findMany({ where: { domainId: domain.id, action: 'transfer' } })
    expect(JSON.stringify(calls[0]!.request)).not.toContain(epp.status === 'done' ? epp.value : 'x')
  })

  it('renew: a paid renewal of an ACTIVE domain extends its expiry by the item period', async () => {
    const { domain: registered, item: first } = await paidDomainItem('PENDING')
    await fulfilPaidDomainItem(system, first.id)
    const before = await reload(registered.id)
    const invoice = await makeInvoice(admin, before.clientId)
    const start = before.expiryDate!
    const end = new Date(start)
    end.setUTCFullYear(end.getUTCFullYear() + 2)
    const renewal = await db.invoiceItem.create({
      data: {
        invoiceId: invoice.id,
        type: 'DOMAIN',
        description: `Renewal ${before.name}`,
        unitAmount: 2400n,
        amount: 2400n,
        domainId: before.id,
        periodStart: start,
        periodEnd: end,
      },
    })
    await db.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID' } })
    expect(await fulfilPaidDomainItem(system, renewal.id)).toMatchObject({ state: 'done', action: 'renew' })
    const after = await reload(before.id)
    expect(after.expiryDate?.getUTCFullYear()).toBe(before.expiryDate!.getUTCFullYear() + 2)
    expect(after.nextDueDate).toEqual(after.expiryDate)
    expect(await fulfilPaidDomainItem(system, renewal.id)).toMatchObject({ state: 'skipped' })
    expect(await db.moduleCall.count({ where: { domainId: before.id, action: 'renew' } })).toBe(1)
  })

  it('staff without domains.manage cannot retry', async () => {
    const { domain } = await paidDomainItem('PENDING')
    const support = await makeStaff('Read-only')
    await expect(retryDomainFulfilment(support.ctx, { domainId: domain.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
