// Domain search latency (issue 12): searchDomains against the RDAP and WHOIS fakes with 20 TLDs
// (16 answered over RDAP, 4 over WHOIS), each lookup delayed 20-80 ms like a registry, through
// the real path (throttle, TLD and price queries, 26 lookups at most 8 at once). Cold searches
// (new names, nothing cached) and warm ones (the same names again, from the cache).
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/domain-search.ts [searches]
import { startFakeRdap } from '../fakes/rdap'
import { startFakeWhois } from '../fakes/whois'
import { inBenchDatabase, writeBenchResults } from './bench-database'

const SEARCHES = Number(process.argv[2] ?? 100)
const RDAP_TLDS = [
  'com',
  'net',
  'org',
  'io',
  'info',
  'app',
  'dev',
  'xyz',
  'online',
  'site',
  'store',
  'tech',
  'biz',
  'co',
  'uk',
  'eu',
]
const WHOIS_TLDS = ['de', 'ch', 'at', 'li']

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

await inBenchDatabase('domain_search', async (url) => {
  const core = await import('@berth/core')
  const { getDb, disconnectDb } = await import('@berth/prisma')
  await core.prepareDatabase(url, { demo: false })
  const db = getDb()
  const rdap = await startFakeRdap({ latencyMs: () => 20 + Math.random() * 60 })
  const whois = await startFakeWhois()
  try {
    for (const [i, name] of [...RDAP_TLDS, ...WHOIS_TLDS].entries()) {
      const tld = await db.tld.create({
        data: {
          name,
          registrar: 'manual',
          isFeatured: i < 4,
          sortOrder: i,
          ...(WHOIS_TLDS.includes(name) ? { whoisHost: whois.host, whoisPort: whois.port } : {}),
        },
      })
      await db.tldPrice.create({
        data: {
          tldId: tld.id,
          currencyCode: 'USD',
          action: 'REGISTER',
          years: 1,
          amount: 1000n + BigInt(i * 100),
        },
      })
    }
    const cache = new core.AvailabilityCache()
    const rdapIndex = core.indexBootstrap({ version: '1.0', services: [[RDAP_TLDS, [rdap.url]]] })
    const search = async (q: string, ip: string) => {
      const sources = await core.loadAvailabilitySources(db, { rdap: rdapIndex, cache })
      const started = performance.now()
      const request = { ip, userAgent: 'bench' }
      const result = await core.searchDomains(
        core.anonymousCtx(db, request),
        { q, currency: 'USD' },
        { sources },
      )
      const ms = performance.now() - started
      if (result.suggestions.length < 25) throw new Error(`only ${result.suggestions.length} suggestions`)
      return ms
    }
    await search('warmup', '198.18.0.1')
    const run = async (label: string) => {
      const times: number[] = []
      for (let i = 0; i < SEARCHES; i++)
        times.push(await search(`harbour${i}`, `198.18.${1 + (i >> 8)}.${i & 255}`))
      times.sort((a, b) => a - b)
      const out = {
        [`${label}P50Ms`]: Math.round(percentile(times, 50)),
        [`${label}P99Ms`]: Math.round(percentile(times, 99)),
      }
      console.log(label, out)
      return out
    }
    const cold = await run('cold')
    const warm = await run('warm')
    writeBenchResults(
      'domain-search',
      { ...cold, ...warm },
      { searches: SEARCHES, tlds: 20, lookupsPerSearch: 26, concurrency: core.SEARCH_CONCURRENCY },
    )
  } finally {
    await rdap.stop()
    await whois.stop()
    await disconnectDb()
  }
})
