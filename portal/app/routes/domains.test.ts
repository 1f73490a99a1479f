import { beforeAll, describe, expect, it } from 'vitest'
import { createTld, setTldPrices, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { usePortalServer } from '../../test/portal-server'
import { Visitor, type Page } from '../../test/visitor'

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
    expect(suggestions[0]).toEqual(['google.net', 'Taken', '$9.99/yr'])
    expect(suggestions).toContainEqual(['getgoogle.com', 'Available', '$12.99/yr'])
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
