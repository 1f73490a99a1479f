import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { BUILT_IN_ROLES } from '../access'
import { DEFAULT_CURRENCIES, ensureReferenceData } from './ensure-reference-data'

const db = getDb()
const snapshot = async () => ({
  roles: await db.role.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, description: true, permissions: true, isSystem: true },
  }),
  currencies: await db.currency.findMany({
    orderBy: { code: 'asc' },
    select: { code: true, name: true, symbol: true, exponent: true, isDefault: true, isActive: true },
  }),
  sequences: await db.numberSequence.findMany({ select: { name: true, nextValue: true } }),
})

describe('ensureReferenceData', () => {
  it('the template database has the built-in roles, the default currencies (USD default) and the invoice sequence', async () => {
    const s = await snapshot()
    expect(s.roles.map((r) => r.name).sort()).toEqual(Object.keys(BUILT_IN_ROLES).sort())
    for (const r of s.roles) {
      expect(r.isSystem).toBe(true)
      expect(r.permissions).toEqual([...BUILT_IN_ROLES[r.name as keyof typeof BUILT_IN_ROLES].permissions])
    }
    expect(s.currencies.map((c) => c.code)).toEqual(DEFAULT_CURRENCIES.map((c) => c.code).sort())
    expect(s.currencies.filter((c) => c.isDefault).map((c) => c.code)).toEqual(['USD'])
    expect(s.sequences).toEqual([{ name: 'invoice', nextValue: 1n }])
  })

  it('is idempotent: running it again changes nothing', async () => {
    const before = await snapshot()
    await ensureReferenceData(db)
    await ensureReferenceData(db)
    expect(await snapshot()).toEqual(before)
  })

  it("puts the built-in roles' permissions back as the code defines them, and leaves custom roles, currencies and the sequence alone", async () => {
    await db.role.update({
      where: { name: 'Read-only' },
      data: { permissions: ['staff.manage', 'settings.manage'], description: 'tampered', isSystem: false },
    })
    await db.role.delete({ where: { name: 'Support' } })
    const custom = await db.role.create({ data: { name: 'Night shift', permissions: ['support.view'] } })
    await db.currency.update({ where: { code: 'EUR' }, data: { isActive: false, symbol: 'EUR' } })
    await db.numberSequence.update({ where: { name: 'invoice' }, data: { nextValue: 42n } })

    await ensureReferenceData(db)

    const readOnly = await db.role.findUniqueOrThrow({ where: { name: 'Read-only' } })
    expect(readOnly).toMatchObject({
      permissions: [...BUILT_IN_ROLES['Read-only'].permissions],
      description: BUILT_IN_ROLES['Read-only'].description,
      isSystem: true,
    })
    expect(await db.role.findUniqueOrThrow({ where: { name: 'Support' } })).toMatchObject({
      permissions: [...BUILT_IN_ROLES.Support.permissions],
      isSystem: true,
    })
    expect(await db.role.findUniqueOrThrow({ where: { id: custom.id } })).toMatchObject({
      permissions: ['support.view'],
      isSystem: false,
    })
    expect(await db.currency.findUniqueOrThrow({ where: { code: 'EUR' } })).toMatchObject({
      isActive: false,
      symbol: 'EUR',
    })
    expect(await db.currency.count()).toBe(3)
    expect((await db.numberSequence.findUniqueOrThrow({ where: { name: 'invoice' } })).nextValue).toBe(42n)
  })
})
