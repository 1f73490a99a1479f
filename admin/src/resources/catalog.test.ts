import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readModuleSettings } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeGroup, makeProduct, superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { makeStaff, tableCounts } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * The catalog screens through the AdminJS API, as the forms send them: products with the pricing
 * table payload (decimal text per currency and cycle), prices, module settings with write-only
 * secrets, option groups through the options editor, promotions, servers with write-only
 * credentials. Real Postgres, HTTP against createAdminApp().
 */
let admin: RunningAdmin
let browser: AdminClient
let staffId: string
const db = getDb()
const SECRET = `whsec-${uid()}-${uid()}-${uid()}`

beforeAll(async () => {
  admin = await startAdmin()
  const me = await makeStaff('Super admin')
  staffId = me.staffId
  browser = await signedIn(admin.baseUrl, me.email, me.password)
})
afterAll(async () => {
  await admin.close()
})

/** Everything a catalog write may touch, to prove a refusal wrote nothing. */
async function catalogCounts() {
  const [products, prices, options, choices, promotions, servers, audit] = await Promise.all([
    db.product.count(),
    db.price.count(),
    db.configOption.count(),
    db.configOptionChoice.count(),
    db.promotion.count(),
    db.server.count(),
    db.auditEvent.count(),
  ])
  return { products, prices, options, choices, promotions, servers, audit, ...(await tableCounts()) }
}

const pricesOf = async (where: object) =>
  (await db.price.findMany({ where, orderBy: [{ currencyCode: 'asc' }, { cycle: 'asc' }] })).map(
    (p) => `${p.currencyCode} ${p.cycle} ${p.amount}+${p.setupFee}`,
  )

describe('products', () => {
  it('creates a product with its prices from the pricing table payload, and a webhook module whose secret never comes back', async () => {
    const ctx = await superAdmin()
    const group = await makeGroup(ctx)
    const slug = `vps-${uid()}`
    const res = await browser.resourceAction('Product', 'new', {
      group: group.id,
      type: 'VPS',
      name: 'VPS 2 GB',
      slug,
      description: 'A small VPS',
      'features.0': '2 GB RAM',
      'features.1': '40 GB SSD',
      isTaxable: 'true',
      autoSetup: 'ON_ACCEPT',
      domainRequirement: 'HOSTNAME',
      welcomeEmail: 'welcome',
      provisioningModule: 'webhook',
      'moduleSettings.url': 'https://panel.example.com/berth',
      'moduleSettings.secret': SECRET,
      'moduleSettings.timeoutMs': '5000',
      // The pricing table: decimals as typed; empty cells are cycles not offered.
      'pricing.USD.MONTHLY.amount': '12.50',
      'pricing.USD.MONTHLY.setupFee': '5',
      'pricing.USD.ANNUAL.amount': '1,250.00',
      'pricing.USD.ANNUAL.setupFee': '',
      'pricing.USD.QUARTERLY.amount': '',
      'pricing.USD.QUARTERLY.setupFee': '',
      'pricing.EUR.MONTHLY.amount': '11',
      'pricing.GBP.MONTHLY.amount': '',
    })
    expect(res.status).toBe(200)
    expect(res.json.notice).toEqual({ message: 'The product was created.', type: 'success' })
    const product = await db.product.findFirstOrThrow({ where: { slug } })
    expect(res.json.redirectUrl).toBe(`/admin/resources/Product/records/${product.id}/show`)
    expect(product).toMatchObject({
      type: 'VPS',
      features: ['2 GB RAM', '40 GB SSD'],
      autoSetup: 'ON_ACCEPT',
      domainRequirement: 'HOSTNAME',
      provisioningModule: 'webhook',
    })
    expect(await pricesOf({ productId: product.id })).toEqual([
      'EUR MONTHLY 1100+0',
      'USD MONTHLY 1250+500',
      'USD ANNUAL 125000+0',
    ])
    expect(readModuleSettings('webhook', product.moduleSettings, product.id)).toEqual({
      url: 'https://panel.example.com/berth',
      secret: SECRET,
      timeoutMs: 5000,
    })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'catalog.product.create', targetId: product.id },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: staffId })

    // The show page has the table as decimals and the secret masked; no response carries it.
    const shown = await browser.show('Product', product.id)
    expect(shown.json.record.params).toMatchObject({
      'pricing.USD.MONTHLY.amount': '12.50',
      'pricing.USD.MONTHLY.setupFee': '5.00',
      'pricing.USD.ANNUAL.amount': '1250.00',
      'moduleSettings.url': 'https://panel.example.com/berth',
    })
    expect(shown.json.record.params['moduleSecrets.secret']).toMatch(/^••••/)
    const edit = await browser.get(`/admin/api/resources/Product/records/${product.id}/edit`)
    const list = await browser.list('Product', 'perPage=100')
    for (const r of [res, shown, edit, list]) {
      expect(r.text).not.toContain(SECRET)
      expect(r.text).not.toContain('secretsEnc')
    }
  })

  it('bad price input is a field error on the cell, and nothing is written', async () => {
    const ctx = await superAdmin()
    const group = await makeGroup(ctx)
    const before = await catalogCounts()
    const res = await browser.resourceAction('Product', 'new', {
      group: group.id,
      type: 'OTHER',
      name: 'Broken',
      slug: `broken-${uid()}`,
      'pricing.USD.MONTHLY.amount': '12.345',
      'pricing.EUR.ANNUAL.amount': 'twelve',
      'pricing.GBP.QUARTERLY.amount': '',
      'pricing.GBP.QUARTERLY.setupFee': '3',
      'pricing.USD.ANNUAL.amount': '-5',
    })
    expect(res.status).toBe(200)
    expect(res.json.notice.type).toBe('error')
    const errors = res.json.record.errors as Record<string, { message: string }>
    expect(Object.keys(errors).sort()).toEqual([
      'pricing.EUR.ANNUAL.amount',
      'pricing.GBP.QUARTERLY.amount',
      'pricing.USD.ANNUAL.amount',
      'pricing.USD.MONTHLY.amount',
    ])
    expect(errors['pricing.USD.MONTHLY.amount']!.message).toBe('Use at most 2 decimals.')
    expect(errors['pricing.EUR.ANNUAL.amount']!.message).toBe('Enter an amount such as 12.34.')
    expect(errors['pricing.USD.ANNUAL.amount']!.message).toBe('The amount cannot be negative.')
    expect(errors['pricing.GBP.QUARTERLY.amount']!.message).toMatch(/Enter the price too/)
    expect(await catalogCounts()).toEqual(before)

    // The same through "Prices" on an existing product: refused, its prices unchanged.
    const product = await makeProduct(ctx, { groupId: group.id })
    const stored = await pricesOf({ productId: product.id })
    const beforePrices = await catalogCounts()
    const prices = await browser.recordAction('Product', product.id, 'setPrices', {
      'pricing.USD.MONTHLY.amount': '9.999',
      'pricing.XYZ.MONTHLY.amount': '1',
    })
    expect(prices.json.notice.type).toBe('error')
    expect(Object.keys(prices.json.record.errors).sort()).toEqual([
      'pricing.USD.MONTHLY.amount',
      'pricing.XYZ',
    ])
    expect(await pricesOf({ productId: product.id })).toEqual(stored)
    expect(await catalogCounts()).toEqual(beforePrices)
  })

  it('"Prices" replaces the whole table: an emptied cell is no longer offered; the change is audited', async () => {
    const ctx = await superAdmin()
    const product = await makeProduct(ctx) // USD monthly 10.00 + 5.00 setup, annual 100.00
    const res = await browser.recordAction('Product', product.id, 'setPrices', {
      'pricing.USD.MONTHLY.amount': '15.00',
      'pricing.USD.MONTHLY.setupFee': '0',
      'pricing.USD.ANNUAL.amount': '',
      'pricing.USD.ANNUAL.setupFee': '',
      'pricing.EUR.BIENNIAL.amount': '250',
      'pricing.EUR.BIENNIAL.setupFee': '10.5',
    })
    expect(res.json.notice).toEqual({ message: 'The prices were saved.', type: 'success' })
    expect(await pricesOf({ productId: product.id })).toEqual([
      'EUR BIENNIAL 25000+1050',
      'USD MONTHLY 1500+0',
    ])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'catalog.prices.set', targetId: product.id },
    })
    expect(audit.after).toMatchObject({
      prices: [
        { currency: 'USD', cycle: 'MONTHLY', amount: '1500', setupFee: '0' },
        { currency: 'EUR', cycle: 'BIENNIAL', amount: '25000', setupFee: '1050' },
      ],
    })
  })

  it('edits a product from the form AdminJS sends: a blank secret keeps the stored one, prices and fields change in one go', async () => {
    const ctx = await superAdmin()
    const product = await makeProduct(ctx, {
      provisioningModule: 'webhook',
      moduleSettings: { url: 'https://a.example.com/hook', secret: SECRET },
    })
    const form = await browser.get(`/admin/api/resources/Product/records/${product.id}/edit`)
    expect(form.json.record.params['moduleSecrets.secret']).toMatch(/^••••/)
    const params = {
      ...form.json.record.params,
      name: 'Renamed plan',
      'moduleSettings.url': 'https://b.example.com/hook',
      'moduleSettings.secret': '',
      'pricing.USD.MONTHLY.amount': '11.00',
      'features.0': 'Fast',
    }
    const res = await browser.recordAction('Product', product.id, 'edit', params)
    expect(res.json.notice).toEqual({ message: 'The product was saved.', type: 'success' })
    const after = await db.product.findUniqueOrThrow({ where: { id: product.id } })
    expect(after.name).toBe('Renamed plan')
    expect(after.features).toEqual(['Fast'])
    expect(readModuleSettings('webhook', after.moduleSettings, after.id)).toMatchObject({
      url: 'https://b.example.com/hook',
      secret: SECRET,
    })
    expect(await pricesOf({ productId: product.id })).toEqual(['USD MONTHLY 1100+500', 'USD ANNUAL 10000+0'])
    expect(res.text).not.toContain(SECRET)

    // A module setting its schema refuses is an error on that setting, and nothing changes.
    const bad = await browser.recordAction('Product', product.id, 'edit', {
      'moduleSettings.secret': 'short',
      'pricing.USD.MONTHLY.amount': '99.00',
    })
    expect(bad.json.record.errors['moduleSettings.secret'].message).toMatch(/at least 16/)
    expect(await pricesOf({ productId: product.id })).toEqual(['USD MONTHLY 1100+500', 'USD ANNUAL 10000+0'])
  })
})

describe('configurable options, addons, promotions', () => {
  it('the options editor adds options and choices with their own prices; a bad price is refused and nothing is written', async () => {
    const ctx = await superAdmin()
    const created = await browser.resourceAction('ConfigOptionGroup', 'new', { name: `VPS options ${uid()}` })
    expect(created.json.notice.type).toBe('success')
    const groupId = created.json.record.id as string
    const url = `/admin/api/resources/ConfigOptionGroup/records/${groupId}/editOptions`
    const ram = await browser.post(url, {
      op: 'createOption',
      name: 'RAM',
      type: 'DROPDOWN',
      moduleKey: 'ram',
      sortOrder: '1',
      isHidden: 'false',
    })
    expect(ram.json.notice).toEqual({ message: 'The option was added.', type: 'success' })
    const optionId = ram.json.tree.options[0].id as string
    const choice = await browser.post(url, {
      op: 'createChoice',
      optionId,
      label: '4 GB',
      moduleValue: '4096',
      'pricing.USD.MONTHLY.amount': '5.00',
      'pricing.USD.ANNUAL.amount': '50',
    })
    expect(choice.json.notice.type).toBe('success')
    expect(choice.json.tree.options[0].choices[0]).toMatchObject({
      label: '4 GB',
      pricing: { USD: { MONTHLY: { amount: '5.00' }, ANNUAL: { amount: '50.00' } } },
    })
    const choiceId = choice.json.tree.options[0].choices[0].id as string
    expect(await pricesOf({ configOptionChoiceId: choiceId })).toEqual([
      'USD MONTHLY 500+0',
      'USD ANNUAL 5000+0',
    ])

    // A yes/no option comes with its single choice.
    const managed = await browser.post(url, { op: 'createOption', name: 'Managed', type: 'YES_NO' })
    expect(
      managed.json.tree.options.find((o: { name: string }) => o.name === 'Managed').choices,
    ).toHaveLength(1)

    const before = await catalogCounts()
    const bad = await browser.post(url, {
      op: 'updateChoice',
      choiceId,
      label: 'Four GB',
      'pricing.USD.MONTHLY.amount': '5.001',
    })
    expect(bad.json.notice.type).toBe('error')
    expect(bad.json.record.errors['pricing.USD.MONTHLY.amount'].message).toBe('Use at most 2 decimals.')
    expect((await db.configOptionChoice.findUniqueOrThrow({ where: { id: choiceId } })).label).toBe('4 GB')
    expect(await catalogCounts()).toEqual(before)

    // An option of another group cannot be reached through this one.
    const other = await makeProduct(ctx)
    const foreign = await browser.post(url, { op: 'deleteOption', optionId: other.id })
    expect(foreign.json.notice.type).toBe('error')
  })

  it('attaches an addon with a pricing table to products, and creates percent and fixed promotions from decimals', async () => {
    const ctx = await superAdmin()
    const product = await makeProduct(ctx)
    const addon = await browser.resourceAction('Addon', 'new', {
      name: `Backups ${uid()}`,
      'productIds.0': product.id,
      'pricing.USD.MONTHLY.amount': '4.00',
      'pricing.USD.ONE_TIME.amount': '',
    })
    expect(addon.json.notice.type).toBe('success')
    const addonId = addon.json.record.id as string
    expect(await db.productAddon.count({ where: { addonId, productId: product.id } })).toBe(1)
    expect(await pricesOf({ addonId })).toEqual(['USD MONTHLY 400+0'])

    const code = `SAVE${uid().toUpperCase()}`
    const percent = await browser.resourceAction('Promotion', 'new', {
      code,
      kind: 'PERCENT',
      percentText: '12.5',
      isRecurring: 'true',
      recurringCycles: '3',
      'cycles.0': 'MONTHLY',
      'productIds.0': product.id,
      maxUses: '',
    })
    expect(percent.json.notice.type).toBe('success')
    expect(await db.promotion.findUniqueOrThrow({ where: { code } })).toMatchObject({
      kind: 'PERCENT',
      percent: 125000,
      isRecurring: true,
      recurringCycles: 3,
      cycles: ['MONTHLY'],
      maxUses: null,
    })

    const fixedCode = `OFF${uid().toUpperCase()}`
    const fixed = await browser.resourceAction('Promotion', 'new', {
      code: fixedCode,
      kind: 'FIXED',
      'amounts.USD': '5.00',
      'amounts.EUR': '4.5',
      'amounts.GBP': '',
    })
    expect(fixed.json.notice.type).toBe('success')
    const saved = await db.promotion.findUniqueOrThrow({
      where: { code: fixedCode },
      include: { amounts: { orderBy: { currencyCode: 'asc' } } },
    })
    expect(saved.amounts.map((a) => `${a.currencyCode} ${a.amount}`)).toEqual(['EUR 450', 'USD 500'])

    const bad = await browser.resourceAction('Promotion', 'new', {
      code: `BAD${uid().toUpperCase()}`,
      kind: 'FIXED',
      'amounts.USD': '5.555',
    })
    expect(bad.json.record.errors['amounts.USD'].message).toBe('Use at most 2 decimals.')
  })
})

describe('servers', () => {
  it('credentials are write-only (masked on every page, kept when left blank); "Test connection" shows the result and logs it', async () => {
    const created = await browser.resourceAction('Server', 'new', {
      name: `node-${uid()}`,
      hostname: 'node1.example.com',
      ipAddress: '192.0.2.10',
      module: 'webhook',
      settingsUrl: 'http://127.0.0.1:9/berth',
      'credentials.secret': SECRET,
      'credentials.password': '',
      maxAccounts: '200',
      useTls: 'false',
      isActive: 'true',
    })
    expect(created.json.notice).toEqual({ message: 'The server was created.', type: 'success' })
    const id = created.json.record.id as string
    const shown = await browser.show('Server', id)
    expect(shown.json.record.params['credentialsMasked.secret']).toMatch(/^••••/)
    expect(shown.json.record.params.settingsUrl).toBe('http://127.0.0.1:9/berth')
    const edit = await browser.get(`/admin/api/resources/Server/records/${id}/edit`)
    const saved = await browser.recordAction('Server', id, 'edit', {
      ...edit.json.record.params,
      name: 'renamed',
      'credentials.secret': '',
      'credentials.password': 'p4ssw0rd-new',
    })
    expect(saved.json.notice.type).toBe('success')
    const list = await browser.list('Server')
    for (const r of [created, shown, edit, saved, list]) {
      expect(r.text).not.toContain(SECRET)
      expect(r.text).not.toContain('p4ssw0rd-new')
      expect(r.text).not.toContain('credentialsEnc')
    }
    const server = await db.server.findUniqueOrThrow({ where: { id } })
    expect(server.name).toBe('renamed')
    expect(server.credentialsEnc).toBeTruthy()

    // Nothing listens on port 9: the test answers the failure, and it is in the module call log.
    const test = await browser.recordAction('Server', id, 'testConnection', { confirm: 'yes' })
    expect(test.status).toBe(200)
    expect(test.json.result).toMatchObject({ ok: false })
    expect(test.json.result.message).toMatch(/127\.0\.0\.1:9/)
    expect(test.json.notice.type).toBe('error')
    expect(
      await db.moduleCall.count({
        where: { action: 'testConnection', success: false, request: { path: ['id'], equals: id } },
      }),
    ).toBe(1)
  })
})
