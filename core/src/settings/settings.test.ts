import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, tableCounts } from '@berth/tests/support/factories'
import { systemCtx } from '../shared'
import { getSettings, settingsSchema, updateSettings } from './settings'

const db = getDb()

describe('getSettings', () => {
  it('gives every default when nothing is stored, and a stored value that no longer fits falls back to its default', async () => {
    const defaults = settingsSchema.parse({})
    expect(await getSettings(db)).toEqual(defaults)
    expect(defaults).toMatchObject({
      'company.name': 'Berth Hosting',
      'billing.invoiceNumberFormat': 'INV-{YYYY}-{SEQ:5}',
      'portal.allowRegistration': true,
    })
    await db.setting.create({ data: { key: 'billing.paymentTermsDays', value: 'fourteen' } })
    await db.setting.create({ data: { key: 'company.name', value: 'Stored Co' } })
    await db.setting.create({ data: { key: 'no.such.setting', value: 1 } })
    const settings = await getSettings(db)
    expect(settings['billing.paymentTermsDays']).toBe(defaults['billing.paymentTermsDays'])
    expect(settings['company.name']).toBe('Stored Co')
    expect(settings).not.toHaveProperty('no.such.setting')
    await db.setting.deleteMany({
      where: { key: { in: ['billing.paymentTermsDays', 'company.name', 'no.such.setting'] } },
    })
  })

  it('falls back to the default for a stored locale that is not even a well-formed tag, instead of throwing', async () => {
    await db.setting.create({ data: { key: 'billing.locale', value: 'xx-nope-nope' } })
    expect((await getSettings(db))['billing.locale']).toBe('en-US')
    await db.setting.delete({ where: { key: 'billing.locale' } })
  })
})

describe('updateSettings', () => {
  it('stores the values, records who changed them, and audits only the keys whose value changed', async () => {
    const admin = await makeStaff('Super admin')
    const result = await updateSettings(admin.ctx, {
      'company.name': '  Harbour Hosting ',
      'billing.taxMode': 'EXCLUSIVE', // the default: not a change
      'company.country': 'de',
      'billing.addFundsMin': { USD: '500', EUR: '1000', GBP: '1000' },
    })
    expect(result).toMatchObject({
      'company.name': 'Harbour Hosting',
      'company.country': 'DE',
      'billing.taxMode': 'EXCLUSIVE',
    })
    expect(await getSettings(db)).toEqual(result)
    const row = await db.setting.findUniqueOrThrow({ where: { key: 'company.name' } })
    expect(row).toMatchObject({ value: 'Harbour Hosting', updatedById: admin.staffId })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'settings.update', actorId: admin.staffId },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', targetType: 'Setting' })
    expect(audit.before).toEqual({
      'company.name': 'Berth Hosting',
      'company.country': 'GB',
      'billing.addFundsMin': { USD: '1000', EUR: '1000', GBP: '1000' },
    })
    expect(audit.after).toEqual({
      'company.name': 'Harbour Hosting',
      'company.country': 'DE',
      'billing.addFundsMin': { USD: '500', EUR: '1000', GBP: '1000' },
    })
  })

  it('changing one setting leaves every other stored setting as it was', async () => {
    const admin = await makeStaff('Super admin')
    await updateSettings(admin.ctx, {
      'billing.paymentTermsDays': 30,
      'portal.requireEmailVerification': true,
    })
    const stored = await getSettings(db)
    const rows = await db.setting.count()
    await updateSettings(admin.ctx, { 'company.logoUrl': 'https://example.test/logo.png' })
    expect(await getSettings(db)).toEqual({ ...stored, 'company.logoUrl': 'https://example.test/logo.png' })
    expect(await db.setting.count()).toBe(rows + 1)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'settings.update' },
      orderBy: { id: 'desc' },
    })
    expect(audit.after).toEqual({ 'company.logoUrl': 'https://example.test/logo.png' })
  })

  it('does not count a re-sent object setting as changed because its keys come back in another order', async () => {
    const admin = await makeStaff('Super admin')
    const current = (await getSettings(db))['billing.addFundsMax']
    const reordered = Object.fromEntries(Object.entries(current).reverse())
    await updateSettings(admin.ctx, { 'billing.addFundsMax': reordered, 'billing.autoApplyCredit': true })
    await updateSettings(admin.ctx, { 'billing.addFundsMax': current })
    const audits = await db.auditEvent.findMany({
      where: { action: 'settings.update' },
      orderBy: { id: 'desc' },
      take: 2,
    })
    expect(audits.map((a) => a.after)).toEqual([{}, { 'billing.autoApplyCredit': true }])
  })

  it('names every invalid key and writes nothing', async () => {
    const admin = await makeStaff('Super admin')
    const stored = await getSettings(db)
    const before = await tableCounts()
    const settingRows = await db.setting.count()
    const error = await updateSettings(admin.ctx, {
      'company.name': 'Fine',
      'company.email': 'not-an-email',
      'billing.invoiceNumberFormat': 'INV-NO-SEQUENCE',
      'billing.paymentTermsDays': 400,
      'billing.locale': 'xx-nope-nope',
      'portal.allowRegistration': 'yes',
    }).catch((e) => e)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(error.fieldErrors()).sort()).toEqual([
      'billing.invoiceNumberFormat',
      'billing.locale',
      'billing.paymentTermsDays',
      'company.email',
      'portal.allowRegistration',
    ])
    expect(error.fieldErrors()['billing.invoiceNumberFormat']).toBe(
      'The format must contain {SEQ} or {SEQ:n}.',
    )
    expect(await tableCounts()).toEqual(before)
    expect(await db.setting.count()).toBe(settingRows)
    expect(await getSettings(db)).toEqual(stored)
  })

  it.each(['Billing', 'Support', 'Read-only'])(
    'is refused to a %s member and writes nothing',
    async (role) => {
      const staff = await makeStaff(role)
      const before = await tableCounts()
      const settingRows = await db.setting.count()
      expect(
        (await updateSettings(staff.ctx, { 'portal.allowRegistration': false }).catch((e) => e)).code,
      ).toBe('FORBIDDEN')
      expect(await tableCounts()).toEqual(before)
      expect(await db.setting.count()).toBe(settingRows)
    },
  )

  it('is refused to a client and allowed to the system (no staff id recorded)', async () => {
    const c = await makeClient()
    expect((await updateSettings(c.ctx, { 'company.name': 'Mine now' }).catch((e) => e)).code).toBe(
      'FORBIDDEN',
    )
    await updateSettings(systemCtx(db, 'installer'), { 'company.taxId': 'GB999' })
    expect(await db.setting.findUniqueOrThrow({ where: { key: 'company.taxId' } })).toMatchObject({
      value: 'GB999',
      updatedById: null,
    })
    expect((await getSettings(db))['company.name']).not.toBe('Mine now')
  })
})
