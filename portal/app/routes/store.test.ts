import { beforeAll, describe, expect, it } from 'vitest'
import { THROTTLE_RULES, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  makeGroup,
  makeProduct,
  makePromotion,
  makeVpsCatalog,
  orderCounts,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { TEST_PASSWORD } from '@berth/tests/support/factories'
import { follow, loggedInClient } from '../../test/billing'
import { logIn } from '../../test/fixtures'
import { usePortalServer } from '../../test/portal-server'
import {
  addToCart,
  cartCounts,
  configurationForm,
  fieldErrors,
  postConfiguration,
  priceBox,
  storePath,
} from '../../test/store'
import { alerts, Visitor, type Page } from '../../test/visitor'

/**
 * The store over HTTP: what is listed and at which "from" price per currency, the configurator and
 * its live price (the quote route and "Update price"), adding to the cart, and every tampered
 * configuration refused with its message on the field and nothing written.
 */
const portal = usePortalServer()
let admin: Ctx
let group: { id: string; slug: string }
let hiddenGroup: { id: string; slug: string }
let vps: Awaited<ReturnType<typeof makeVpsCatalog>>
let other: Awaited<ReturnType<typeof makeVpsCatalog>>
let starter: { id: string }
let soldOut: { id: string }

beforeAll(async () => {
  admin = await superAdmin()
  group = await makeGroup(admin, { name: 'Web hosting' })
  hiddenGroup = await makeGroup(admin, { name: 'Secret plans', isHidden: true })
  starter = await makeProduct(admin, {
    groupId: group.id,
    name: 'Starter',
    prices: [
      { cycle: 'MONTHLY', amount: 500 },
      { cycle: 'ANNUAL', amount: 5000 },
      { currency: 'EUR', cycle: 'MONTHLY', amount: 450 },
      { currency: 'GBP', cycle: 'MONTHLY', amount: 400, setupFee: 200 },
    ],
  })
  await makeProduct(admin, {
    groupId: group.id,
    name: 'Annual only',
    prices: [
      { cycle: 'ANNUAL', amount: 9900, setupFee: 1500 },
      { currency: 'EUR', cycle: 'ANNUAL', amount: 9000 },
    ],
  })
  await makeProduct(admin, {
    groupId: group.id,
    name: 'Dollars only',
    prices: [{ cycle: 'MONTHLY', amount: 700 }],
  })
  await makeProduct(admin, { groupId: group.id, name: 'Hidden plan', isHidden: true })
  const retired = await makeProduct(admin, { groupId: group.id, name: 'Retired plan' })
  await getDb().product.update({ where: { id: retired.id }, data: { isRetired: true } })
  soldOut = await makeProduct(admin, {
    groupId: group.id,
    name: 'Sold out',
    stockControl: true,
    stockQuantity: 0,
  })
  await makeProduct(admin, { groupId: hiddenGroup.id, name: 'In a hidden group' })
  vps = await makeVpsCatalog(admin, { name: 'Cloud VPS' })
  other = await makeVpsCatalog(admin, { name: 'Other VPS' })
})

/** The product cards of a group on /store: name → "from" price (and setup fee), or "Out of stock". */
function cards(page: Page, groupSlug: string): Record<string, string> {
  const out: Record<string, string> = {}
  page.$(`#${groupSlug} .product-card`).each((_, el) => {
    const card = page.$(el)
    const from = card.find('.from-price strong').text()
    const setup = card.find('.from-price .sub').text()
    out[card.find('h3').text()] = [from, setup, card.find('.badge').text()].filter(Boolean).join(' ')
  })
  return out
}

describe('/store', () => {
  it('lists visible groups and products with their "from" price in the visitor’s currency, remembered in a cookie', async () => {
    const v = new Visitor(() => portal.url)
    const page = await v.get('/store')
    expect(page.status).toBe(200)
    expect(cards(page, group.slug)).toEqual({
      'Annual only': '$99.00/yr + $15.00 setup',
      'Dollars only': '$7.00/mo',
      'Sold out': '$10.00/mo + $5.00 setup Out of stock',
      Starter: '$5.00/mo',
    })
    expect(page.$(`#${hiddenGroup.slug}`).length).toBe(0)
    expect(page.html).not.toContain('Hidden plan')
    expect(page.html).not.toContain('Retired plan')
    expect(page.html).not.toContain('In a hidden group')
    expect(
      page
        .$('#currency-select option')
        .map((_, o) => page.$(o).attr('value'))
        .get(),
    ).toEqual(['USD', 'EUR', 'GBP'])
    expect(page.$(`#${group.slug} a[href="${await storePath(starter.id)}"]`).text()).toBe('Configure')
    expect(page.$(`#${group.slug} a[href="${await storePath(soldOut.id)}"]`).text()).toBe('Details')

    const switched = await v.post('/store/currency', { currency: 'eur', back: '/store' })
    expect([switched.status, switched.location]).toEqual([303, '/store'])
    const euros = await v.get('/store')
    expect(cards(euros, group.slug)).toEqual({ 'Annual only': '€90.00/yr', Starter: '€4.50/mo' })
    expect(euros.$('#currency-select option[selected]').attr('value')).toBe('EUR')
    await v.post('/store/currency', { currency: 'GBP', back: '/store' })
    expect(cards(await v.get('/store'), group.slug)).toEqual({ Starter: '£4.00/mo + £2.00 setup' })
    // An unknown currency, or a way off the site, changes nothing.
    const odd = await v.post('/store/currency', { currency: 'XYZ', back: 'https://evil.example/' })
    expect([odd.status, odd.location]).toEqual([303, '/store'])
    expect(cards(await v.get('/store'), group.slug)).toEqual({ Starter: '£4.00/mo + £2.00 setup' })
  })

  it('shows a logged-in client its own currency, whatever the cookie says, without a switcher', async () => {
    const { visitor } = await loggedInClient(portal, { currencyCode: 'EUR' })
    await visitor.post('/store/currency', { currency: 'GBP', back: '/store' })
    const page = await visitor.get('/store')
    expect(cards(page, group.slug)).toEqual({ 'Annual only': '€90.00/yr', Starter: '€4.50/mo' })
    expect(page.$('.currency-switcher').length).toBe(0)
    expect(
      page
        .$('nav[aria-label="Main"] a')
        .map((_, a) => page.$(a).text())
        .get(),
    ).toEqual([
      'Dashboard',
      'Store',
      'Services',
      'Domains',
      'Invoices',
      'Billing',
      'Support',
      'Help',
      'Account',
      'Cart',
    ])
  })
})

describe('/store/:group', () => {
  it('shows one group, linked from /store and from its products; a hidden or unknown group is a 404', async () => {
    const v = new Visitor(() => portal.url)
    const store = await v.get('/store')
    expect(store.$(`#${group.slug} h2 a`).attr('href')).toBe(`/store/${group.slug}`)
    const page = await v.get(`/store/${group.slug}`)
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe('Web hosting')
    expect(page.$('title').text()).toBe('Web hosting · Store · Berth')
    expect(cards(page, group.slug)).toEqual(cards(store, group.slug))
    expect(
      page
        .$('.product-card h3')
        .map((_, h) => page.$(h).text())
        .get(),
    ).not.toContain('Cloud VPS')
    expect((await v.get(`/store/${hiddenGroup.slug}`)).status).toBe(404)
    expect((await v.get('/store/no-such-group')).status).toBe(404)
    const product = await v.get(await storePath(starter.id))
    expect(
      product
        .$('.crumb a')
        .map((_, a) => [[product.$(a).attr('href'), product.$(a).text()]])
        .get(),
    ).toEqual([
      ['/store', 'Store'],
      [`/store/${group.slug}`, 'Web hosting'],
    ])
  })
})

describe('/store/:group/:product', () => {
  it('offers the cycles with a price, the options, addons and hostname, and prices the configuration live', async () => {
    const v = new Visitor(() => portal.url)
    const path = await storePath(vps.product.id)
    const page = await v.get(path)
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe('Cloud VPS')
    expect(
      page
        .$('input[name="cycle"]')
        .map((_, el) => page.$(el).attr('value'))
        .get(),
    ).toEqual(['MONTHLY', 'ANNUAL'])
    expect(
      page
        .$(`select[name="options.${vps.ram.id}"] option`)
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual(['2 GB', '4 GB (+$5.00/mo)', '8 GB (+$15.00/mo)'])
    const ips = page.$(`input[name="options.${vps.ips.id}"]`)
    expect([ips.attr('type'), ips.attr('min'), ips.attr('max'), ips.attr('value')]).toEqual([
      'number',
      '0',
      '4',
      '0',
    ])
    expect(page.$(`#configure-option-${vps.ips.id}-hint`).text()).toBe(
      '0 to 4, +$2.00/mo each + $1.00 setup each',
    )
    expect(page.$(`input[name="options.${vps.managed.id}"]`).attr('type')).toBe('checkbox')
    expect(
      page
        .$('input[name="addonIds"]')
        .map((_, el) => page.$(el).parent().find('strong').text())
        .get(),
    ).toEqual(['Daily backups', 'Site migration'])
    expect(page.$('label[for="configure-domain"]').text()).toBe('Hostname')
    // The default configuration's price: the product and its setup fee.
    expect(priceBox(page).totals).toEqual({
      'Setup fees': '$10.00',
      Subtotal: '$30.00',
      'Due today': '$30.00',
    })
    expect(page.$('main').text()).toContain('Tax, if any, is added at checkout')

    // The fetcher's resource route: the buyer's choices in, core's prices out.
    const choice = { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: '2', [vps.managed.id]: 'yes' }
    const query = new URLSearchParams([
      ['productId', vps.product.id],
      ...configurationForm({ options: choice, addonIds: [vps.backups.id] }).filter(([k]) => k !== 'intent'),
    ])
    const quote = (await (await fetch(`${portal.url}/store/quote?${query}`)).json()) as {
      ok: boolean
      quote: {
        dueToday: string
        setupFees: string
        renewal: string
        lines: { description: string; price: string }[]
      }
    }
    // 2000 + 500 + 2 × 200 + 300 = 3200 a month, setup 1000 + 2 × 100, backups 400
    expect(quote.ok).toBe(true)
    expect([quote.quote.dueToday, quote.quote.setupFees]).toEqual(['$48.00', '$12.00'])
    expect(quote.quote.lines.map((l) => `${l.description} ${l.price}`)).toEqual([
      'Cloud VPS $20.00/mo',
      'RAM: 4 GB $5.00/mo',
      'Extra IPs: 2 $4.00/mo',
      'Managed: Yes $3.00/mo',
      'Daily backups $4.00/mo',
    ])
    expect(quote.quote.renewal).toMatch(/^Renews at \$36\.00 monthly from /)
    const bad = (await (
      await fetch(
        `${portal.url}/store/quote?${new URLSearchParams({ productId: vps.product.id, cycle: 'MONTHLY', [`options.${vps.ips.id}`]: '9' })}`,
      )
    ).json()) as { ok: boolean; fieldErrors: Record<string, string> }
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: { [`options.${vps.ips.id}`]: 'Extra IPs must be between 0 and 4.' },
    })

    // Without JavaScript, "Update price" posts and the page comes back with the new price.
    const before = await cartCounts()
    const updated = await postConfiguration(
      v,
      path,
      configurationForm({
        intent: 'quote',
        cycle: 'ANNUAL',
        options: { [vps.ram.id]: vps.ram8.id },
        addonIds: [vps.migration.id],
      }),
    )
    expect(updated.status).toBe(200)
    // annual: 20000 + 15000, migration is one-time (2500)
    expect(priceBox(updated).lines).toEqual([
      'Cloud VPS = $200.00/yr',
      'RAM: 8 GB = $150.00/yr',
      'Site migration = $25.00 once',
    ])
    expect(priceBox(updated).totals).toEqual({ Subtotal: '$375.00', 'Due today': '$375.00' })
    expect(updated.$('input[name="cycle"][checked]').attr('value')).toBe('ANNUAL')
    expect(updated.$(`select[name="options.${vps.ram.id}"] option[selected]`).attr('value')).toBe(vps.ram8.id)
    expect(await cartCounts()).toEqual(before)
  })

  it('shows an out-of-stock product as such, and refuses to add it', async () => {
    const v = new Visitor(() => portal.url)
    const path = await storePath(soldOut.id)
    const page = await v.get(path)
    expect(alerts(page)).toContain('Sold out is out of stock: it cannot be ordered right now.')
    expect(page.$('button[value="add"]').attr('disabled')).toBeDefined()
    const before = await cartCounts()
    const refused = await v.post(path, configurationForm({}))
    expect(refused.status).toBe(409)
    expect(refused.$('.form [role="alert"]').text()).toBe('Sold out is out of stock.')
    expect(await cartCounts()).toEqual(before)
  })

  it('adds the configuration to the cart, priced by the server: a price field in the post is ignored', async () => {
    const v = new Visitor(() => portal.url)
    const path = await storePath(vps.product.id)
    const form = configurationForm({
      options: { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: '2', [vps.managed.id]: 'yes' },
      addonIds: [vps.backups.id],
      domain: 'vps1.example.com',
      extra: [
        ['price', '0.01'],
        ['total', '0'],
        ['dueToday', '1'],
        ['setupFee', '0'],
        ['expectedTotal', '1'],
      ],
    })
    const added = await addToCart(v, path, form)
    expect(v.cookies.has('berth_cart')).toBe(true)
    const cart = await follow(v, added)
    expect(alerts(cart)).toContain('Cloud VPS is in your cart.')
    expect(cart.$('.cart-item h2').first().text()).toBe('Cloud VPSvps1.example.com')
    expect(cart.$('[data-testid="cart-total"]').text()).toBe('$48.00')
    expect(cart.$('.nav-cart .cart-count').text()).toBe('1')
    // The cart holds only what was asked for.
    const item = await getDb().cartItem.findFirstOrThrow({
      where: { productId: vps.product.id },
      orderBy: { createdAt: 'desc' },
    })
    expect(item).toMatchObject({ cycle: 'MONTHLY', domain: 'vps1.example.com', addonIds: [vps.backups.id] })
    // (timestamps left out: "…:10.012Z" would contain the tampered price by chance)
    const stored = Object.fromEntries(Object.entries(item).filter(([, value]) => !(value instanceof Date)))
    expect(JSON.stringify(stored)).not.toMatch(/0\.01|"price"|"total"|"dueToday"|"expectedTotal"/)

    // Edit: the product page with the item's configuration, then "Update item".
    const edit = await v.get(cart.$('.item-actions a').attr('href')!)
    expect(edit.$('h1').text()).toBe('Edit Cloud VPS')
    expect(edit.$(`select[name="options.${vps.ram.id}"] option[selected]`).attr('value')).toBe(vps.ram4.id)
    expect(edit.$(`input[name="options.${vps.ips.id}"]`).attr('value')).toBe('2')
    expect(edit.$(`input[name="options.${vps.managed.id}"]`).attr('checked')).toBeDefined()
    expect(edit.$('#configure-domain').attr('value')).toBe('vps1.example.com')
    const updated = await v.post(cart.$('.item-actions a').attr('href')!, [
      ...configurationForm({
        intent: 'update',
        options: { [vps.ram.id]: vps.ram2.id },
        domain: 'vps2.example.com',
      }),
      ['itemId', item.id],
    ])
    expect([updated.status, updated.location]).toEqual([302, '/cart'])
    const after = await follow(v, updated)
    expect(after.$('[data-testid="cart-total"]').text()).toBe('$30.00')
    expect(after.$('.cart-item')).toHaveLength(1)

    // Remove.
    const removed = await v.post('/cart', { intent: 'remove', itemId: item.id })
    expect((await follow(v, removed)).$('.empty-title').text()).toBe('Your cart is empty')
  })

  it('refuses tampered configurations with the message on the field, writing nothing', async () => {
    const path = await storePath(vps.product.id)
    const valid = { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: '1' }
    const cases: {
      name: string
      form: [string, string][]
      field: string | null
      message: string
      status?: number
    }[] = [
      {
        name: 'an option of another product',
        form: configurationForm({
          options: { ...valid, [other.ram.id]: other.ram8.id },
          domain: 'a.example.com',
        }),
        field: null,
        message: 'This option does not belong to the product.',
      },
      {
        name: 'a choice of another option',
        form: configurationForm({ options: { [vps.ram.id]: vps.ipUnit.id }, domain: 'a.example.com' }),
        field: `configure-option-${vps.ram.id}-error`,
        message: 'Choose one of the RAM choices.',
      },
      {
        name: 'a negative quantity',
        form: configurationForm({ options: { [vps.ips.id]: '-1' }, domain: 'a.example.com' }),
        field: `configure-option-${vps.ips.id}-error`,
        message: 'Extra IPs cannot be negative.',
      },
      {
        name: 'a quantity above the maximum',
        form: configurationForm({ options: { [vps.ips.id]: '5' }, domain: 'a.example.com' }),
        field: `configure-option-${vps.ips.id}-error`,
        message: 'Extra IPs must be between 0 and 4.',
      },
      {
        name: 'a fractional quantity',
        form: configurationForm({ options: { [vps.ips.id]: '1.5' }, domain: 'a.example.com' }),
        field: `configure-option-${vps.ips.id}-error`,
        message: 'Extra IPs must be a whole number.',
      },
      {
        name: 'an unknown cycle',
        form: configurationForm({ cycle: 'WEEKLY', domain: 'a.example.com' }),
        field: 'configure-cycle-error',
        message: 'Choose a billing cycle from the list.',
      },
      {
        name: 'a cycle without a price',
        form: configurationForm({ cycle: 'QUARTERLY', domain: 'a.example.com' }),
        field: 'configure-cycle-error',
        message: 'Cloud VPS is not offered quarterly in USD.',
      },
      {
        name: 'an addon of another product',
        form: configurationForm({ addonIds: [other.backups.id], domain: 'a.example.com' }),
        field: 'configure-addonIds-error',
        message: 'This addon is not offered with the product.',
      },
      {
        name: 'no hostname',
        form: configurationForm({ domain: '' }),
        field: 'configure-domain-error',
        message: 'Enter the hostname for this service.',
      },
      {
        name: 'a malformed hostname',
        form: configurationForm({ domain: 'not a host' }),
        field: 'configure-domain-error',
        message: 'Enter a valid hostname, such as server1.example.com.',
      },
    ]
    // A visitor without a cart (nothing may be created), and one whose cart already holds an item.
    const fresh = new Visitor(() => portal.url)
    const shopper = new Visitor(() => portal.url)
    await addToCart(shopper, await storePath(starter.id), configurationForm({}))
    for (const visitor of [fresh, shopper]) {
      const before = { ...(await cartCounts()), ...(await orderCounts()) }
      for (const c of cases) {
        const page = await postConfiguration(visitor, path, c.form)
        expect(page.status, c.name).toBe(c.status ?? 422)
        if (c.field) expect(fieldErrors(page)[c.field], c.name).toBe(c.message)
        else expect(page.$('.form [role="alert"]').text(), c.name).toBe(c.message)
      }
      expect({ ...(await cartCounts()), ...(await orderCounts()) }).toEqual(before)
    }
    expect(fresh.cookies.has('berth_cart')).toBe(false)
  })
})

describe('visitor carts', () => {
  it('follow the visitor’s currency, and join the client’s cart at login', async () => {
    const { email } = await loggedInClient(portal) // a client whose own cart is about to get an item
    const client = new Visitor(() => portal.url)
    await logIn(client, email, TEST_PASSWORD)
    await addToCart(client, await storePath(starter.id), configurationForm({}))

    const v = new Visitor(() => portal.url)
    await addToCart(v, await storePath(vps.product.id), configurationForm({ domain: 'merge.example.com' }))
    await v.post('/store/currency', { currency: 'EUR', back: '/cart' })
    const inEuros = await v.get('/cart')
    expect(inEuros.$('.lead').text()).toContain('Prices are in EUR.')
    expect(inEuros.$('[data-testid="cart-total"]').text()).toBe('€0.00') // no EUR price for this VPS: it can no longer be ordered as is
    expect(inEuros.$('#problems-title').text()).toBe('Some items can no longer be ordered')
    await v.post('/store/currency', { currency: 'USD', back: '/cart' })
    expect((await v.get('/cart')).$('[data-testid="cart-total"]').text()).toBe('$30.00')

    await logIn(v, email, TEST_PASSWORD)
    expect(v.cookies.has('berth_cart')).toBe(false)
    const merged = await v.get('/cart')
    expect(
      merged
        .$('.cart-item h2')
        .map((_, el) => merged.$(el).text())
        .get()
        .sort(),
    ).toEqual(['Cloud VPSmerge.example.com', 'Starter'])
    expect(merged.$('.nav-cart .cart-count').text()).toBe('2')
  })
})

describe('/store/quote?promoCode=', () => {
  type QuoteJson = {
    ok: boolean
    quote: { dueToday: string; promoCode: string | null; promoError: string | null }
  }
  const quote = async (promoCode: string, productId = starter.id) =>
    (
      (await (
        await fetch(
          `${portal.url}/store/quote?${new URLSearchParams({ productId, cycle: 'MONTHLY', promoCode })}`,
        )
      ).json()) as QuoteJson
    ).quote

  it('answers a visitor alike for every code that cannot be used, and throttles the guesses of one address', async () => {
    const expired = await makePromotion(admin, { endsAt: new Date(Date.now() - 1000) })
    const elsewhere = await makePromotion(admin, { productIds: [vps.product.id] })
    const usedUp = await makePromotion(admin, { maxUses: 1 })
    await getDb().promotion.update({ where: { id: usedUp.id }, data: { usesCount: 1 } })
    // Everything but the code typed is the same.
    const answers = [
      await quote('NOPE-NOT-A-CODE'),
      await quote(expired.code),
      await quote(elsewhere.code),
      await quote(usedUp.code),
    ].map(({ promoCode: _code, ...rest }) => rest)
    expect(answers).toEqual(
      Array(4).fill({ ...answers[0], promoError: 'This code is not valid for this order.' }),
    )
    expect(answers[0]!.dueToday).toBe('$5.00')

    // A burst of guesses from this address: the rest of the hour's allowance is answered, then every code is held back.
    const limit = THROTTLE_RULES.PROMO_CODE.perIp
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => quote(`GUESS-${i}-${Date.now()}`)))
    const refusedAs = guesses.map((q) => q.promoError)
    expect(refusedAs.filter((m) => m === 'This code is not valid for this order.')).toHaveLength(limit - 4)
    expect(
      refusedAs.filter((m) => m === 'Too many attempts. Please wait 60 minutes and try again.'),
    ).toHaveLength(30 - (limit - 4))
    const good = await makePromotion(admin, { percent: 100000 })
    expect(await quote(good.code)).toMatchObject({
      promoError: 'Too many attempts. Please wait 60 minutes and try again.',
      dueToday: '$5.00',
    })
    expect(await getDb().loginAttempt.count({ where: { kind: 'PROMO_CODE' } })).toBe(limit)
  })
})
