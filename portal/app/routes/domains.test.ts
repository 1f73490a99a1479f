import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTld, setTldPrices, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, Visitor, type Page } from '../../test/visitor'

/**
 * The public domain pages over HTTP, with no network: the TLDs use the sandbox registrar, which
 * answers availability itself. Pricing in the visitor's currency and sorted; search with the exact
 * name, suggestions, prices and availability; bad names refused with their rule; the per-IP limit.
 */
const portal = usePortalServer()
const db = getDb()
let admin: Ctx

beforeAll(async () => {
  admin = await superAdmin()
  const com = await createTld(admin, { name: 'com', registrar: 'sandbox', isFeatured: true })
  const net = await createTld(admin, { name: 'net', registrar: 'sandbox', sortOrder: 1 })
  const io = await createTld(admin, { name: 'io', registrar: 'sandbox', sortOrder: 2, isActive: false })
  await setTldPrices(admin, com.id, {
    currency: 'USD',
    prices: [
      { action: 'REGISTER', years: 1, amount: 1299 },
      { action: 'TRANSFER', years: 1, amount: 999 },
      { action: 'RENEW', years: 1, amount: 1499 },
    ],
  })
  await setTldPrices(admin, com.id, {
    currency: 'EUR',
    prices: [{ action: 'REGISTER', years: 1, amount: 1199 }],
  })
  await setTldPrices(admin, net.id, {
    currency: 'USD',
    prices: [{ action: 'REGISTER', years: 1, amount: 999 }],
  })
  await setTldPrices(admin, io.id, {
    currency: 'USD',
    prices: [{ action: 'REGISTER', years: 1, amount: 3999 }],
  })
})

const rows = (page: Page) =>
  page
    .$('tbody tr')
    .map((_, tr) => [
      page
        .$(tr)
        .find('td')
        .map((__, td) => page.$(td).text().trim())
        .get(),
    ])
    .get() as string[][]

describe('/domains/pricing', () => {
  it('lists enabled TLDs in the visitor’s currency, sortable by column', async () => {
    const v = new Visitor(() => portal.url)
    const page = await v.get('/domains/pricing')
    expect(page.status).toBe(200)
    expect(rows(page)).toEqual([
      ['.com Popular', '$12.99', '$9.99', '$14.99'],
      ['.net', '$9.99', '—', '—'],
    ])
    const cheapest = await v.get('/domains/pricing?sort=register&dir=asc')
    expect(rows(cheapest).map((r) => r[0])).toEqual(['.net', '.com Popular'])
    // a nonsense sort falls back to the default order
    expect((await v.get('/domains/pricing?sort=drop%20table')).status).toBe(200)
    await v.get('/store')
    await v.post('/store/currency', { currency: 'EUR', back: '/domains/pricing' })
    expect(rows(await v.get('/domains/pricing'))).toEqual([['.com Popular', '€11.99', '—', '—']])
  })
})

describe('/domains/search', () => {
  it('shows the exact name and suggestions with prices and availability', async () => {
    const v = new Visitor(() => portal.url)
    const page = await v.get('/domains/search?q=Google')
    expect(page.status).toBe(200)
    expect(page.$('section[aria-label="Your domain"] h2').text()).toBe('google.com')
    expect(page.$('section[aria-label="Your domain"] p').text()).toBe('Taken · $12.99/yr')
    const suggestions = rows(page)
    // taken names offer a transfer, free ones go into the cart
    expect(suggestions[0]).toEqual(['google.net', 'Taken', '$9.99/yr', 'Transfer'])
    expect(suggestions).toContainEqual(['getgoogle.com', 'Available', '$12.99/yr', 'Add to cart'])
    expect(suggestions.map((r) => r[0])).not.toContain('google.io') // disabled TLD
  })

  it('keeps the typed TLD and shows IDN names in Unicode', async () => {
    const page = await new Visitor(() => portal.url).get(
      `/domains/search?q=${encodeURIComponent('bücher.net')}`,
    )
    expect(page.status).toBe(200)
    expect(page.$('section[aria-label="Your domain"] h2').text()).toBe('bücher.net')
    expect(page.$('section[aria-label="Your domain"] p').text()).toBe('Available · $9.99/yr')
  })

  it('refuses bad names with the rule they break, and searches nothing', async () => {
    const v = new Visitor(() => portal.url)
    for (const [q, message] of [
      ['-harbour', 'cannot start or end with a hyphen'],
      ['harbour.zzz', 'We do not offer ".zzz" domains.'],
      ['a'.repeat(64), 'at most 63 characters'],
      ['har bour', 'cannot contain spaces'],
    ]) {
      const page = await v.get(`/domains/search?q=${encodeURIComponent(q!)}`)
      expect(page.status, q).toBe(422)
      expect(page.$('#q-error').text(), q).toContain(message)
      expect(page.$('section[aria-label="Your domain"]').length).toBe(0)
    }
  })

  it('answers 429 once an address has searched too often', async () => {
    const v = new Visitor(() => portal.url)
    await v.get('/domains/search?q=limits')
    const last = await db.loginAttempt.findFirstOrThrow({
      where: { kind: 'DOMAIN_SEARCH' },
      orderBy: { id: 'desc' },
    })
    await db.loginAttempt.createMany({
      data: Array.from({ length: 60 }, () => ({
        door: 'PORTAL' as const,
        kind: 'DOMAIN_SEARCH' as const,
        email: '',
        ip: last.ip,
        success: false,
      })),
    })
    const page = await v.get('/domains/search?q=limits')
    expect(page.status).toBe(429)
    expect(page.headers.get('retry-after')).toBe('600')
    expect(page.$('#q-error').text()).toMatch(/Too many attempts/)
  })
})

describe('domains into the cart', () => {
  // The 429 test above used up this address's searches.
  beforeEach(async () => {
    await db.loginAttempt.deleteMany({ where: { kind: 'DOMAIN_SEARCH' } })
  })

  it('"Add to cart" on an available name puts a one-year registration in a visitor\'s cart', async () => {
    const v = new Visitor(() => portal.url)
    const name = `harbour-${Date.now().toString(36)}.com`
    await v.get(`/domains/search?q=${name}`)
    const added = await v.post(`/domains/search?q=${name}`, { intent: 'register', name })
    expect(added.status).toBe(302)
    expect(added.location).toBe('/cart')
    const cart = await v.get('/cart')
    const item = cart.$(`li[aria-label="Domain registration ${name}"]`)
    expect(item.length).toBe(1)
    expect(item.find('dd').first().text()).toBe('$12.99')
    expect(cart.$('[data-testid="cart-total"]').text()).toContain('$12.99')
  })

  it('refuses a taken name or a bad one on the search page, and the cart stays empty', async () => {
    const v = new Visitor(() => portal.url)
    await v.get('/domains/search?q=google.com')
    const taken = await v.post('/domains/search?q=google.com', { intent: 'register', name: 'google.com' })
    expect(taken.status).toBe(422)
    expect(alerts(taken).join(' ')).toContain('already registered')
    const bad = await v.post('/domains/search?q=x', { intent: 'register', name: '-x-.com' })
    expect(bad.status).toBe(422)
    expect((await v.get('/cart')).$('li.cart-item').length).toBe(0)
  })

  it('a transfer needs the EPP code; with it the transfer is in the cart and the code is never shown back', async () => {
    const v = new Visitor(() => portal.url)
    const missing = await v.submit('/domains/transfer?name=google.com', { name: 'google.com', eppCode: '' })
    expect(missing.status).toBe(422)
    expect(field(missing, 'transfer', 'eppCode').error).toContain('EPP')
    expect(field(missing, 'transfer', 'name').value).toBe('google.com')
    const free = await v.post('/domains/transfer', {
      name: `free-${Date.now().toString(36)}.com`,
      eppCode: 'Abc-123',
    })
    expect(free.status).toBe(422)
    expect(field(free, 'transfer', 'name').error).toContain('not registered')
    const ok = await v.post('/domains/transfer', { name: 'google.com', eppCode: 'S3cret-Code!' })
    expect(ok.status).toBe(302)
    const cart = await v.get('/cart')
    expect(cart.$('li[aria-label="Domain transfer google.com"]').length).toBe(1)
    expect(cart.html).not.toContain('S3cret-Code!')
    expect(
      field(
        cart,
        `domain-${cart.$('li[aria-label="Domain transfer google.com"] input[name="itemId"]').attr('value')}`,
        'eppCode',
      ).label,
    ).toContain('New EPP code')
  })

  it("the cart changes a domain's nameservers and refuses a single one on its field", async () => {
    const v = new Visitor(() => portal.url)
    const name = `ns-${Date.now().toString(36)}.com`
    await v.get(`/domains/search?q=${name}`)
    await v.post(`/domains/search?q=${name}`, { intent: 'register', name })
    const cart = await v.get('/cart')
    const itemId = cart.$(`li[aria-label="Domain registration ${name}"] input[name="itemId"]`).attr('value')!
    const refused = await v.post('/cart', {
      intent: 'update-domain',
      itemId,
      years: '1',
      nameservers: 'ns1.example.net',
    })
    expect(refused.status).toBe(422)
    expect(field(refused, `domain-${itemId}`, 'nameservers').error).toContain('Enter 2 to 13 nameservers')
    const saved = await v.post('/cart', {
      intent: 'update-domain',
      itemId,
      years: '1',
      nameservers: 'ns1.example.net\r\nns2.example.net',
    })
    expect(saved.status).toBe(302)
    const after = await v.get('/cart')
    expect(after.$(`#domain-${itemId}-nameservers`).text()).toBe('ns1.example.net\nns2.example.net')
  })
})
