import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTld, registerDomain, setTldPrices, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { makeClient, makeStaff, tableCounts } from '@berth/tests/support/factories'
import { makeInvoice } from '@berth/tests/support/billing-factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * The Domains screens through the AdminJS API as the console sends them: the list's filters
 * (failed, pending, expiring), the show page's registrar calls and audit trail, the staff actions
 * with core's refusals shown on the form, the TLD price grid and bulk markup (preview writes
 * nothing), and registrar settings whose secrets never come back.
 */
let admin: RunningAdmin
let support: AdminClient
let owner: AdminClient
let ctx: Ctx
const db = getDb()
const TLD = `h3a${uid()}`
let tldId: string

beforeAll(async () => {
  admin = await startAdmin()
  ctx = await superAdmin()
  const s = await makeStaff('Support')
  support = await signedIn(admin.baseUrl, s.email, s.password)
  const o = await makeStaff('Super admin')
  owner = await signedIn(admin.baseUrl, o.email, o.password)
  tldId = (await createTld(ctx, { name: TLD, registrar: 'sandbox' })).id
  await setTldPrices(ctx, tldId, {
    currency: 'USD',
    prices: [
      { action: 'REGISTER', years: 1, amount: '1000', costAmount: '800' },
      { action: 'RENEW', years: 1, amount: '1100', costAmount: null },
    ],
    fees: [{ kind: 'GRACE', amount: '500', costAmount: '300' }],
  })
})
afterAll(async () => {
  await admin.close()
})

async function domain(status: 'PENDING' | 'ACTIVE', name = `d${uid()}.${TLD}`) {
  const client = await makeClient()
  const row = await db.domain.create({
    data: {
      clientId: client.clientId,
      name,
      tld: TLD,
      registrar: 'sandbox',
      currencyCode: 'USD',
      recurringAmount: 1100n,
    },
  })
  if (status === 'ACTIVE') await registerDomain(ctx, { domainId: row.id })
  return row.id
}

const ids = (res: { json: { records: { id: string }[] } }) => res.json.records.map((r) => r.id)

describe('Domains in the console', () => {
  it('filters failed, pending and expiring domains; the show page lists registrar calls and the audit trail', async () => {
    const failed = await domain('PENDING', `taken.${TLD}`)
    const register = await support.recordAction('Domain', failed, 'register', {})
    expect(register.status).toBe(200)
    expect(register.json.notice.type).toBe('error')
    expect(register.json.notice.message).toMatch(/not available/)
    const active = await domain('ACTIVE')
    const pending = await domain('PENDING')

    const failedList = await support.list('Domain', 'filters.hasFailed=true&perPage=100')
    expect(ids(failedList)).toContain(failed)
    expect(ids(failedList)).not.toContain(active)
    const pendingList = await support.list('Domain', `filters.isPending=true&filters.name=${TLD}&perPage=100`)
    expect(ids(pendingList).sort()).toEqual([failed, pending].sort())
    const expiring = await support.list('Domain', `filters.expiringWithinDays=30&filters.name=${TLD}`)
    expect(ids(expiring)).toEqual([])
    await db.domain.update({
      where: { id: active },
      data: { expiryDate: new Date(Date.now() + 10 * 86_400_000) },
    })
    expect(ids(await support.list('Domain', `filters.expiringWithinDays=30&filters.name=${TLD}`))).toEqual([
      active,
    ])

    const shown = await owner.show('Domain', failed)
    expect(shown.json.record.params.lastError).toMatch(/not available/)
    expect(shown.json.record.params.registrarCalls).toMatch(/sandbox register {2}FAILED/)
    expect(shown.json.record.params.auditTrail).toMatch(/domains\.domain\.register\.failed/)
    expect(JSON.stringify(shown.json)).not.toMatch(/eppCodeEnc/)
    // Support holds no audit.view: the trail is not shown to them.
    expect((await support.show('Domain', failed)).json.record.params.auditTrail).toMatch(
      /needs the audit.view/,
    )
  })

  it('retries a paid registration the registrar refused: refused again while the cause stays, done once it is fixed; Read-only cannot', async () => {
    const id = await domain('PENDING')
    await db.domain.update({ where: { id }, data: { nameservers: ['ns1.only.test'] } })
    const row = await db.domain.findUniqueOrThrow({ where: { id } })
    const invoice = await makeInvoice(ctx, row.clientId)
    const start = new Date(new Date().toISOString().slice(0, 10))
    const end = new Date(start)
    end.setUTCFullYear(end.getUTCFullYear() + 1)
    await db.invoiceItem.create({
      data: {
        invoiceId: invoice.id,
        type: 'DOMAIN',
        description: `Domain ${row.name}`,
        unitAmount: 1000n,
        amount: 1000n,
        domainId: id,
        periodStart: start,
        periodEnd: end,
      },
    })
    await db.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID' } })

    const refused = await support.recordAction('Domain', id, 'retryFulfilment', {})
    expect(refused.json.notice.type).toBe('error')
    expect((await db.domain.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING')
    expect((await owner.show('Domain', id)).json.record.params.lastError).toMatch(/nameserver/i)

    const r = await makeStaff('Read-only')
    const readOnly = await signedIn(admin.baseUrl, r.email, r.password)
    expect((await readOnly.recordAction('Domain', id, 'retryFulfilment', {})).status).toBe(403)

    await db.domain.update({ where: { id }, data: { nameservers: ['ns1.ok.test', 'ns2.ok.test'] } })
    const done = await support.recordAction('Domain', id, 'retryFulfilment', {})
    expect(done.json.notice).toMatchObject({ type: 'success', message: expect.stringMatching(/register/) })
    const after = await db.domain.findUniqueOrThrow({ where: { id } })
    expect(after.status).toBe('ACTIVE')
    expect(after.expiryDate).not.toBeNull()
    // Nothing is left to retry: a second click is refused with core's sentence.
    const again = await support.recordAction('Domain', id, 'retryFulfilment', {})
    expect(again.json.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/no paid order/),
    })
  })

  it('runs the staff actions through core: renew creates the invoice, change registrar and cancel are audited as the member', async () => {
    const id = await domain('ACTIVE')
    const renew = await support.recordAction('Domain', id, 'renew', { years: '1' })
    expect(renew.json.notice, JSON.stringify(renew.json.notice)).toMatchObject({ type: 'success' })
    expect(await db.invoiceItem.count({ where: { domainId: id, type: 'DOMAIN' } })).toBe(1)
    const badYears = await support.recordAction('Domain', id, 'renew', { years: '11' })
    expect(badYears.json.record.errors.years.message).toMatch(/At most 10/)

    const bad = await support.recordAction('Domain', id, 'changeRegistrar', { registrar: 'nope' })
    expect(bad.json.record.errors.registrar.message).toMatch(/Unknown registrar/)
    expect((await db.domain.findUniqueOrThrow({ where: { id } })).registrar).toBe('sandbox')
    await support.recordAction('Domain', id, 'changeRegistrar', { registrar: 'manual' })
    const cancel = await support.recordAction('Domain', id, 'cancel', { reason: 'Client asked' })
    expect(cancel.json.notice.type).toBe('success')
    expect((await db.domain.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED')
    // A second click finds it cancelled: refused with core's sentence, nothing written.
    const again = await support.recordAction('Domain', id, 'cancel', {})
    expect(again.json.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/cannot be cancelled/),
    })
    const events = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: 'asc' } })
    expect(events.map((e) => e.action)).toEqual([
      'domains.domain.register',
      'domain.renewal.request',
      'domains.domain.change-registrar',
      'domains.domain.cancel',
    ])
    expect(events.at(-1)).toMatchObject({ actorType: 'STAFF', action: 'domains.domain.cancel' })
    expect(events.at(-1)!.ip).toBeTruthy()
  })

  it('TLD prices: the grid round-trips; a bad line is a field error and nothing changes', async () => {
    const form = await owner.get(`/admin/api/resources/Tld/records/${tldId}/setPrices`)
    expect(form.json.record.params.priceGrid).toBe(
      ['USD REGISTER 1 10.00 8.00', 'USD RENEW 1 11.00 -', 'USD GRACE 5.00 3.00'].join('\n'),
    )
    const before = await db.tldPrice.findMany({ where: { tldId }, orderBy: { id: 'asc' } })
    const bad = await owner.recordAction('Tld', tldId, 'setPrices', {
      priceGrid: 'USD REGISTER 1 10.00 8.00\nUSD RENEW 1 11.999',
    })
    expect(bad.json.record.errors.priceGrid.message).toMatch(/Line 2: Use at most 2 decimals/)
    expect(await db.tldPrice.findMany({ where: { tldId }, orderBy: { id: 'asc' } })).toEqual(before)
    const twoCurrencies = await owner.recordAction('Tld', tldId, 'setPrices', {
      priceGrid:
        'USD REGISTER 1 10.00 8.00\nUSD RENEW 1 11.00\nUSD GRACE 5.00 3.00\nEUR REGISTER 1 9.50 7.00\nEUR REGISTER 0 1.00',
    })
    // EUR's second line is refused by core (years 1-10): USD, valid on its own, is not saved either.
    expect(JSON.stringify(twoCurrencies.json.record.errors)).toMatch(/At least 1 year/)
    expect(await db.tldPrice.count({ where: { tldId, currencyCode: 'EUR' } })).toBe(0)
  })

  it('bulk markup: preview writes nothing and lists rows without cost; apply changes only priced-at-cost rows', async () => {
    const before = await tableCounts()
    const preview = await owner.resourceAction('Tld', 'applyMarkup', {
      step: 'preview',
      percent: '25',
      tlds: TLD,
    })
    expect(preview.json.preview).toMatchObject({ changes: 2, withoutCost: 1 })
    expect(preview.json.preview.rows).toContainEqual(
      expect.objectContaining({ item: 'REGISTER 1y', cost: '800', current: '1000', proposed: '1000' }),
    )
    expect(await tableCounts()).toEqual(before)
    const refused = await support.resourceAction('Tld', 'applyMarkup', {
      step: 'apply',
      percent: '25',
      tlds: TLD,
    })
    expect(refused.status).toBe(403)
    const unknown = await owner.resourceAction('Tld', 'applyMarkup', {
      step: 'preview',
      percent: '25',
      tlds: 'nosuchtld',
    })
    expect(unknown.json.record.errors.tlds.message).toMatch(/Unknown TLD/)
    const applied = await owner.resourceAction('Tld', 'applyMarkup', {
      step: 'apply',
      percent: '50',
      tlds: TLD,
    })
    expect(applied.json.notice.message).toMatch(/2 price\(s\) updated; 1 without a cost/)
    const prices = await db.tldPrice.findMany({ where: { tldId }, orderBy: { action: 'asc' } })
    expect(prices.map((p) => [p.action, p.amount])).toEqual([
      ['REGISTER', 1200n],
      ['RENEW', 1100n],
    ])
    expect((await db.tldFee.findFirstOrThrow({ where: { tldId } })).amount).toBe(450n)
  })

  it('registrars: every module listed with its TLD count; settings saved by domains.registrars only', async () => {
    const list = await support.list('RegistrarConfig')
    expect(list.json.records.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(['manual', 'sandbox']),
    )
    const refused = await support.recordAction('RegistrarConfig', 'sandbox', 'edit', { isTestMode: 'false' })
    expect(refused.status).toBe(403)
    const unknownSetting = await owner.recordAction('RegistrarConfig', 'sandbox', 'edit', {
      'secrets.apiKey': 'k-1234567890',
    })
    expect(unknownSetting.json.record.errors['secrets.apiKey'].message).toMatch(/Unknown setting/)
    expect(
      await db.registrarConfig.count({ where: { registrar: 'sandbox', settingsEnc: { not: null } } }),
    ).toBe(0)
    // The settings form's data arrives as typed action data: the endpoint choice and the settings in words.
    const form = await owner.get('/admin/api/resources/RegistrarConfig/records/namecheap/edit')
    expect(form.json.record.params.actionData).toMatchObject({
      options: { isTestMode: expect.arrayContaining([expect.objectContaining({ value: 'true' })]) },
    })
    const test = await owner.recordAction('RegistrarConfig', 'sandbox', 'testConnection', {})
    expect(test.json.notice).toMatchObject({
      type: 'success',
      message: expect.stringMatching(/sandbox registry answers/),
    })
  })
})
