import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import {
  makeClient,
  makeVpsCatalog,
  orderCounts,
  payInvoice,
  superAdmin,
  uid,
} from '@berth/tests/support/catalog-factories'
import { refusal } from '@berth/tests/support/refusals'
import { decryptSecret, secretBinding } from '../crypto'
import { availabilityCache, callRegistrar, fulfilPaidDomainItem, seedDemoTlds } from '../domains'
import type { Ctx } from '../shared'
import { addCartItem } from './add-cart-item'
import { addDomainToCart, updateDomainCartItem } from './add-domain-to-cart'
import { cancelOrder } from './cancel-order'
import { checkout } from './checkout'
import { getCartSummary } from './get-cart-summary'
import { openCart } from './open-cart'

const db = getDb()
const admin = await superAdmin()
await seedDemoTlds(db)
const vps = await makeVpsCatalog(admin)
const key = () => `domain-cart-${uid()}-${uid()}-${uid()}`
const system: Ctx = { db, actor: { type: 'system', label: 'test' }, request: admin.request }
const contact = {
  firstName: 'Held',
  lastName: 'Elsewhere',
  email: 'held@example.test',
  address1: '1 Street',
  city: 'Town',
  postcode: '1000',
  country: 'US',
}

/** Registers `name` at the sandbox registry for someone else (unlocked), and returns its EPP code. */
async function holdAtRegistry(name: string): Promise<string> {
  await callRegistrar(admin, {
    registrar: 'sandbox',
    action: 'register',
    name,
    params: { years: 1, nameservers: [], contact, idProtection: false },
  })
  await callRegistrar(admin, { registrar: 'sandbox', action: 'setLock', name, params: { isLocked: false } })
  const epp = await callRegistrar(admin, { registrar: 'sandbox', action: 'getEppCode', name, params: {} })
  availabilityCache.clear()
  return epp.status === 'done' ? epp.value : ''
}

async function clientCart() {
  const client = await makeClient()
  const cart = await openCart(client.ctx, {})
  return { client, ctx: client.ctx, cart: { cartId: cart.cartId } }
}

const place = (ctx: Ctx, cart: { cartId: string }, extra: Record<string, unknown> = {}) =>
  checkout(ctx, { cart, acceptTerms: true, paymentMethod: 'manual', idempotencyKey: key(), ...extra })

describe('domains in the cart', () => {
  it('a client registers a domain beside a VPS: priced from the TLD, one invoice, paid, registered at the sandbox', async () => {
    const { ctx, cart, client } = await clientCart()
    const name = `shop-${uid()}.com`
    await addCartItem(ctx, { cart, productId: vps.product.id, cycle: 'MONTHLY', domain: 'vps.example.com' })
    const added = await addDomainToCart(ctx, {
      cart,
      action: 'register',
      name: name.toUpperCase(),
      years: 2,
      nameservers: ['ns1.example.net', 'NS2.example.net.'],
    })
    expect(added.name).toBe(name)

    const summary = await getCartSummary(ctx, { cart })
    // .com: 1299 a year in USD, so 2598 for two; the VPS package 2000 + setup 1000
    expect(summary.domains).toMatchObject([
      { action: 'register', name, years: 2, amount: 2598n, renewAmount: 2598n, hasEppCode: false },
    ])
    expect(summary.domains[0]!.nameservers).toEqual(['ns1.example.net', 'ns2.example.net'])
    expect(summary.subtotal).toBe(summary.items[0]!.firstPayment + 2598n)

    const result = await place(ctx, cart, { expectedTotal: summary.total.toString() })
    expect(result.domainIds).toHaveLength(1)
    const domain = await db.domain.findUniqueOrThrow({ where: { id: result.domainIds[0]! } })
    expect(domain).toMatchObject({
      clientId: client.clientId,
      orderId: result.orderId,
      name,
      tld: 'com',
      registrar: 'sandbox',
      status: 'PENDING',
      years: 2,
      currencyCode: 'USD',
      firstPaymentAmount: 2598n,
      recurringAmount: 2598n,
      nameservers: ['ns1.example.net', 'ns2.example.net'],
    })
    const line = await db.invoiceItem.findFirstOrThrow({
      where: { invoiceId: result.invoiceId, type: 'DOMAIN' },
    })
    expect(line).toMatchObject({ domainId: domain.id, unitAmount: 2598n })
    expect(line.periodEnd!.getUTCFullYear() - line.periodStart!.getUTCFullYear()).toBe(2)
    expect(line.description).toMatch(new RegExp(`^Domain registration - ${name} - 2 years`))
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'order.create', targetId: result.orderId },
    })
    expect(JSON.stringify(audit.after)).toContain(name)

    // Nothing reaches the registrar before the invoice is paid.
    expect(await db.sandboxDomain.findUnique({ where: { name } })).toBeNull()
    await payInvoice(result.invoiceId)
    const jobs = await db.$queryRaw<{ data: { invoiceItemId: string } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'domains.fulfil' AND data->>'invoiceItemId' = ${line.id}`
    expect(jobs).toHaveLength(1)
    expect(await fulfilPaidDomainItem(system, line.id)).toMatchObject({ state: 'done', action: 'register' })
    const registered = await db.domain.findUniqueOrThrow({ where: { id: domain.id } })
    expect(registered.status).toBe('ACTIVE')
    expect(registered.expiryDate!.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 2)
    const held = await db.sandboxDomain.findUniqueOrThrow({ where: { name } })
    expect(held.nameservers).toEqual(['ns1.example.net', 'ns2.example.net'])
  })

  it('a transfer needs its EPP code, keeps it sealed in the cart and hands it to the domain at checkout', async () => {
    const { ctx, cart } = await clientCart()
    const name = `move-${uid()}.net`
    const code = await holdAtRegistry(name)
    const before = await db.cartItem.count({ where: { cartId: cart.cartId } })
    expect(await refusal(addDomainToCart(ctx, { cart, action: 'transfer', name }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'eppCode',
    })
    expect(
      await refusal(addDomainToCart(ctx, { cart, action: 'transfer', name, eppCode: 'with space' })),
    ).toMatchObject({ field: 'eppCode' })
    expect(await db.cartItem.count({ where: { cartId: cart.cartId } })).toBe(before)

    const { itemId } = await addDomainToCart(ctx, { cart, action: 'transfer', name, eppCode: code })
    const stored = await db.cartItem.findUniqueOrThrow({ where: { id: itemId } })
    expect(stored.kind).toBe('DOMAIN_TRANSFER')
    expect(JSON.stringify(stored.options)).not.toContain(code)
    const summary = await getCartSummary(ctx, { cart })
    // .net transfers for one year at 1499
    expect(summary.domains).toMatchObject([{ action: 'transfer', years: 1, amount: 1499n, hasEppCode: true }])
    // A transfer price exists for one year only: two years is refused on the field, nothing changes.
    await expect(updateDomainCartItem(ctx, { cart, itemId, years: 2 })).toBeRefusedWith(
      'VALIDATION_FAILED',
      'years',
    )

    const result = await place(ctx, cart)
    const domain = await db.domain.findUniqueOrThrow({ where: { id: result.domainIds[0]! } })
    expect(domain.status).toBe('PENDING_TRANSFER')
    expect(decryptSecret(domain.eppCodeEnc!, secretBinding('Domain.eppCodeEnc', domain.id))).toBe(code)

    await payInvoice(result.invoiceId)
    const line = await db.invoiceItem.findFirstOrThrow({
      where: { invoiceId: result.invoiceId, type: 'DOMAIN' },
    })
    expect(await fulfilPaidDomainItem(system, line.id)).toMatchObject({ state: 'done', action: 'transfer' })
    expect((await db.domain.findUniqueOrThrow({ where: { id: domain.id } })).status).toBe('ACTIVE')
  })

  it('refuses bad names, unknown extensions, wrong periods, taken names and bad nameservers on their field, writing nothing', async () => {
    const { ctx, cart } = await clientCart()
    const taken = `taken-${uid()}.com`
    await holdAtRegistry(taken)
    const free = `free-${uid()}.com`
    const cases: [Record<string, unknown>, string, string][] = [
      [{ action: 'register', name: '-bad-.com' }, 'VALIDATION_FAILED', 'name'],
      [{ action: 'register', name: `x${'a'.repeat(63)}.com` }, 'VALIDATION_FAILED', 'name'],
      [{ action: 'register', name: `nope-${uid()}.invalidtld` }, 'VALIDATION_FAILED', 'name'],
      [{ action: 'register', name: free, years: 11 }, 'VALIDATION_FAILED', 'years'],
      [{ action: 'register', name: taken }, 'VALIDATION_FAILED', 'name'],
      [{ action: 'transfer', name: free, eppCode: 'abc123' }, 'VALIDATION_FAILED', 'name'],
      [
        { action: 'register', name: free, nameservers: ['ns1.example.net'] },
        'VALIDATION_FAILED',
        'nameservers',
      ],
      [
        { action: 'register', name: free, nameservers: ['ns1.example.net', 'bad_host!'] },
        'VALIDATION_FAILED',
        'nameservers.1',
      ],
      [
        {
          action: 'register',
          name: free,
          nameservers: Array.from({ length: 14 }, (_, i) => `ns${i}.example.net`),
        },
        'VALIDATION_FAILED',
        'nameservers',
      ],
    ]
    for (const [input, code, field] of cases)
      await expect(addDomainToCart(ctx, { cart, ...input }), JSON.stringify(input)).toBeRefusedWith(
        code,
        field,
      )
    expect(await db.cartItem.count({ where: { cartId: cart.cartId } })).toBe(0)

    await addDomainToCart(ctx, { cart, action: 'register', name: free })
    await expect(addDomainToCart(ctx, { cart, action: 'register', name: free })).toBeRefusedWith(
      'DUPLICATE',
      'name',
    )
    expect(await db.cartItem.count({ where: { cartId: cart.cartId } })).toBe(1)
  })

  it('refuses a name registered since it went into the cart, and a name already managed here, with nothing written', async () => {
    const { ctx, cart } = await clientCart()
    const name = `gone-${uid()}.io`
    const { itemId } = await addDomainToCart(ctx, { cart, action: 'register', name })
    await holdAtRegistry(name) // someone else registered it meanwhile (and the cache was cleared)
    const counts = await orderCounts()
    expect(await refusal(place(ctx, cart))).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: `items.${itemId}`,
    })
    expect(await orderCounts()).toEqual(counts)

    // A name Berth manages (active for another client) cannot go into a cart at all.
    const other = await clientCart()
    const managed = `ours-${uid()}.org`
    await db.domain.create({
      data: {
        clientId: other.client.clientId,
        name: managed,
        tld: 'org',
        registrar: 'sandbox',
        status: 'ACTIVE',
        currencyCode: 'USD',
        recurringAmount: 1399n,
      },
    })
    await expect(addDomainToCart(ctx, { cart, action: 'register', name: managed })).toBeRefusedWith(
      'DUPLICATE',
      'name',
    )
  })

  it('two carts of one client checking out the same name at once: one order gets it, the other is refused', async () => {
    const client = await makeClient()
    const name = `race-${uid()}.dev`
    const carts = await Promise.all([openCart(client.ctx, {}), openCart(client.ctx, {})])
    // Two carts: the second is opened explicitly so the client holds both.
    const second = await db.cart.create({
      data: { clientId: client.clientId, currencyCode: 'USD', expiresAt: new Date(Date.now() + 3600_000) },
    })
    const refs = [{ cartId: carts[0]!.cartId }, { cartId: second.id }]
    for (const cart of refs) await addDomainToCart(client.ctx, { cart, action: 'register', name })
    const outcomes = await Promise.allSettled(refs.map((cart) => place(client.ctx, cart)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ code: 'DUPLICATE' })
    expect(await db.domain.count({ where: { name } })).toBe(1)
  })

  it('an order cancelled before payment ends its pending domains and their EPP codes', async () => {
    const { ctx, cart } = await clientCart()
    const name = `later-${uid()}.shop`
    const code = await holdAtRegistry(name)
    await addDomainToCart(ctx, { cart, action: 'transfer', name, eppCode: code })
    const result = await place(ctx, cart)
    await cancelOrder(admin, { orderId: result.orderId })
    const domain = await db.domain.findUniqueOrThrow({ where: { id: result.domainIds[0]! } })
    expect(domain).toMatchObject({ status: 'CANCELLED', eppCodeEnc: null })
    expect(await db.auditEvent.count({ where: { action: 'domain.cancel', targetId: domain.id } })).toBe(1)
  })

  it('a price staff change after the domain went into the cart shows at checkout as PRICE_CHANGED', async () => {
    // A TLD of this test's own, so changing its price cannot disturb other files sharing the database.
    const tldName = `t${uid().replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`
    const tld = await db.tld.create({ data: { name: tldName, registrar: 'sandbox' } })
    const price = await db.tldPrice.create({
      data: { tldId: tld.id, currencyCode: 'USD', action: 'REGISTER', years: 1, amount: 900n },
    })
    const { ctx, cart } = await clientCart()
    await addDomainToCart(ctx, { cart, action: 'register', name: `price-${uid()}.${tldName}` })
    const seen = await getCartSummary(ctx, { cart })
    expect(seen.total).toBe(900n)
    await db.tldPrice.update({ where: { id: price.id }, data: { amount: 1000n } })
    const counts = await orderCounts()
    await expect(place(ctx, cart, { expectedTotal: seen.total.toString() })).toBeRefusedWith('PRICE_CHANGED')
    expect(await orderCounts()).toEqual(counts)
  })
})
