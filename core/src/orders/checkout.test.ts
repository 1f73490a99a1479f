import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, REQUEST, registration } from '@berth/tests/support/factories'
import {
  makePromotion,
  makeVpsCatalog,
  makeProduct,
  orderAsClient,
  orderCounts,
  superAdmin,
  uid,
  visitorCart,
} from '@berth/tests/support/catalog-factories'
import { setPrices } from '../catalog'
import type { Ctx } from '../shared'
import { addCartItem } from './add-cart-item'
import { applyPromoCode } from './apply-promo-code'
import { checkout } from './checkout'
import { PROMO_INVALID_MESSAGE } from './check-promotion'
import { getCartSummary } from './get-cart-summary'
import { openCart } from './open-cart'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const vps = await makeVpsCatalog(admin)
const key = () => `checkout-${uid()}-${uid()}-${uid()}`

const vpsItem = () => ({
  productId: vps.product.id,
  cycle: 'MONTHLY',
  options: { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: 2 },
  addonIds: [vps.backups.id],
  domain: 'vps1.example.com',
})

describe('checkout', () => {
  it('a visitor configures a VPS, applies a promo code and checks out as a new client: order, services, one invoice', async () => {
    await db.taxRule.create({ data: { name: 'UK VAT', country: 'GB', rate: 200000 } })
    const promo = await makePromotion(admin, { percent: 100000 })
    const { ctx, token, cartId } = await visitorCart(db, [vpsItem()])
    await applyPromoCode(ctx, { cart: { token }, code: promo.code.toLowerCase() })
    const summary = await getCartSummary(ctx, { cart: { token }, country: 'GB' })
    // package 2000 + RAM 500 + 2 IPs × 200 = 2900, setup 1000 + 2 × 100 = 1200, 10% off the package = 290, backups 400
    expect([summary.subtotal, summary.taxTotal, summary.total]).toEqual([4210n, 842n, 5052n])
    expect(summary.items[0]!.discount).toBe(290n)

    const email = `buyer-${uid()}@example.test`
    const result = await checkout(ctx, {
      cart: { token },
      newClient: registration({ email }),
      acceptTerms: true,
      paymentMethod: 'manual',
      expectedTotal: '5052',
      idempotencyKey: key(),
    })
    expect(result).toMatchObject({ isReplay: false, total: 5052n, currency: 'USD', invoiceStatus: 'UNPAID' })
    expect(result.userId).not.toBeNull()
    const order = await db.order.findUniqueOrThrow({
      where: { id: result.orderId },
      include: { services: { include: { configOptions: true, addons: true } }, redemptions: true },
    })
    expect(order.status).toBe('PENDING')
    expect(order.promotionId).toBe(promo.id)
    expect(order.redemptions).toHaveLength(1)
    const service = order.services[0]!
    expect(service).toMatchObject({
      status: 'PENDING',
      billingCycle: 'MONTHLY',
      domain: 'vps1.example.com',
      recurringAmount: 2900n,
      firstPaymentAmount: 3810n,
      promotionId: promo.id,
    })
    expect(service.configOptions).toHaveLength(3)
    expect(service.addons.map((a) => [a.status, a.recurringAmount])).toEqual([['PENDING', 400n]])
    const invoice = await db.invoice.findUniqueOrThrow({
      where: { id: result.invoiceId },
      include: { items: { orderBy: { sortOrder: 'asc' } } },
    })
    expect(invoice.orderId).toBe(order.id)
    expect(invoice.number).toMatch(/^INV-/)
    expect(
      invoice.items.map((i) => [i.type, i.amount, !!i.serviceId, !!i.serviceAddonId, !!i.periodEnd]),
    ).toEqual([
      ['SERVICE', 2900n, true, false, true],
      ['SETUP_FEE', 1200n, true, false, true],
      ['PROMOTION', -290n, true, false, true],
      ['ADDON', 400n, false, true, true],
    ])
    expect((await db.promotion.findUniqueOrThrow({ where: { id: promo.id } })).usesCount).toBe(1)
    expect(await db.cart.findUnique({ where: { id: cartId } })).toBeNull()
    const templates = (await db.emailLog.findMany({ where: { clientId: result.clientId } }))
      .map((e) => e.template)
      .sort()
    expect(templates).toEqual(['invoice-created', 'order-confirmation', 'verify-email'])
    expect(await db.auditEvent.count({ where: { action: 'order.create', targetId: order.id } })).toBe(1)
  })

  it('a double submit returns the same order, sequentially and at once', async () => {
    const client = await makeClient()
    const cart = await openCart(client.ctx, {})
    await addCartItem(client.ctx, { cart: { cartId: cart.cartId }, ...vpsItem() })
    const k = key()
    const input = {
      cart: { cartId: cart.cartId },
      acceptTerms: true as const,
      paymentMethod: 'manual',
      idempotencyKey: k,
    }
    const [a, b] = await Promise.all([checkout(client.ctx, input), checkout(client.ctx, input)])
    expect(a.orderId).toBe(b.orderId)
    expect([a.isReplay, b.isReplay].sort()).toEqual([false, true])
    const before = await orderCounts()
    const c = await checkout(client.ctx, input)
    expect(c).toMatchObject({ orderId: a.orderId, isReplay: true })
    expect(await orderCounts()).toEqual(before)
    // someone else's key never shows that order
    const other = await makeClient()
    const otherCart = await openCart(other.ctx, {})
    expect((await fail(checkout(other.ctx, { ...input, cart: { cartId: otherCart.cartId } }))).field).toBe(
      'idempotencyKey',
    )
  })

  it("the cart currency becomes a new client's currency", async () => {
    await setPrices(admin, {
      owner: { productId: vps.product.id },
      prices: [
        { currency: 'USD', cycle: 'MONTHLY', amount: '2000', setupFee: '1000' },
        { currency: 'USD', cycle: 'ANNUAL', amount: '20000' },
        { currency: 'EUR', cycle: 'MONTHLY', amount: '1800' },
      ],
    })
    const { ctx, token } = await visitorCart(
      db,
      [{ productId: vps.product.id, options: {}, addonIds: [], domain: 'eu.example.com' }],
      'EUR',
    )
    const result = await checkout(ctx, {
      cart: { token },
      newClient: registration({ country: 'DE' }),
      acceptTerms: true,
      paymentMethod: 'manual',
      idempotencyKey: key(),
    })
    expect(result.currency).toBe('EUR')
    expect((await db.client.findUniqueOrThrow({ where: { id: result.clientId } })).currencyCode).toBe('EUR')
    expect(result.total).toBe(1800n) // RAM choices have no EUR price: free; no EUR setup fee
  })

  it('a zero total is paid at once and queues the paid hook', async () => {
    const free = await makePromotion(admin, { percent: 1000000, appliesToSetup: true })
    const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 500, setupFee: 100 }] })
    const client = await makeClient()
    const result = await orderAsClient(client.ctx, [{ productId: product.id }], { promoCode: free.code })
    expect([result.total, result.invoiceStatus]).toEqual([0n, 'PAID'])
    const jobs = await db.$queryRaw<
      { data: { invoiceId: string } }[]
    >`SELECT data FROM pgboss.job WHERE name = 'invoice.paid'`
    expect(jobs.map((j) => j.data.invoiceId)).toContain(result.invoiceId)
  })
})

describe('checkout refuses, writing nothing', () => {
  async function clientCart(items = [vpsItem()]) {
    const client = await makeClient({ country: 'US', state: 'NY' })
    const cart = await openCart(client.ctx, {})
    for (const item of items) await addCartItem(client.ctx, { cart: { cartId: cart.cartId }, ...item })
    return { ctx: client.ctx, cart: { cartId: cart.cartId }, clientId: client.clientId }
  }
  const submit = (ctx: Ctx, cart: { cartId?: string; token?: string }, extra: Record<string, unknown> = {}) =>
    checkout(ctx, { cart, acceptTerms: true, paymentMethod: 'manual', idempotencyKey: key(), ...extra })

  it.each([
    [
      'a negative quantity stored in the cart',
      (o: Record<string, unknown>) => ({ ...o, [vps.ips.id]: -3 }),
      'VALIDATION_FAILED',
    ],
    [
      'a quantity above the maximum',
      (o: Record<string, unknown>) => ({ ...o, [vps.ips.id]: 99 }),
      'VALIDATION_FAILED',
    ],
    [
      'an option that does not belong to the product',
      (o: Record<string, unknown>) => ({ ...o, '0191f3a0-0000-7000-8000-000000000000': 'x' }),
      'VALIDATION_FAILED',
    ],
    [
      'a choice of another option',
      (o: Record<string, unknown>) => ({ ...o, [vps.ram.id]: vps.ipUnit.id }),
      'VALIDATION_FAILED',
    ],
  ])('%s', async (_label, tamper, code) => {
    const { ctx, cart } = await clientCart()
    const item = await db.cartItem.findFirstOrThrow({ where: { cartId: cart.cartId } })
    await db.cartItem.update({
      where: { id: item.id },
      data: { options: tamper(item.options as Record<string, unknown>) as object },
    })
    const before = await orderCounts()
    const error = await fail(submit(ctx, cart))
    expect(error.code).toBe(code)
    expect(error.field).toBe(`items.${item.id}`)
    expect(await orderCounts()).toEqual(before)
  })

  it('an unknown cycle and a cycle the product is not offered in', async () => {
    const { ctx, cart } = await clientCart()
    const item = await db.cartItem.findFirstOrThrow({ where: { cartId: cart.cartId } })
    const before = await orderCounts()
    await db.cartItem.update({ where: { id: item.id }, data: { cycle: 'TRIENNIAL' } })
    await expect(submit(ctx, cart)).toBeRefusedWith('VALIDATION_FAILED')
    expect(await orderCounts()).toEqual(before)
  })

  it('an altered expected total, and a price changed since the summary: PRICE_CHANGED', async () => {
    const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1500 }] })
    const { ctx, cart } = await clientCart([
      {
        productId: product.id,
        cycle: 'MONTHLY',
        options: {},
        addonIds: [] as string[],
        domain: 'x.example.com',
      },
    ])
    const summary = await getCartSummary(ctx, { cart })
    expect(summary.total).toBe(1500n)
    const before = await orderCounts()
    await expect(submit(ctx, cart, { expectedTotal: '1' })).toBeRefusedWith('PRICE_CHANGED')
    await setPrices(admin, {
      owner: { productId: product.id },
      prices: [{ currency: 'USD', cycle: 'MONTHLY', amount: '1600' }],
    })
    const changed = await fail(submit(ctx, cart, { expectedTotal: summary.total.toString() }))
    expect(changed.code).toBe('PRICE_CHANGED')
    expect({ ...(await orderCounts()), auditEvents: 0 }).toEqual({ ...before, auditEvents: 0 })
    expect((await submit(ctx, cart, { expectedTotal: '1600' })).total).toBe(1600n)
  })

  it.each([
    ['expired', { endsAt: new Date(Date.now() - 1000) }],
    ['not started', { startsAt: new Date(Date.now() + 86_400_000) }],
    ['exhausted', { maxUses: 1 }],
    ['inactive', { isActive: false }],
    ['for another product', { productIds: [] as string[] }],
    [
      'without an amount in the currency',
      { kind: 'FIXED', percent: null, amounts: [{ currency: 'EUR', amount: '100' }] },
    ],
  ])(
    'a promotion code that is %s: PROMO_INVALID, with the one message for every reason',
    async (label, overrides) => {
      const other = await makeProduct(admin)
      const promo = await makePromotion(
        admin,
        label === 'for another product' ? { productIds: [other.id] } : overrides,
      )
      if (label === 'exhausted')
        await db.promotion.update({ where: { id: promo.id }, data: { usesCount: 1 } })
      const { ctx, cart } = await clientCart()
      await db.cart.update({ where: { id: cart.cartId }, data: { promoCode: promo.code } })
      const before = await orderCounts()
      const error = await fail(submit(ctx, cart))
      expect([error.code, error.field, error.message]).toEqual([
        'PROMO_INVALID',
        'promoCode',
        PROMO_INVALID_MESSAGE,
      ])
      expect(await orderCounts()).toEqual(before)
      // the cart refuses it too, and the summary says why
      await db.cart.update({ where: { id: cart.cartId }, data: { promoCode: null } })
      await expect(applyPromoCode(ctx, { cart, code: promo.code })).toBeRefusedWith('PROMO_INVALID')
    },
  )

  it('once per client, and new clients only', async () => {
    const once = await makePromotion(admin, { oncePerClient: true })
    const newOnly = await makePromotion(admin, { newClientsOnly: true })
    const client = await makeClient()
    await orderAsClient(client.ctx, [vpsItem()], { promoCode: once.code })
    const before = await orderCounts()
    expect((await fail(orderAsClient(client.ctx, [vpsItem()], { promoCode: once.code }))).message).toBe(
      PROMO_INVALID_MESSAGE,
    )
    expect((await fail(orderAsClient(client.ctx, [vpsItem()], { promoCode: newOnly.code }))).message).toBe(
      PROMO_INVALID_MESSAGE,
    )
    expect({ ...(await orderCounts()), auditEvents: 0 }).toEqual({ ...before, auditEvents: 0 })
    // a visitor registering at checkout is a new client
    const { ctx, token } = await visitorCart(db, [vpsItem()])
    await db.cart.update({
      where: {
        tokenHash: (
          await db.cart.findFirstOrThrow({
            where: { clientId: null, items: { some: {} } },
            orderBy: { createdAt: 'desc' },
          })
        ).tokenHash!,
      },
      data: { promoCode: newOnly.code },
    })
    expect(
      (
        await checkout(ctx, {
          cart: { token },
          newClient: registration(),
          acceptTerms: true,
          paymentMethod: 'manual',
          idempotencyKey: key(),
        })
      ).total,
    ).toBeGreaterThan(0n)
  })

  it('out of stock, the terms not accepted, no account, an unknown payment method, a taken email', async () => {
    const product = await makeProduct(admin, { stockControl: true, stockQuantity: 1 })
    const { ctx, cart } = await clientCart([
      {
        productId: product.id,
        cycle: 'MONTHLY',
        options: {},
        addonIds: [] as string[],
        domain: 'x.example.com',
      },
    ])
    await db.product.update({ where: { id: product.id }, data: { stockQuantity: 0 } })
    const before = await orderCounts()
    await expect(submit(ctx, cart)).toBeRefusedWith('OUT_OF_STOCK')
    expect((await fail(submit(ctx, cart, { acceptTerms: false }))).field).toBe('acceptTerms')
    expect((await fail(submit(ctx, cart, { paymentMethod: 'bitcoin' }))).field).toBe('paymentMethod')
    const visitor = await visitorCart(db, [vpsItem()])
    expect((await fail(submit(visitor.ctx, { token: visitor.token }))).field).toBe('newClient')
    const taken = await makeClient()
    const counts = await orderCounts()
    expect(
      (
        await fail(
          submit(visitor.ctx, { token: visitor.token }, { newClient: registration({ email: taken.email }) }),
        )
      ).code,
    ).toBe('EMAIL_TAKEN')
    expect(
      (
        await fail(
          submit(visitor.ctx, { token: visitor.token }, { newClient: registration({ password: 'short' }) }),
        )
      ).field,
    ).toBe('password')
    expect(await orderCounts()).toEqual(counts)
    expect({ ...(await orderCounts()), clients: 0, users: 0, auditEvents: 0, emailLogs: 0 }).toEqual({
      ...before,
      clients: 0,
      users: 0,
      auditEvents: 0,
      emailLogs: 0,
    })
  })

  it('adding to the cart refuses the same tampering, and carts are private', async () => {
    const client = await makeClient()
    const cart = await openCart(client.ctx, {})
    const items = await db.cartItem.count()
    expect(
      (
        await fail(
          addCartItem(client.ctx, {
            cart: { cartId: cart.cartId },
            ...vpsItem(),
            options: { [vps.ips.id]: -1 },
          }),
        )
      ).field,
    ).toBe(`options.${vps.ips.id}`)
    expect(
      (await fail(addCartItem(client.ctx, { cart: { cartId: cart.cartId }, ...vpsItem(), cycle: 'WEEKLY' })))
        .field,
    ).toBe('cycle')
    expect(await db.cartItem.count()).toBe(items)
    const other = await makeClient()
    await expect(getCartSummary(other.ctx, { cart: { cartId: cart.cartId } })).toBeRefusedWith('NOT_FOUND')
    const anonymous: Ctx = { db, actor: { type: 'anonymous' }, request: REQUEST }
    await expect(getCartSummary(anonymous, { cart: { cartId: cart.cartId } })).toBeRefusedWith('NOT_FOUND')
    expect((await fail(getCartSummary(anonymous, { cart: { token: 'x'.repeat(43) } }))).code).toBe(
      'NOT_FOUND',
    )
  })
})

describe('checkout under concurrency', () => {
  it('two checkouts for the last item in stock: one order', async () => {
    const product = await makeProduct(admin, { stockControl: true, stockQuantity: 1 })
    const buyers = await Promise.all([makeClient(), makeClient()])
    const carts = []
    for (const b of buyers) {
      const cart = await openCart(b.ctx, {})
      await addCartItem(b.ctx, { cart: { cartId: cart.cartId }, productId: product.id, cycle: 'MONTHLY' })
      carts.push({ ctx: b.ctx, cartId: cart.cartId })
    }
    const results = await Promise.allSettled(
      carts.map((c) =>
        checkout(c.ctx, {
          cart: { cartId: c.cartId },
          acceptTerms: true,
          paymentMethod: 'manual',
          idempotencyKey: key(),
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code),
    ).toEqual(['OUT_OF_STOCK'])
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockQuantity).toBe(0)
    expect(await db.service.count({ where: { productId: product.id } })).toBe(1)
  })

  it('a promotion with one use left, used by three at once: one redemption', async () => {
    const promo = await makePromotion(admin, { maxUses: 1 })
    const buyers = await Promise.all([makeClient(), makeClient(), makeClient()])
    const carts = []
    for (const b of buyers) {
      const cart = await openCart(b.ctx, {})
      await addCartItem(b.ctx, { cart: { cartId: cart.cartId }, ...vpsItem() })
      await applyPromoCode(b.ctx, { cart: { cartId: cart.cartId }, code: promo.code })
      carts.push({ ctx: b.ctx, cartId: cart.cartId })
    }
    const results = await Promise.allSettled(
      carts.map((c) =>
        checkout(c.ctx, {
          cart: { cartId: c.cartId },
          acceptTerms: true,
          paymentMethod: 'manual',
          idempotencyKey: key(),
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code),
    ).toEqual(['PROMO_INVALID', 'PROMO_INVALID'])
    expect(await db.promotionRedemption.count({ where: { promotionId: promo.id } })).toBe(1)
    expect((await db.promotion.findUniqueOrThrow({ where: { id: promo.id } })).usesCount).toBe(1)
  })
})
