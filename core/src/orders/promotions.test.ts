import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, registration } from '@berth/tests/support/factories'
import {
  makeProduct,
  makePromotion,
  superAdmin,
  uid,
  visitorCart,
} from '@berth/tests/support/catalog-factories'
import { THROTTLE_RULES } from '../accounts'
import type { Ctx } from '../shared'
import { addCartItem } from './add-cart-item'
import { applyPromoCode } from './apply-promo-code'
import { PROMO_INVALID_MESSAGE } from './check-promotion'
import { checkout } from './checkout'
import { getCartSummary } from './get-cart-summary'
import { openCart } from './open-cart'
import { quoteProduct } from './quote-product'

/**
 * Promotion codes as an attacker would try them (issue 8 §3): one answer for every code that cannot
 * be used, wrong guesses throttled per IP, and a fixed-amount promotion discounting once per use.
 */
const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
const other = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 2000 }] })
const visitor = (ip: string): Ctx => ({
  db,
  actor: { type: 'anonymous' },
  request: { ip, userAgent: 'vitest' },
})
const quote = (ctx: Ctx, promoCode: string, productId = product.id) =>
  quoteProduct(ctx, { productId, currency: 'USD', cycle: 'MONTHLY', promoCode })
const RATE_LIMITED_MESSAGE = 'Too many attempts. Please wait 60 minutes and try again.'

describe('promotion codes answer alike', () => {
  it('a visitor gets the same message for an unknown, inactive, not yet valid, expired, used-up, foreign-currency or not applicable code', async () => {
    const codes = {
      unknown: `NOPE${uid().toUpperCase()}`,
      inactive: (await makePromotion(admin, { isActive: false })).code,
      notStarted: (await makePromotion(admin, { startsAt: new Date(Date.now() + 86_400_000) })).code,
      expired: (await makePromotion(admin, { endsAt: new Date(Date.now() - 1000) })).code,
      usedUp: (await makePromotion(admin, { maxUses: 1 })).code,
      otherCurrency: (
        await makePromotion(admin, {
          kind: 'FIXED',
          percent: null,
          amounts: [{ currency: 'EUR', amount: '100' }],
        })
      ).code,
      otherProduct: (await makePromotion(admin, { productIds: [other.id] })).code,
    }
    await db.promotion.update({ where: { code: codes.usedUp }, data: { usesCount: 1 } })
    const ctx = visitor('192.0.2.201')
    const quotes = await Promise.all(Object.values(codes).map((code) => quote(ctx, code)))
    expect(quotes.map((q) => [q.promoError, q.discount.firstPayment])).toEqual(
      Object.values(codes).map(() => [PROMO_INVALID_MESSAGE, 0n]),
    )
    // The cart answers the same way.
    const cart = await visitorCart(db, [{ productId: product.id }])
    for (const code of Object.values(codes)) {
      const error = await applyPromoCode(cart.ctx, { cart: { token: cart.token }, code }).catch((e) => e)
      expect([error.code, error.field, error.message]).toEqual([
        'PROMO_INVALID',
        'promoCode',
        PROMO_INVALID_MESSAGE,
      ])
    }
    // A good code on the same product is applied (so the message above is not a blanket refusal).
    const good = await makePromotion(admin, { percent: 100000 })
    expect(await quote(ctx, good.code)).toMatchObject({ promoError: null, discount: { firstPayment: 100n } })
  })
})

describe('promotion code guesses are throttled per IP', () => {
  const limit = THROTTLE_RULES.PROMO_CODE.perIp

  it(`answers ${limit} of a burst of wrong codes on the store quote, then refuses even good codes from that IP`, async () => {
    const ip = '192.0.2.202'
    const quotes = await Promise.all(
      Array.from({ length: limit + 15 }, () => quote(visitor(ip), `GUESS${uid().toUpperCase()}`)),
    )
    expect(quotes.filter((q) => q.promoError === PROMO_INVALID_MESSAGE)).toHaveLength(limit)
    expect(quotes.filter((q) => q.promoError === RATE_LIMITED_MESSAGE)).toHaveLength(15)
    expect(await db.loginAttempt.count({ where: { kind: 'PROMO_CODE', ip } })).toBe(limit)
    // The price is still answered; only the code is held back, on the quote and on the cart.
    const good = await makePromotion(admin, { percent: 100000 })
    expect(await quote(visitor(ip), good.code)).toMatchObject({
      promoError: RATE_LIMITED_MESSAGE,
      discount: { firstPayment: 0n },
      dueToday: 1000n,
    })
    const cart = await visitorCart(db, [{ productId: product.id }])
    expect(
      (await applyPromoCode(visitor(ip), { cart: { token: cart.token }, code: good.code }).catch((e) => e))
        .code,
    ).toBe('RATE_LIMITED')
    expect((await db.cart.findUniqueOrThrow({ where: { id: cart.cartId } })).promoCode).toBeNull()
    // Another address is not affected.
    expect(await quote(visitor('192.0.2.203'), good.code)).toMatchObject({
      promoError: null,
      discount: { firstPayment: 100n },
    })
  })

  it('does not count codes that worked, however often the price is asked', async () => {
    const ip = '192.0.2.204'
    const good = await makePromotion(admin, { percent: 100000 })
    // One after another, as a buyer changes options (at once, answers still pending count as guesses).
    const quotes = []
    for (let i = 0; i < limit + 10; i++) quotes.push(await quote(visitor(ip), good.code))
    expect(quotes.every((q) => q.promoError === null && q.discount.firstPayment === 100n)).toBe(true)
    expect(await db.loginAttempt.count({ where: { kind: 'PROMO_CODE', ip, success: false } })).toBe(0)
    expect((await quote(visitor(ip), `GUESS${uid().toUpperCase()}`)).promoError).toBe(PROMO_INVALID_MESSAGE)
  })
})

describe('visitor checkouts are throttled per IP', () => {
  it(`places at most ${THROTTLE_RULES.CHECKOUT.perIp} visitor orders an hour from one address, even at once`, async () => {
    const ip = '192.0.2.205'
    // Most of the hour's allowance used earlier (each checkout hashes a password: a full burst of
    // real checkouts is slow on a busy machine), then a burst of 8 for the last 3.
    const earlier = THROTTLE_RULES.CHECKOUT.perIp - 3
    await db.loginAttempt.createMany({
      data: Array.from({ length: earlier }, () => ({
        door: 'PORTAL' as const,
        kind: 'CHECKOUT' as const,
        email: '',
        ip,
        success: true,
      })),
    })
    const n = 8
    const carts = []
    for (let i = 0; i < n; i++) carts.push(await visitorCart(db, [{ productId: product.id }]))
    const results = await Promise.allSettled(
      carts.map((c) =>
        checkout(visitor(ip), {
          cart: { token: c.token },
          newClient: registration(),
          acceptTerms: true,
          paymentMethod: 'manual',
          idempotencyKey: `burst-${uid()}-${uid()}-${uid()}`,
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    expect(results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []))).toEqual(
      Array(5).fill('RATE_LIMITED'),
    )
    expect(await db.order.count({ where: { ip } })).toBe(3)
    expect(await db.loginAttempt.count({ where: { kind: 'CHECKOUT', ip, success: true } })).toBe(
      THROTTLE_RULES.CHECKOUT.perIp,
    )
    // A signed-in client's checkout from the same address is not a visitor's.
    const client = await makeClient()
    const cart = await openCart({ ...client.ctx, request: { ip, userAgent: 'vitest' } }, {})
    await addCartItem(client.ctx, { cart: { cartId: cart.cartId }, productId: product.id, cycle: 'MONTHLY' })
    await expect(
      checkout(
        { ...client.ctx, request: { ip, userAgent: 'vitest' } },
        {
          cart: { cartId: cart.cartId },
          acceptTerms: true,
          paymentMethod: 'manual',
          idempotencyKey: `client-${uid()}-${uid()}-${uid()}`,
        },
      ),
    ).resolves.toMatchObject({ isReplay: false })
  })
})

describe('a fixed-amount promotion is one discount per use', () => {
  it('takes its amount once per order, off the first product it covers, and counts one use', async () => {
    const promo = await makePromotion(admin, {
      kind: 'FIXED',
      percent: null,
      amounts: [{ currency: 'USD', amount: '300' }],
      isRecurring: true,
      productIds: [other.id],
    })
    const client = await makeClient()
    const cart = await openCart(client.ctx, {})
    for (const productId of [product.id, other.id, other.id])
      await addCartItem(client.ctx, { cart: { cartId: cart.cartId }, productId, cycle: 'MONTHLY' })
    await applyPromoCode(client.ctx, { cart: { cartId: cart.cartId }, code: promo.code })
    const summary = await getCartSummary(client.ctx, { cart: { cartId: cart.cartId } })
    expect(summary.items.map((i) => i.discount)).toEqual([0n, 300n, 0n])
    expect(summary.subtotal).toBe(1000n + 2000n + 2000n - 300n)

    const result = await checkout(client.ctx, {
      cart: { cartId: cart.cartId },
      acceptTerms: true,
      paymentMethod: 'manual',
      expectedTotal: summary.total.toString(),
      idempotencyKey: `fixed-${uid()}-${uid()}-${uid()}`,
    })
    const invoice = await db.invoice.findUniqueOrThrow({
      where: { id: result.invoiceId },
      include: { items: { where: { type: 'PROMOTION' } } },
    })
    const used = await db.promotion.findUniqueOrThrow({
      where: { id: promo.id },
      select: { usesCount: true, amounts: { select: { amount: true } } },
    })
    // What the use count says (one use of 300) is what the order was discounted.
    expect(used.usesCount).toBe(1)
    expect(invoice.items.map((i) => i.amount)).toEqual([-300n])
    expect(invoice.items.reduce((a, i) => a - i.amount, 0n)).toBe(
      BigInt(used.usesCount) * used.amounts[0]!.amount,
    )
    expect(await db.promotionRedemption.count({ where: { promotionId: promo.id } })).toBe(1)
    // Only the discounted service keeps the promotion (and its recurring discount) for renewals.
    const services = await db.service.findMany({
      where: { orderId: result.orderId },
      select: { productId: true, recurringAmount: true, promotionId: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(services.map((s) => [s.productId === other.id, s.recurringAmount, s.promotionId])).toEqual([
      [false, 1000n, null],
      [true, 1700n, promo.id],
      [true, 2000n, null],
    ])
  })

  it('a percentage still discounts every product it covers, as one use', async () => {
    const promo = await makePromotion(admin, { percent: 100000 })
    const client = await makeClient()
    const cart = await openCart(client.ctx, {})
    for (const productId of [product.id, other.id])
      await addCartItem(client.ctx, { cart: { cartId: cart.cartId }, productId, cycle: 'MONTHLY' })
    await applyPromoCode(client.ctx, { cart: { cartId: cart.cartId }, code: promo.code })
    const result = await checkout(client.ctx, {
      cart: { cartId: cart.cartId },
      acceptTerms: true,
      paymentMethod: 'manual',
      idempotencyKey: `pct-${uid()}-${uid()}-${uid()}`,
    })
    const items = await db.invoiceItem.findMany({
      where: { invoiceId: result.invoiceId, type: 'PROMOTION' },
      select: { amount: true },
      orderBy: { sortOrder: 'asc' },
    })
    expect(items.map((i) => i.amount)).toEqual([-100n, -200n])
    expect((await db.promotion.findUniqueOrThrow({ where: { id: promo.id } })).usesCount).toBe(1)
  })
})
