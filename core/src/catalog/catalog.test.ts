import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, tableCounts } from '@berth/tests/support/factories'
import {
  makeGroup,
  makeProduct,
  makePromotion,
  makeVpsCatalog,
  superAdmin,
  uid,
} from '@berth/tests/support/catalog-factories'
import { readModuleSettings } from '../provisioning'
import { DomainError } from '../shared'
import { deleteConfigOption, createConfigOptionChoice } from './manage-config-options'
import { deleteProductGroup } from './manage-product-groups'
import { createProduct, deleteProduct, getProductForStaff, updateProduct } from './manage-products'
import { createPromotion, updatePromotion } from './manage-promotions'
import { setPrices } from './set-prices'
import { getStoreProduct, listStoreGroups } from './list-store'
import { loadOrderableProduct, resolveConfiguration } from './orderable-product'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()

describe('catalog management', () => {
  it('creates a product with prices and audits it; the store lists it with its "from" price', async () => {
    const ctx = admin
    const group = await makeGroup(ctx, { name: 'Shared Hosting' })
    const product = await makeProduct(ctx, {
      groupId: group.id,
      prices: [
        { cycle: 'ANNUAL', amount: 9900 },
        { cycle: 'MONTHLY', amount: 999, setupFee: 500 },
        { currency: 'EUR', cycle: 'ANNUAL', amount: 8900 },
      ],
    })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'catalog.product.create', targetId: product.id },
    })
    expect((audit.after as { prices: unknown[] }).prices).toHaveLength(3)
    const usd = (await listStoreGroups(db, { currency: 'USD' })).find((g) => g.id === group.id)!
    expect(usd.products[0]!.fromPrice).toEqual({ cycle: 'MONTHLY', amount: 999n, setupFee: 500n })
    const eur = (await listStoreGroups(db, { currency: 'eur' })).find((g) => g.id === group.id)!
    expect(eur.products[0]!.fromPrice).toEqual({ cycle: 'ANNUAL', amount: 8900n, setupFee: 0n })
    // GBP has no price: a cycle without a price is not offered, and the product is not listed
    expect((await listStoreGroups(db, { currency: 'GBP' })).find((g) => g.id === group.id)).toBeUndefined()
  })

  it('hides hidden and retired products from the store; a hidden one stays reachable by its link', async () => {
    const ctx = admin
    const group = await makeGroup(ctx)
    const hidden = await makeProduct(ctx, { groupId: group.id, isHidden: true })
    const retired = await makeProduct(ctx, { groupId: group.id })
    await updateProduct(ctx, retired.id, { isRetired: true })
    expect((await listStoreGroups(db, { currency: 'USD' })).find((g) => g.id === group.id)).toBeUndefined()
    expect(
      (await getStoreProduct(db, { groupSlug: group.slug, productSlug: hidden.slug, currency: 'USD' })).id,
    ).toBe(hidden.id)
    expect(
      (await fail(getStoreProduct(db, { groupSlug: group.slug, productSlug: retired.slug, currency: 'USD' })))
        .code,
    ).toBe('NOT_FOUND')
  })

  it("validates module settings with the module's schema, encrypts its secrets and shows them masked", async () => {
    const ctx = admin
    const group = await makeGroup(ctx)
    const before = await tableCounts()
    const bad = await fail(
      makeProduct(ctx, {
        groupId: group.id,
        provisioningModule: 'webhook',
        moduleSettings: { url: 'ftp://x', secret: 'short' },
      }),
    )
    expect(bad.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(bad.fieldErrors()).sort()).toEqual(['moduleSettings.secret', 'moduleSettings.url'])
    expect((await fail(makeProduct(ctx, { groupId: group.id, provisioningModule: 'nope' }))).field).toBe(
      'provisioningModule',
    )
    expect(await tableCounts()).toEqual(before)

    const secret = 's3cret-s3cret-s3cret-1234'
    const product = await makeProduct(ctx, {
      provisioningModule: 'webhook',
      moduleSettings: { url: 'https://panel.example.com/hook', secret },
    })
    expect(product.moduleSettings).toEqual({
      url: 'https://panel.example.com/hook',
      timeoutMs: 10000,
      secret: '••••1234',
    })
    const row = await db.product.findUniqueOrThrow({
      where: { id: product.id },
      select: { moduleSettings: true },
    })
    expect(JSON.stringify(row.moduleSettings)).not.toContain(secret)
    expect(readModuleSettings('webhook', row.moduleSettings, product.id).secret).toBe(secret)
    // a blank secret on update keeps the stored one
    await updateProduct(ctx, product.id, {
      moduleSettings: { url: 'https://panel.example.com/v2', secret: '' },
    })
    const after = await db.product.findUniqueOrThrow({
      where: { id: product.id },
      select: { moduleSettings: true },
    })
    expect(readModuleSettings('webhook', after.moduleSettings, product.id)).toMatchObject({
      url: 'https://panel.example.com/v2',
      secret,
    })
    const audits = await db.auditEvent.findMany({ where: { targetId: product.id } })
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).not.toContain(secret)
    expect((await getProductForStaff(ctx, product.id)).moduleSettings).toMatchObject({ secret: '••••1234' })
  })

  it('refuses staff without catalog.manage, and clients, writing nothing', async () => {
    const support = (await makeStaff('Support')).ctx
    const client = (await makeClient()).ctx
    const before = await tableCounts()
    for (const ctx of [support, client]) {
      await expect(makeGroup(ctx)).toBeRefusedWith('FORBIDDEN')
      expect((await fail(createPromotion(ctx, { code: 'NOPE', kind: 'PERCENT', percent: 1 }))).code).toBe(
        'FORBIDDEN',
      )
    }
    expect(await tableCounts()).toEqual(before)
  })

  it('refuses duplicate slugs and prices listed twice, negative prices and unknown currencies', async () => {
    const ctx = admin
    const group = await makeGroup(ctx)
    const p = await makeProduct(ctx, { groupId: group.id })
    expect(
      (await fail(createProduct(ctx, { groupId: group.id, type: 'OTHER', name: 'Again', slug: p.slug })))
        .code,
    ).toBe('DUPLICATE')
    const twice = await fail(
      setPrices(ctx, {
        owner: { productId: p.id },
        prices: [
          { currency: 'USD', cycle: 'MONTHLY', amount: '1' },
          { currency: 'usd', cycle: 'MONTHLY', amount: '2' },
        ],
      }),
    )
    expect(twice.field).toBe('prices.1.cycle')
    expect(
      (
        await fail(
          setPrices(ctx, {
            owner: { productId: p.id },
            prices: [{ currency: 'USD', cycle: 'MONTHLY', amount: '-1' }],
          }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED')
    expect(
      (
        await fail(
          setPrices(ctx, {
            owner: { productId: p.id },
            prices: [{ currency: 'XXX', cycle: 'MONTHLY', amount: '1' }],
          }),
        )
      ).message,
    ).toContain('XXX')
    expect((await getProductForStaff(ctx, p.id)).prices).toHaveLength(2)
  })

  it('refuses to delete what is in use: a group with products, a product or option with services', async () => {
    const ctx = admin
    const { product, ram, ram4 } = await makeVpsCatalog(ctx)
    await expect(deleteProductGroup(ctx, product.groupId)).toBeRefusedWith('IN_USE')
    const client = await makeClient()
    await db.service.create({
      data: {
        clientId: client.clientId,
        productId: product.id,
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        firstPaymentAmount: 0n,
        recurringAmount: 0n,
        registrationDate: new Date(),
        configOptions: { create: { optionId: ram.id, choiceId: ram4.id, quantity: 1 } },
      },
    })
    await expect(deleteProduct(ctx, product.id)).toBeRefusedWith('IN_USE')
    await expect(deleteConfigOption(ctx, ram.id)).toBeRefusedWith('IN_USE')
  })

  it('keeps yes/no and quantity options to one priced choice', async () => {
    const ctx = admin
    const { managed, ips } = await makeVpsCatalog(ctx)
    for (const optionId of [managed.id, ips.id])
      expect((await fail(createConfigOptionChoice(ctx, { optionId, label: 'Second' }))).code).toBe(
        'VALIDATION_FAILED',
      )
  })

  it('promotions: percent needs a percentage, fixed an amount per currency, the end after the start', async () => {
    const ctx = admin
    expect((await fail(createPromotion(ctx, { code: `P${uid()}`, kind: 'PERCENT' }))).field).toBe('percent')
    expect((await fail(createPromotion(ctx, { code: `P${uid()}`, kind: 'FIXED' }))).field).toBe('amounts')
    expect(
      (
        await fail(
          createPromotion(ctx, {
            code: `P${uid()}`,
            kind: 'PERCENT',
            percent: 10,
            startsAt: '2030-01-02',
            endsAt: '2030-01-01',
          }),
        )
      ).field,
    ).toBe('endsAt')
    const promo = await makePromotion(ctx, { code: `spring-${uid()}`, maxUses: 5 })
    expect(promo.code).toMatch(/^SPRING-/)
    await expect(makePromotion(ctx, { code: promo.code })).toBeRefusedWith('DUPLICATE')
    await db.promotion.update({ where: { id: promo.id }, data: { usesCount: 3 } })
    expect((await fail(updatePromotion(ctx, promo.id, { maxUses: 2 }))).field).toBe('maxUses')
  })
})

describe("resolveConfiguration: a browser's request checked against the product", () => {
  it('prices chosen options and fills in defaults', async () => {
    const ctx = admin
    const vps = await makeVpsCatalog(ctx)
    const product = (await loadOrderableProduct(db, vps.product.id, 'USD'))!
    const r = resolveConfiguration(product, {
      cycle: 'monthly',
      options: { [vps.ram.id]: vps.ram8.id, [vps.ips.id]: '2', [vps.managed.id]: true },
      addonIds: [vps.backups.id, vps.migration.id],
      domain: 'VPS1.Example.com',
    })
    expect(r.cycle).toBe('MONTHLY')
    expect(r.domain).toBe('vps1.example.com')
    expect(r.options.map((o) => [o.name, o.label, o.quantity])).toEqual([
      ['RAM', '8 GB', 1],
      ['Extra IPs', '2', 2],
      ['Managed', 'Yes', 1],
    ])
    expect(r.addons.map((a) => [a.name, a.cycle])).toEqual([
      ['Daily backups', 'MONTHLY'],
      ['Site migration', 'ONE_TIME'],
    ])
    const defaults = resolveConfiguration(product, { cycle: 'MONTHLY', domain: 'a.example.com' })
    expect(defaults.options.map((o) => o.label)).toEqual(['2 GB', '0', 'No'])
    expect(defaults.pricedOptions.map((o) => o.label)).toEqual(['2 GB'])
  })

  it.each([
    ['an unknown cycle', { cycle: 'WEEKLY' }, 'cycle'],
    ['a cycle without a price', { cycle: 'QUARTERLY' }, 'cycle'],
    [
      'an option of another product',
      { options: { '00000000-0000-7000-8000-000000000000': 'x' } },
      'options.00000000-0000-7000-8000-000000000000',
    ],
    ['a choice of another option', { options: { RAM: 'IPS_CHOICE' } }, 'options.RAM'],
    ['a negative quantity', { options: { IPS: -1 } }, 'options.IPS'],
    ['a quantity above the maximum', { options: { IPS: 5 } }, 'options.IPS'],
    ['a fractional quantity', { options: { IPS: 1.5 } }, 'options.IPS'],
    ['a yes/no that is neither', { options: { MANAGED: 'maybe' } }, 'options.MANAGED'],
    [
      'an addon not offered with the product',
      { addonIds: ['00000000-0000-7000-8000-000000000001'] },
      'addonIds.0',
    ],
    ['a missing hostname', { domain: '' }, 'domain'],
    ['a malformed hostname', { domain: 'not a host' }, 'domain'],
  ])('refuses %s', async (_label, request, field) => {
    const ctx = admin
    const vps = await makeVpsCatalog(ctx)
    const product = (await loadOrderableProduct(db, vps.product.id, 'USD'))!
    const ids: Record<string, string> = {
      RAM: vps.ram.id,
      IPS: vps.ips.id,
      MANAGED: vps.managed.id,
      IPS_CHOICE: vps.ipUnit.id,
    }
    const swap = (s: string) => ids[s] ?? s
    const r = request as {
      cycle?: string
      options?: Record<string, unknown>
      addonIds?: string[]
      domain?: string
    }
    const options = Object.fromEntries(
      Object.entries(r.options ?? {}).map(([k, v]) => [swap(k), typeof v === 'string' ? swap(v) : v]),
    ) as Record<string, string | number | boolean>
    const error = (() => {
      try {
        resolveConfiguration(product, {
          cycle: r.cycle ?? 'MONTHLY',
          options,
          addonIds: r.addonIds ?? [],
          domain: r.domain ?? 'vps.example.com',
        })
      } catch (e) {
        return e as DomainError
      }
      throw new Error('expected a refusal')
    })()
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.field).toBe(field.split('.').map(swap).join('.'))
  })
})
