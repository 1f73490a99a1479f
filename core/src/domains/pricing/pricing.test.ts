import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { createTld, deleteTld, updateTld } from './manage-tlds'
import { listTldPricing } from './list-tld-pricing'
import { applyTldMarkup, markUp, setTldPrices } from './set-tld-prices'

const db = getDb()
const admin = await superAdmin()

describe('TLD pricing', () => {
  it('creates, updates and deletes TLDs with validation and audit', async () => {
    const { id } = await createTld(admin, { name: '.Shop', registrar: 'sandbox', isFeatured: true })
    expect(await db.tld.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: 'shop',
      isFeatured: true,
    })
    await expect(createTld(admin, { name: 'shop', registrar: 'sandbox' })).rejects.toMatchObject({
      code: 'DUPLICATE',
      field: 'name',
    })
    await expect(createTld(admin, { name: '-bad', registrar: 'nope' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: expect.arrayContaining([expect.objectContaining({ field: 'registrar' })]),
    })
    await expect(updateTld(admin, id, { minYears: 5, maxYears: 2 })).rejects.toMatchObject({
      field: 'minYears',
    })
    await updateTld(admin, id, { minYears: 2 })
    expect((await db.tld.findUniqueOrThrow({ where: { id } })).minYears).toBe(2)
    const events = await db.auditEvent.findMany({ where: { targetId: id }, select: { action: true } })
    expect(events.map((e) => e.action)).toEqual(['domains.tld.create', 'domains.tld.update'])
    await deleteTld(admin, id)
    expect(await db.tld.count({ where: { id } })).toBe(0)
  })

  it('refuses staff without domains.tlds and clients', async () => {
    const support = (await makeStaff('Support')).ctx
    const client = await makeClient()
    await expect(createTld(support, { name: 'blog', registrar: 'sandbox' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(createTld(client.ctx, { name: 'blog', registrar: 'sandbox' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect(await db.tld.count({ where: { name: 'blog' } })).toBe(0)
  })

  it('sets a price grid per currency, applies a markup over cost, lists the public table', async () => {
    const { id } = await createTld(admin, { name: 'io', registrar: 'sandbox' })
    const { id: comId } = await createTld(admin, { name: 'com', registrar: 'sandbox', isFeatured: true })
    await setTldPrices(admin, comId, {
      currency: 'USD',
      prices: [{ action: 'REGISTER', years: 1, amount: '1099' }],
    })
    await setTldPrices(admin, id, {
      currency: 'USD',
      prices: [
        { action: 'REGISTER', years: 1, amount: '4000', costAmount: '3000' },
        { action: 'RENEW', years: 1, amount: '4000', costAmount: '3000' },
        { action: 'TRANSFER', years: 1, amount: '4000' },
      ],
      fees: [{ kind: 'REDEMPTION', amount: '9000', costAmount: '8800' }],
    })
    // bad input changes nothing
    await expect(
      setTldPrices(admin, id, { currency: 'USD', prices: [{ action: 'REGISTER', years: 11, amount: '-1' }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(await db.tldPrice.count({ where: { tldId: id } })).toBe(3)

    expect(markUp(3000n, 12.5)).toBe(3375n)
    expect(await applyTldMarkup(admin, { tldIds: [id], percent: 12.5 })).toEqual({
      updated: 3,
      skippedWithoutCost: 1,
    })
    const prices = await db.tldPrice.findMany({ where: { tldId: id }, orderBy: { action: 'asc' } })
    expect(prices.map((p) => [p.action, p.amount])).toEqual([
      ['REGISTER', 3375n],
      ['TRANSFER', 4000n],
      ['RENEW', 3375n],
    ])
    expect((await db.tldFee.findFirstOrThrow({ where: { tldId: id } })).amount).toBe(9900n)

    expect((await listTldPricing(db, 'USD')).map((r) => [r.tld, r.register])).toEqual([
      ['com', '1099'],
      ['io', '3375'],
    ])
    expect((await listTldPricing(db, 'USD', 'register', 'desc')).map((r) => r.tld)).toEqual(['io', 'com'])
    expect(await listTldPricing(db, 'EUR')).toEqual([])
  })
})
