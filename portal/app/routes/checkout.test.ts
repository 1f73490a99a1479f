import { beforeAll, describe, expect, it } from 'vitest'
import { addCredit, handleInvoicePaid, invoicePaidJobSchema, THROTTLE_RULES, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { enableTestGateway, makeBillingTeam } from '@berth/tests/support/billing-factories'
import {
  makeProduct,
  makePromotion,
  makeVpsCatalog,
  orderCounts,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { registration } from '@berth/tests/support/factories'
import { follow, loggedInClient, portalPath } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { addToCart, configurationForm, fieldErrors, storePath } from '../../test/store'
import { alerts, field, Visitor, type Page } from '../../test/visitor'

/**
 * Cart and checkout over HTTP, against the real server and database: promotion codes on the cart,
 * a visitor registering at checkout and paying through the test gateway until the paid hook makes
 * the services active, a double submit, and every refusal writing nothing.
 */
const portal = usePortalServer()
let admin: Ctx
let billing: Ctx
let vps: Awaited<ReturnType<typeof makeVpsCatalog>>
let plan: { id: string }
let vpsPath: string
let planPath: string

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  admin = await superAdmin()
  await enableTestGateway(team.admin.ctx)
  await getDb().taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
  vps = await makeVpsCatalog(admin, { name: 'Cloud VPS' })
  plan = await makeProduct(admin, { name: 'Web plan', prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
  vpsPath = await storePath(vps.product.id)
  planPath = await storePath(plan.id)
})

const vpsForm = (domain = 'vps1.example.com') =>
  configurationForm({
    options: { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: '2' },
    addonIds: [vps.backups.id],
    domain,
  })

/** The checkout form as the page renders it (hidden key and total), with these fields on top. */
function checkoutForm(page: Page, fields: Record<string, string>): Record<string, string> {
  return {
    idempotencyKey: page.$('input[name="idempotencyKey"]').attr('value') ?? '',
    expectedTotal: page.$('input[name="expectedTotal"]').attr('value') ?? '',
    paymentMethod: page.$('input[name="paymentMethod"]').first().attr('value') ?? '',
    acceptTerms: 'yes',
    ...fields,
  }
}

function newClientFields(overrides: Record<string, string> = {}): Record<string, string> {
  const r = registration()
  return {
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email,
    password: r.password,
    companyName: r.companyName ?? '',
    address1: r.address1,
    address2: '',
    city: r.city,
    state: '',
    postcode: r.postcode ?? '',
    country: r.country,
    phone: r.phone ?? '',
    ...overrides,
  }
}

const PROMO_INVALID = 'This code is not valid for this order.'

async function orderCountsOf() {
  const { orders, services, invoices, clients, users, redemptions, promotions, stock, auditEvents } =
    await orderCounts()
  return { orders, services, invoices, clients, users, redemptions, promotions, stock, auditEvents }
}

describe('/cart promotion codes', () => {
  it('applies a valid code and refuses the others with one message, whatever the reason (no hint for a guesser), writing nothing', async () => {
    const welcome = await makePromotion(admin, { percent: 100000 })
    const expired = await makePromotion(admin, {
      startsAt: new Date(Date.now() - 864e5 * 10),
      endsAt: new Date(Date.now() - 864e5),
    })
    const usedUp = await makePromotion(admin, { maxUses: 1 })
    await getDb().promotion.update({ where: { id: usedUp.id }, data: { usesCount: 1 } })
    const later = await makePromotion(admin, { startsAt: new Date(Date.now() + 864e5) })
    const v = new Visitor(() => portal.url)
    await addToCart(v, vpsPath, vpsForm())
    const cart = await getDb().cart.findFirstOrThrow({
      where: { items: { some: { productId: vps.product.id } } },
      orderBy: { createdAt: 'desc' },
    })
    const page = await v.get('/cart')
    expect(page.$('[data-testid="cart-total"]').text()).toBe('$45.00') // 2000 + 500 + 2 × 200, setup 1000 + 2 × 100, backups 400
    for (const [code, message] of [
      ['NOPE-NOT-A-CODE', PROMO_INVALID],
      [expired.code, PROMO_INVALID],
      [usedUp.code, PROMO_INVALID],
      [later.code, PROMO_INVALID],
      ['', 'A code has at least 3 characters'],
    ] as const) {
      const refused = await v.post('/cart', { intent: 'apply-promo', promoCode: code })
      expect(refused.status, code).toBe(422)
      const f = field(refused, 'promo', 'promoCode')
      expect(f.error, code).toBe(message)
      expect(f.value).toBe(code)
    }
    expect((await getDb().cart.findUniqueOrThrow({ where: { id: cart.id } })).promoCode).toBeNull()

    const applied = await follow(
      v,
      await v.post('/cart', { intent: 'apply-promo', promoCode: welcome.code.toLowerCase() }),
    )
    expect(alerts(applied)).toContain(`Promotion code ${welcome.code} is applied.`)
    expect(applied.$('.cart-item .discount dd').text()).toBe('−$2.90')
    expect(applied.$('[data-testid="cart-total"]').text()).toBe('$42.10')
    const removed = await follow(v, await v.post('/cart', { intent: 'remove-promo' }))
    expect(alerts(removed)).toContain('The promotion code is removed.')
    expect(removed.$('[data-testid="cart-total"]').text()).toBe('$45.00')
  })
})

describe('/checkout', () => {
  it('registers a visitor in place, makes one order with pending services and one invoice, pays it through the test gateway, and the paid hook activates the services', async () => {
    const promo = await makePromotion(admin, { percent: 100000 })
    const v = new Visitor(() => portal.url)
    await addToCart(v, vpsPath, vpsForm())
    await addToCart(v, planPath, configurationForm({}))
    await v.post('/cart', { intent: 'apply-promo', promoCode: promo.code })

    const page = await v.get('/checkout')
    expect(page.status).toBe(200)
    const register = await new Visitor(() => portal.url).get('/register')
    const names = [
      'firstName',
      'lastName',
      'email',
      'password',
      'companyName',
      'address1',
      'address2',
      'city',
      'state',
      'postcode',
      'country',
      'phone',
    ]
    expect(names.map((n) => field(page, 'checkout', n).label)).toEqual(
      names.map((n) => field(register, 'register', n).label),
    )
    expect(names.map((n) => field(page, 'checkout', n).label.replace(' (optional)', ''))).toEqual([
      'First name',
      'Last name',
      'Email',
      'Password',
      'Company',
      'Address',
      'Address line 2',
      'City',
      'State or region',
      'Postcode',
      'Country',
      'Phone',
    ])
    expect(page.$('a[href="/login?redirectTo=%2Fcheckout"]').text()).toBe('Log in')
    expect(
      page
        .$('input[name="paymentMethod"]')
        .map((_, el) => page.$(el).attr('value'))
        .get(),
    ).toEqual(['test'])
    expect(page.$('label:has(#checkout-acceptTerms)').text()).toBe('I accept the terms of service')
    expect(page.$('input[name="idempotencyKey"]').attr('value')).toMatch(/^[0-9a-f-]{36}$/)
    // 45.00 − 10% of the VPS package (29.00) + the plan 10.00 − 10%, before tax: the visitor's address is not known yet
    expect(page.$('[data-testid="checkout-total"]').text()).toBe('$51.10')
    expect(page.$('input[name="expectedTotal"]').attr('value')).toBe('5110')

    // Without JavaScript the total shown has no tax yet: the first submit is refused with the
    // total for the address typed (UK VAT), writing nothing, and the page now shows that total.
    const before = await orderCountsOf()
    const details = newClientFields()
    const first = await v.post('/checkout', checkoutForm(page, details))
    expect(first.status).toBe(409)
    expect(first.$('.form > [role="alert"]').text()).toBe(
      'With tax for your address the total is $61.32. Please check it and place your order again.',
    )
    expect(first.$('[data-testid="checkout-total"]').text()).toBe('$61.32')
    expect(first.$('.price-box .totals').text()).toContain('VAT 20%')
    expect(first.$('input[name="expectedTotal"]').attr('value')).toBe('6132')
    expect(field(first, 'checkout', 'email').value).toBe(details.email)
    expect(field(first, 'checkout', 'password').value).toBe('')
    expect(await orderCountsOf()).toEqual(before)

    const placed = await v.post('/checkout', {
      ...checkoutForm(first, details),
      idempotencyKey: page.$('input[name="idempotencyKey"]').attr('value')!,
    })
    expect(placed.status, placed.html.slice(0, 300)).toBe(302)
    const target = portalPath(placed.location)
    const orderId = /^\/orders\/([0-9a-f-]{36})\?pay=/.exec(target)?.[1]
    expect(orderId).toBeTruthy()
    expect(v.cookies.has('berth_portal')).toBe(true) // logged in as the new client
    expect(v.cookies.has('berth_cart')).toBe(false)

    const db = getDb()
    const user = await db.user.findUniqueOrThrow({
      where: { email: details.email },
      select: { clientId: true },
    })
    const order = await db.order.findUniqueOrThrow({
      where: { id: orderId! },
      include: { services: true, invoices: true },
    })
    expect(order.clientId).toBe(user.clientId)
    expect(order.services.map((s) => s.status)).toEqual(['PENDING', 'PENDING'])
    expect(order.invoices).toHaveLength(1)
    expect(order.invoices[0]).toMatchObject({ status: 'UNPAID', total: 6132n })
    expect(await db.order.count({ where: { clientId: user.clientId } })).toBe(1)
    expect(await db.invoice.count({ where: { clientId: user.clientId } })).toBe(1)

    // The confirmation page, which moves on to the payment by itself.
    const confirmation = await v.get(target)
    expect(confirmation.status).toBe(200)
    expect(alerts(confirmation)).toContain(
      `Thank you: order ${order.number} is placed. Taking you to the payment…`,
    )
    expect(confirmation.$('h1').text()).toBe(`Order ${order.number} Pending`)
    const payAt = new URL(target, 'http://x').searchParams.get('pay')!
    expect(payAt).toMatch(/^\/billing\/test-gateway\/tcs_/)
    expect(confirmation.$('meta[http-equiv="refresh"]').attr('content')).toBe(`2;url=${payAt}`)
    expect(confirmation.$('a.button').attr('href')).toBe(payAt)
    expect(confirmation.$('#services-title').parent().find('.mini-list > li').length).toBe(2)
    // the VPS's addon, with its own price, under it
    const addons = confirmation.$('.mini-sublist li')
    expect(addons.map((_, li) => confirmation.$(li).text()).get()).toEqual(['+ Daily backups$4.00/mo'])
    expect(confirmation.$('.mini-sublist').attr('aria-label')).toBe(`Addons of ${vps.product.name}`)

    const gateway = await v.get(payAt)
    expect(gateway.$('.summary').text()).toContain('$61.32')
    const paid = await follow(v, await v.post(payAt, { outcome: 'pay' }))
    expect(alerts(paid)).toContain(
      `Thank you: we have received $61.32. Invoice ${order.invoices[0]!.number} is paid.`,
    )

    // The worker's job for the paid invoice, run through core's handler as the worker does.
    const jobs = await db.$queryRaw<
      { data: unknown }[]
    >`SELECT data FROM pgboss.job WHERE name = 'invoice.paid' AND data->>'invoiceId' = ${order.invoices[0]!.id}`
    expect(jobs).toHaveLength(1)
    expect(await handleInvoicePaid(db, invoicePaidJobSchema.parse(jobs[0]!.data))).toMatchObject({
      activated: 2,
    })
    expect(
      (await db.service.findMany({ where: { orderId: orderId! }, select: { status: true } })).map(
        (s) => s.status,
      ),
    ).toEqual(['ACTIVE', 'ACTIVE'])
    const services = await v.get('/services')
    expect(
      services
        .$('tbody tr')
        .map((_, tr) => services.$(tr).find('.badge').text())
        .get(),
    ).toEqual(['Active', 'Active'])
    // The order is the new client's only: another client gets the 404 page.
    const stranger = await loggedInClient(portal)
    expect((await stranger.visitor.get(`/orders/${orderId}`)).status).toBe(404)
    expect((await stranger.visitor.get('/orders/not-a-uuid')).status).toBe(404)
  })

  it('makes one order from a double submit, for a client and for a visitor', async () => {
    const a = await loggedInClient(portal, { country: 'US' })
    await addToCart(a.visitor, planPath, configurationForm({}))
    const page = await a.visitor.get('/checkout')
    expect(page.$('.account-box').text()).toContain(a.email)
    const form = checkoutForm(page, {})
    const [one, two] = await Promise.all([
      a.visitor.post('/checkout', form),
      a.visitor.post('/checkout', form),
    ])
    expect([one.status, two.status]).toEqual([302, 302])
    expect(portalPath(one.location).split('?')[0]).toBe(portalPath(two.location).split('?')[0])
    expect(await getDb().order.count({ where: { clientId: a.clientId } })).toBe(1)
    expect(await getDb().invoice.count({ where: { clientId: a.clientId } })).toBe(1)
    // Sent again later (the back button): the same order.
    const again = await a.visitor.post('/checkout', form)
    expect(portalPath(again.location).split('?')[0]).toBe(portalPath(one.location).split('?')[0])
    expect(await getDb().order.count({ where: { clientId: a.clientId } })).toBe(1)

    const v = new Visitor(() => portal.url)
    await addToCart(v, planPath, configurationForm({}))
    const visitorPage = await v.get('/checkout')
    const details = newClientFields({ country: 'US' })
    const visitorForm = checkoutForm(visitorPage, details)
    const clientsBefore = await getDb().client.count()
    const answers = await Promise.all([v.post('/checkout', visitorForm), v.post('/checkout', visitorForm)])
    expect(answers.map((p) => p.status)).toEqual([302, 302])
    const user = await getDb().user.findUniqueOrThrow({
      where: { email: details.email },
      select: { clientId: true },
    })
    expect(await getDb().client.count()).toBe(clientsBefore + 1)
    expect(await getDb().order.count({ where: { clientId: user.clientId } })).toBe(1)
    // One answer logs the new client in and goes on to pay; the other asks to log in to see the same order.
    const locations = answers.map((p) => portalPath(p.location)).sort()
    expect(locations[0]).toMatch(/^\/login\?redirectTo=%2Forders%2F[0-9a-f-]{36}$/)
    expect(locations[1]).toMatch(/^\/orders\/[0-9a-f-]{36}\?pay=/)
    expect(decodeURIComponent(locations[0]!.split('redirectTo=')[1]!)).toBe(locations[1]!.split('?')[0])
  })

  it('refuses with the message on the right field and writes nothing: terms, details, a tampered total, a payment method not offered, a code expired or used up since, stock gone', async () => {
    const a = await loggedInClient(portal)
    await addToCart(a.visitor, vpsPath, vpsForm())
    const page = await a.visitor.get('/checkout')
    const before = await orderCountsOf()
    const refusals: [Record<string, string>, number, string, string][] = [
      [{ acceptTerms: '' }, 422, 'checkout-acceptTerms-error', 'Please accept the terms of service'],
      [
        { expectedTotal: '1' },
        409,
        'form',
        'The total is now $54.00: prices changed since you opened this page. Please check your order and place it again.',
      ],
      [{ expectedTotal: 'twelve' }, 422, 'form', ''],
      [
        { paymentMethod: 'stripe' },
        422,
        'checkout-paymentMethod-error',
        'Choose a payment method from the list.',
      ],
      [
        { paymentMethod: 'bitcoin' },
        422,
        'checkout-paymentMethod-error',
        'Choose a payment method from the list',
      ],
      [
        { paymentMethod: 'credit' },
        422,
        'checkout-paymentMethod-error',
        'Your account credit does not cover this order. Choose another payment method.',
      ],
      [{ idempotencyKey: 'short' }, 422, 'form', 'The form is incomplete: reload the page'],
    ]
    for (const [fields, status, where, message] of refusals) {
      const refused = await a.visitor.post('/checkout', checkoutForm(page, fields))
      expect(refused.status, JSON.stringify(fields)).toBe(status)
      if (where === 'form') {
        const shown = refused.$('.form > [role="alert"]').text()
        if (message) expect(shown, JSON.stringify(fields)).toBe(message)
        else expect(shown.length, JSON.stringify(fields)).toBeGreaterThan(0)
      } else expect(fieldErrors(refused)[where], JSON.stringify(fields)).toBe(message)
    }
    expect(await orderCountsOf()).toEqual(before)

    // A visitor's details are checked on their fields, and no account is left behind.
    const v = new Visitor(() => portal.url)
    await addToCart(v, planPath, configurationForm({}))
    const visitorPage = await v.get('/checkout')
    const badDetails = await v.post(
      '/checkout',
      checkoutForm(visitorPage, newClientFields({ email: 'not-an-email', password: 'short', city: '' })),
    )
    expect(badDetails.status).toBe(422)
    expect(field(badDetails, 'checkout', 'email').error).toBeTruthy()
    expect(field(badDetails, 'checkout', 'password').error).toBeTruthy()
    expect(field(badDetails, 'checkout', 'city').error).toBeTruthy()
    expect(await orderCountsOf()).toEqual(before)

    // A code that was valid when applied, then expired or got used up; stock gone since the item was added.
    const expiring = await makePromotion(admin, { percent: 50000 })
    const exhausting = await makePromotion(admin, { percent: 50000, maxUses: 5 })
    for (const [promo, change, message] of [
      [expiring, { endsAt: new Date(Date.now() - 1000) }, PROMO_INVALID],
      [exhausting, { usesCount: 5 }, PROMO_INVALID],
    ] as const) {
      await a.visitor.post('/cart', { intent: 'apply-promo', promoCode: promo.code })
      const withCode = await a.visitor.get('/checkout')
      await getDb().promotion.update({ where: { id: promo.id }, data: change })
      const snapshot = await orderCountsOf()
      const refused = await a.visitor.post('/checkout', checkoutForm(withCode, {}))
      expect(await orderCountsOf()).toEqual(snapshot)
      expect(refused.status).toBe(422)
      expect(refused.$('.form > [role="alert"]').text()).toBe(message)
      expect(refused.$('.price-box').text()).toContain(`Promotion ${promo.code}: ${message}`)
      await a.visitor.post('/cart', { intent: 'remove-promo' })
    }
    const limited = await makeProduct(admin, {
      name: 'Last one',
      stockControl: true,
      stockQuantity: 1,
      prices: [{ cycle: 'MONTHLY', amount: 500 }],
    })
    await addToCart(a.visitor, await storePath(limited.id), configurationForm({}))
    const withStock = await a.visitor.get('/checkout')
    await getDb().product.update({ where: { id: limited.id }, data: { stockQuantity: 0 } })
    const snapshot = await orderCountsOf()
    const gone = await a.visitor.post('/checkout', checkoutForm(withStock, {}))
    expect(gone.status).toBe(409)
    expect(gone.$('.form > [role="alert"]').text()).toBe('Last one is out of stock.')
    expect(await orderCountsOf()).toEqual(snapshot)
    expect((await getDb().promotion.findUniqueOrThrow({ where: { id: exhausting.id } })).usesCount).toBe(5)
  })

  it('pays with account credit at once when it covers the total', async () => {
    const a = await loggedInClient(portal, { country: 'US' })
    await addCredit(billing, { clientId: a.clientId, amount: 5000, reason: 'Goodwill' })
    await addToCart(a.visitor, planPath, configurationForm({}))
    const page = await a.visitor.get('/checkout')
    expect(
      page
        .$('input[name="paymentMethod"]')
        .map((_, el) => page.$(el).attr('value'))
        .get(),
    ).toEqual(['test', 'credit'])
    const placed = await a.visitor.post('/checkout', checkoutForm(page, { paymentMethod: 'credit' }))
    const confirmation = await follow(a.visitor, placed)
    expect(
      alerts(confirmation).some((t) => /order \d+ is placed\. It is paid with your account credit\./.test(t)),
    ).toBe(true)
    expect(confirmation.$('.pay-next').length).toBe(0)
    const order = await getDb().order.findFirstOrThrow({
      where: { clientId: a.clientId },
      include: { invoices: true },
    })
    expect(order.invoices[0]).toMatchObject({ status: 'PAID', total: 1000n, creditApplied: 1000n })
  })

  it("refuses a visitor's checkouts and promotion codes past the hour's allowance of the address with 429 and Retry-After, writing nothing", async () => {
    const db = getDb()
    // The visitors of the tests above checked out and tried codes from this same address: fill its allowance.
    const { ip } = await db.loginAttempt.findFirstOrThrow({
      where: { kind: 'CHECKOUT' },
      orderBy: { id: 'desc' },
      select: { ip: true },
    })
    for (const kind of ['CHECKOUT', 'PROMO_CODE'] as const) {
      const used = await db.loginAttempt.count({
        where: { kind, ip, ...(kind === 'PROMO_CODE' ? { success: false } : {}) },
      })
      await db.loginAttempt.createMany({
        data: Array.from({ length: THROTTLE_RULES[kind].perIp - used }, () => ({
          door: 'PORTAL' as const,
          kind,
          email: '',
          ip,
          success: false,
        })),
      })
    }
    const v = new Visitor(() => portal.url)
    await addToCart(v, planPath, configurationForm({}))
    const welcome = await makePromotion(admin, { percent: 100000 })
    const code = await v.post('/cart', { intent: 'apply-promo', promoCode: welcome.code })
    expect([code.status, code.headers.get('retry-after')]).toEqual([429, '3600'])
    expect(alerts(code).join(' ')).toContain('Too many attempts. Please wait 60 minutes and try again.')
    const page = await v.get('/checkout')
    const before = await orderCountsOf()
    const refused = await v.post('/checkout', checkoutForm(page, newClientFields()))
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '3600'])
    expect(refused.$('.form > [role="alert"]').text()).toBe(
      'Too many attempts. Please wait 60 minutes and try again.',
    )
    expect(await orderCountsOf()).toEqual(before)
    // A signed-in client's checkout is not a visitor's: it goes through from the same address.
    const a = await loggedInClient(portal, { country: 'US' })
    await addToCart(a.visitor, planPath, configurationForm({}))
    expect(
      (await a.visitor.post('/checkout', checkoutForm(await a.visitor.get('/checkout'), {}))).status,
    ).toBe(302)
  })
})
