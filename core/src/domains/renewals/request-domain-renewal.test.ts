import { describe, expect, it } from 'vitest'
import { getDb, type DomainStatus } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { cancelInvoice } from '../../billing'
import { parseDateOnly } from '../../catalog'
import { seedDemoTlds } from '../demo/seed-demo-tlds'
import { requestDomainRenewal } from './request-domain-renewal'

const db = getDb()
const admin = await superAdmin()
// A long timeout: seeding 8 TLDs x 3 currencies takes seconds on a loaded machine.
await db.$transaction((tx) => seedDemoTlds(tx), { timeout: 60_000 })
const TODAY = parseDateOnly('2027-03-10')
const at = { today: TODAY }
const uid = () => Math.random().toString(36).slice(2, 10)

async function makeDomain(
  opts: { expiry: string; status?: DomainStatus; tld?: string } = { expiry: '2027-03-20' },
) {
  const client = await makeClient()
  const { currencyCode } = await db.client.findUniqueOrThrow({ where: { id: client.clientId } })
  const tld = opts.tld ?? 'com'
  const domain = await db.domain.create({
    data: {
      clientId: client.clientId,
      name: `renew-${uid()}.${tld}`,
      tld,
      registrar: 'sandbox',
      status: opts.status ?? 'ACTIVE',
      expiryDate: parseDateOnly(opts.expiry),
      nextDueDate: parseDateOnly(opts.expiry),
      currencyCode,
      recurringAmount: 1299n,
    },
  })
  return { client, domain, currencyCode }
}

const renewPrice = async (tld: string, currencyCode: string, years: number) =>
  (
    await db.tldPrice.findFirstOrThrow({
      where: { tld: { name: tld }, currencyCode, action: 'RENEW', years },
    })
  ).amount
const fee = async (tld: string, currencyCode: string, kind: 'GRACE' | 'REDEMPTION') =>
  (await db.tldFee.findFirstOrThrow({ where: { tld: { name: tld }, currencyCode, kind } })).amount
const itemsOf = (invoiceId: string) =>
  db.invoiceItem.findMany({ where: { invoiceId }, orderBy: { sortOrder: 'asc' } })

describe('requestDomainRenewal', () => {
  it('bills the period from the current expiry at the RENEW price, once, audited', async () => {
    const { client, domain, currencyCode } = await makeDomain({ expiry: '2027-03-20' })
    const first = await requestDomainRenewal(client.ctx, { domainId: domain.id, years: '2' }, at)
    expect(first).toMatchObject({ isExisting: false, status: 'UNPAID', currencyCode })
    expect(first.periodStart).toEqual(parseDateOnly('2027-03-20'))
    expect(first.periodEnd).toEqual(parseDateOnly('2029-03-20'))
    const items = await itemsOf(first.invoiceId)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      type: 'DOMAIN',
      domainId: domain.id,
      periodStart: parseDateOnly('2027-03-20'),
      periodEnd: parseDateOnly('2029-03-20'),
      unitAmount: await renewPrice('com', currencyCode, 2),
    })
    expect(items[0]!.description).toContain(domain.name)

    // A second request (another tab, staff at the same time) returns the unpaid invoice.
    const again = await requestDomainRenewal(admin, { domainId: domain.id, years: 1 }, at)
    expect(again).toMatchObject({ invoiceId: first.invoiceId, isExisting: true })
    expect(await db.invoiceItem.count({ where: { domainId: domain.id } })).toBe(1)
    expect(await db.invoice.count({ where: { clientId: client.clientId } })).toBe(1)

    const audit = await db.auditEvent.findMany({
      where: { targetId: domain.id, action: 'domain.renewal.request' },
    })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorType: 'CLIENT', clientId: client.clientId })
    expect(audit[0]!.after).toMatchObject({ years: 2, invoiceId: first.invoiceId })
  })

  it("refuses another client's domain, staff without domains.manage and bad years; nothing billed", async () => {
    const { domain } = await makeDomain({ expiry: '2027-06-01' })
    const other = await makeClient()
    await expect(
      requestDomainRenewal(other.ctx, { domainId: domain.id, years: 1 }, at),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const readOnly = (await makeStaff('Read-only')).ctx
    await expect(requestDomainRenewal(readOnly, { domainId: domain.id, years: 1 }, at)).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    )
    await expect(requestDomainRenewal(admin, { domainId: domain.id, years: 11 }, at)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'years',
    })
    await expect(requestDomainRenewal(admin, { domainId: 'nope', years: 1 }, at)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'domainId',
    })
    // The registry's cap: expiry 2027-06-01 + 10 years passes today + 10 years.
    await expect(requestDomainRenewal(admin, { domainId: domain.id, years: 10 }, at)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'years',
      message: expect.stringContaining('10 years ahead'),
    })
    await db.tld.update({ where: { name: 'io' }, data: { minYears: 2 } })
    const io = await makeDomain({ expiry: '2027-06-01', tld: 'io' })
    await expect(
      requestDomainRenewal(io.client.ctx, { domainId: io.domain.id, years: 1 }, at),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'years',
      message: '.io renews for 2 to 10 years.',
    })
    const pending = await makeDomain({ expiry: '2027-06-01', status: 'PENDING' })
    await expect(
      requestDomainRenewal(pending.client.ctx, { domainId: pending.domain.id, years: 1 }, at),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
    expect(
      await db.invoiceItem.count({
        where: { domainId: { in: [domain.id, io.domain.id, pending.domain.id] } },
      }),
    ).toBe(0)
  })

  it('adds the grace fee after expiry and the redemption fee in redemption; refuses once released', async () => {
    // Expired 5 days ago, still ACTIVE (the daily run has not moved it): the date decides the fee.
    const grace = await makeDomain({ expiry: '2027-03-05' })
    const g = await requestDomainRenewal(grace.client.ctx, { domainId: grace.domain.id, years: 1 }, at)
    const gItems = await itemsOf(g.invoiceId)
    expect(gItems.map((i) => [i.type, i.unitAmount])).toEqual([
      ['DOMAIN', await renewPrice('com', grace.currencyCode, 1)],
      ['MANUAL', await fee('com', grace.currencyCode, 'GRACE')],
    ])
    // The fee is not a renewal: no domain, no period.
    expect(gItems[1]).toMatchObject({ domainId: null, periodStart: null })

    // The registrar put it in redemption: the status decides.
    const red = await makeDomain({ expiry: '2027-03-01', status: 'REDEMPTION' })
    const r = await requestDomainRenewal(red.client.ctx, { domainId: red.domain.id, years: 1 }, at)
    expect((await itemsOf(r.invoiceId)).map((i) => i.unitAmount)).toEqual([
      await renewPrice('com', red.currencyCode, 1),
      await fee('com', red.currencyCode, 'REDEMPTION'),
    ])

    // EXPIRED within grace can still be renewed; past grace + redemption (30 + 30 days) it cannot.
    const expiredInGrace = await makeDomain({ expiry: '2027-03-01', status: 'EXPIRED' })
    await expect(
      requestDomainRenewal(admin, { domainId: expiredInGrace.domain.id, years: 1 }, at),
    ).resolves.toMatchObject({ isExisting: false })
    const released = await makeDomain({ expiry: '2027-01-01', status: 'EXPIRED' })
    await expect(
      requestDomainRenewal(admin, { domainId: released.domain.id, years: 1 }, at),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
  })

  it('bills again after the unpaid invoice was cancelled; keeps 29 February as 28 February', async () => {
    const { client, domain } = await makeDomain({ expiry: '2028-02-29' })
    const first = await requestDomainRenewal(client.ctx, { domainId: domain.id, years: 1 }, at)
    expect(first.periodEnd).toEqual(parseDateOnly('2029-02-28'))
    await cancelInvoice(admin, { invoiceId: first.invoiceId, reason: 'client changed their mind' })
    const second = await requestDomainRenewal(client.ctx, { domainId: domain.id, years: 3 }, at)
    expect(second.invoiceId).not.toBe(first.invoiceId)
    expect(second.periodEnd).toEqual(parseDateOnly('2031-02-28'))
    const live = await db.invoiceItem.findMany({
      where: { domainId: domain.id, periodStart: parseDateOnly('2028-02-29') },
      select: { invoiceId: true },
    })
    expect(live).toEqual([{ invoiceId: second.invoiceId }])
  })

  it('two requests at once make one invoice', async () => {
    const { client, domain } = await makeDomain({ expiry: '2027-04-01' })
    const [a, b] = await Promise.all([
      requestDomainRenewal(client.ctx, { domainId: domain.id, years: 1 }, at),
      requestDomainRenewal(admin, { domainId: domain.id, years: 1 }, at),
    ])
    expect(a.invoiceId).toBe(b.invoiceId)
    expect([a.isExisting, b.isExisting].sort()).toEqual([false, true])
    expect(await db.invoice.count({ where: { clientId: client.clientId } })).toBe(1)
  })
})
