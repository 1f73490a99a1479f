import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { startFakeRdap } from '../../../../tests/fakes/rdap'
import { startFakeWhois } from '../../../../tests/fakes/whois'
import { startHttpServer, json } from '../../../../tests/fakes/http'
import { visitorRequest } from '@berth/tests/support/factories'
import { anonymousCtx, DomainError } from '../../shared'
import {
  indexBootstrap,
  loadRdapBootstrap,
  rdapBaseUrlFor,
  refreshRdapBootstrap,
  SHIPPED_RDAP_BOOTSTRAP,
} from './bootstrap'
import { AvailabilityCache } from './cache'
import { checkAvailability, loadAvailabilitySources, type AvailabilitySources } from './check-availability'
import { searchDomains } from './search-domains'
import { parseWhoisAnswer } from './whois'

const db = getDb()
const rdap = await startFakeRdap({ slowMs: 5000 })
const whois = await startFakeWhois()
const denic = await startFakeWhois({ style: 'denic' })
afterAll(() => Promise.all([rdap.stop(), whois.stop(), denic.stop()]))

const TIMEOUT_MS = 1000
let cache = new AvailabilityCache()
beforeEach(() => {
  cache = new AvailabilityCache()
})

function sources(extra: Partial<AvailabilitySources> = {}): AvailabilitySources {
  return {
    db,
    rdap: indexBootstrap({ version: '1.0', services: [[['com', 'net', 'io', 'uk'], [rdap.url]]] }),
    tlds: new Map([
      ['com', { registrar: 'manual', whois: null }],
      ['de', { registrar: 'manual', whois: { host: denic.host, port: denic.port } }],
      ['ch', { registrar: 'manual', whois: { host: whois.host, port: whois.port } }],
      ['demo', { registrar: 'sandbox', whois: null }],
    ]),
    timeoutMs: TIMEOUT_MS,
    cacheSeconds: 300,
    cache,
    ...extra,
  }
}

describe('availability over RDAP', () => {
  it('404 is available, 200 with the domain object is registered', async () => {
    rdap.register('harbour.com')
    expect(await checkAvailability(sources(), 'free-harbour.com', 'com')).toMatchObject({
      status: 'available',
      source: 'rdap',
    })
    expect(await checkAvailability(sources(), 'harbour.com', 'com')).toMatchObject({
      status: 'registered',
      source: 'rdap',
    })
  })

  it('a slow registry times out as unknown, within the timeout', async () => {
    rdap.behave('slow-one.net', 'slow')
    const started = Date.now()
    const result = await checkAvailability(sources(), 'slow-one.net', 'net')
    expect(result).toMatchObject({ status: 'unknown', reason: 'timeout' })
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500)
  })

  it('429 is "unknown, try later" with the Retry-After, and is not cached', async () => {
    rdap.behave('busy.io', 'rate-limited')
    const s = sources()
    expect(await checkAvailability(s, 'busy.io', 'io')).toMatchObject({
      status: 'unknown',
      reason: 'rate-limited',
      retryAfterSeconds: 30,
    })
    const before = rdap.queries.length
    await checkAvailability(s, 'busy.io', 'io')
    expect(rdap.queries.length).toBe(before + 1)
  })

  it('malformed bodies, HTML and server errors are unknown, never "available"', async () => {
    rdap.behave('broken.com', 'malformed')
    rdap.behave('maint.com', 'html')
    rdap.behave('down.com', 'server-error')
    expect(await checkAvailability(sources(), 'broken.com', 'com')).toMatchObject({
      status: 'unknown',
      reason: 'malformed',
    })
    expect(await checkAvailability(sources(), 'maint.com', 'com')).toMatchObject({
      status: 'unknown',
      reason: 'malformed',
    })
    expect(await checkAvailability(sources(), 'down.com', 'com')).toMatchObject({
      status: 'unknown',
      reason: 'error',
    })
  })

  it('an unknown TLD (no RDAP, not ours) is unknown without a lookup', async () => {
    const before = rdap.queries.length
    expect(await checkAvailability(sources(), 'name.zzz', 'zzz')).toMatchObject({
      status: 'unknown',
      reason: 'unsupported-tld',
      source: 'none',
    })
    expect(rdap.queries.length).toBe(before)
  })

  it('IDN names are queried in punycode', async () => {
    rdap.register('xn--bcher-kva.com')
    expect(await checkAvailability(sources(), 'xn--bcher-kva.com', 'com')).toMatchObject({
      status: 'registered',
    })
    expect(rdap.queries.at(-1)).toBe('xn--bcher-kva.com')
  })

  it('a definitive answer is cached: the second check makes no query', async () => {
    const s = sources()
    const first = await checkAvailability(s, 'cached-name.com', 'com')
    const before = rdap.queries.length
    const second = await checkAvailability(s, 'cached-name.com', 'com')
    expect(first.isCached).toBe(false)
    expect(second).toMatchObject({ status: 'available', isCached: true })
    expect(rdap.queries.length).toBe(before)
    // and it expires
    cache.set({ ...first, name: 'old.com' }, 1, Date.now() - 2000)
    expect(cache.get('old.com')).toBeNull()
  })

  it('sandbox TLDs are answered by the sandbox registrar, not RDAP', async () => {
    const before = rdap.queries.length
    expect(await checkAvailability(sources(), 'google.demo', 'demo')).toMatchObject({
      status: 'registered',
      source: 'registrar',
    })
    expect(await checkAvailability(sources(), 'my-new-shop.demo', 'demo')).toMatchObject({
      status: 'available',
    })
    expect(rdap.queries.length).toBe(before)
  })
})

describe('availability over WHOIS (TLDs without RDAP)', () => {
  it('reads "No match" and "Status: free" as available, registry fields as registered', async () => {
    whois.register('taken.ch')
    denic.register('taken.de')
    expect(await checkAvailability(sources(), 'free.ch', 'ch')).toMatchObject({
      status: 'available',
      source: 'whois',
    })
    expect(await checkAvailability(sources(), 'taken.ch', 'ch')).toMatchObject({ status: 'registered' })
    expect(await checkAvailability(sources(), 'frei.de', 'de')).toMatchObject({ status: 'available' })
    expect(await checkAvailability(sources(), 'taken.de', 'de')).toMatchObject({ status: 'registered' })
    expect(denic.queries).toContain('frei.de')
  })

  it('rate-limit wording, silence, a banner only and a reset are unknown', async () => {
    whois.behave('quota.ch', 'rate-limited')
    whois.behave('silent.ch', 'slow')
    whois.behave('banner.ch', 'garbage')
    whois.behave('reset.ch', 'reset')
    expect(await checkAvailability(sources(), 'quota.ch', 'ch')).toMatchObject({
      status: 'unknown',
      reason: 'rate-limited',
    })
    const started = Date.now()
    expect(await checkAvailability(sources(), 'silent.ch', 'ch')).toMatchObject({
      status: 'unknown',
      reason: 'timeout',
    })
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500)
    expect(await checkAvailability(sources(), 'banner.ch', 'ch')).toMatchObject({
      status: 'unknown',
      reason: 'malformed',
    })
    expect((await checkAvailability(sources(), 'reset.ch', 'ch')).status).toBe('unknown')
  })

  it("parses the common registries' wordings", () => {
    expect(parseWhoisAnswer('NOT FOUND\n').status).toBe('available')
    expect(parseWhoisAnswer('%% No entries found for the selected source(s).').status).toBe('available')
    expect(parseWhoisAnswer('Domain Name: example.org\nRegistrar: X').status).toBe('registered')
    expect(parseWhoisAnswer('').status).toBe('unknown')
  })
})

describe('the RDAP bootstrap file', () => {
  it('ships the common TLDs and finds the longest matching suffix', () => {
    const index = indexBootstrap(SHIPPED_RDAP_BOOTSTRAP)
    expect(rdapBaseUrlFor(index, 'example.com')).toBe('https://rdap.verisign.com/com/v1/')
    expect(rdapBaseUrlFor(index, 'example.co.uk')).toBe('https://rdap.nominet.uk/uk/')
    expect(rdapBaseUrlFor(index, 'example.de')).toBeNull()
  })

  it('is refreshed from IANA into the database, and a bad answer keeps the file in use', async () => {
    const file = {
      version: '1.0',
      publication: '2026-12-01T00:00:00Z',
      services: [[['zz'], ['https://rdap.zz.test/']]],
    }
    let answer: unknown = file
    const iana = await startHttpServer(
      () => json(200, answer),
      () => json(500, {}),
    )
    try {
      expect(await refreshRdapBootstrap(db, { url: `${iana.url}/rdap/dns.json` })).toEqual({
        tlds: 1,
        publication: '2026-12-01T00:00:00Z',
      })
      expect((await loadRdapBootstrap(db)).services).toEqual(file.services)
      answer = { version: '1.0', services: [] }
      await expect(refreshRdapBootstrap(db, { url: `${iana.url}/rdap/dns.json` })).rejects.toThrow(/no TLDs/)
      expect((await loadRdapBootstrap(db)).services).toEqual(file.services)
    } finally {
      await db.rdapBootstrap.deleteMany()
      await iana.stop()
    }
  })
})

describe('searchDomains', () => {
  async function makeTld(
    name: string,
    opts: { featured?: boolean; sort?: number; price?: bigint; registrar?: string } = {},
  ) {
    const tld = await db.tld.create({
      data: {
        name,
        registrar: opts.registrar ?? 'manual',
        isFeatured: opts.featured ?? false,
        sortOrder: opts.sort ?? 0,
      },
    })
    if (opts.price !== undefined)
      await db.tldPrice.create({
        data: { tldId: tld.id, currencyCode: 'USD', action: 'REGISTER', years: 1, amount: opts.price },
      })
    return tld
  }
  beforeAll(async () => {
    await makeTld('com', { featured: true, price: 1299n })
    await makeTld('io', { featured: true, sort: 1, price: 3999n })
    await makeTld('net', { sort: 2, price: 1499n })
    await makeTld('uk', { sort: 3 }) // no USD price: left out of suggestions
  })
  const searchSources = async () =>
    loadAvailabilitySources(db, { rdap: sources().rdap, cache, timeoutMs: 3000 })

  it('answers the exact name and suggestions with prices and availability', async () => {
    rdap.register('lighthouse.com', 'getlighthouse.com')
    const ctx = anonymousCtx(db, visitorRequest())
    const result = await searchDomains(
      ctx,
      { q: 'Lighthouse', currency: 'USD' },
      { sources: await searchSources() },
    )
    expect(result.exact).toMatchObject({
      name: 'lighthouse.com',
      status: 'registered',
      price: { amount: '1299', currency: 'USD', years: 1 },
    })
    const names = result.suggestions.map((s) => [s.name, s.status])
    expect(names.slice(0, 2)).toEqual([
      ['lighthouse.io', 'available'],
      ['lighthouse.net', 'available'],
    ])
    expect(names).toContainEqual(['getlighthouse.com', 'registered'])
    expect(names).toContainEqual(['lighthouse-hq.com', 'available'])
    expect(names.map(([n]) => n)).not.toContain('lighthouse.uk')
  })

  it('keeps the typed TLD and works for IDN names', async () => {
    const ctx = anonymousCtx(db, visitorRequest())
    const result = await searchDomains(
      ctx,
      { q: 'Bücher.NET', currency: 'USD' },
      { sources: await searchSources() },
    )
    expect(result.exact).toMatchObject({
      name: 'xn--bcher-kva.net',
      unicode: 'bücher.net',
      status: 'available',
    })
    expect(result.suggestions.map((s) => s.unicode)).toContain('getbücher.net')
  })

  it('refuses bad names and TLDs we do not sell on field q', async () => {
    const ctx = anonymousCtx(db, visitorRequest())
    for (const [q, message] of [
      ['-bad-', /hyphen/],
      ['example.zzz', /We do not offer ".zzz"/],
      ['', /Enter a domain name/],
    ] as const) {
      const error = await searchDomains(
        ctx,
        { q, currency: 'USD' },
        { sources: await searchSources() },
      ).catch((e: unknown) => e as DomainError)
      expect(error).toBeInstanceOf(DomainError)
      expect((error as DomainError).fieldErrors().q, q).toMatch(message)
    }
  })

  it('is rate-limited per IP', async () => {
    const request = visitorRequest()
    await db.loginAttempt.createMany({
      data: Array.from({ length: 60 }, () => ({
        door: 'PORTAL' as const,
        kind: 'DOMAIN_SEARCH' as const,
        email: '',
        ip: request.ip,
        success: false,
      })),
    })
    await expect(
      searchDomains(
        anonymousCtx(db, request),
        { q: 'x', currency: 'USD' },
        { sources: await searchSources() },
      ),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    // another address is not affected
    await expect(
      searchDomains(
        anonymousCtx(db, visitorRequest()),
        { q: 'x', currency: 'USD' },
        { sources: await searchSources() },
      ),
    ).resolves.toBeTruthy()
  })
})
