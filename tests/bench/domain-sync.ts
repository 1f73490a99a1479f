// `npx tsx tests/bench/domain-sync.ts`: the daily run's expiry sync (step domain-sync, issue 12)
// against the sandbox registrar: BENCH_DOMAINS (default 10,000) ACTIVE domains over a quarter as
// many clients, seeded with INSERT ... SELECT, each with its registry row in SandboxDomain; one in
// ten was renewed at the registry (later expiry, unlocked, other nameservers), so the sync writes
// it with an audit event; one in 500 is missing at the registry, so its call fails and is recorded.
// Measured: the step's wall time and domains synced per minute (every call through callRegistrar,
// so each one is a ModuleCall row), then a second run the same day (only the failed ones are asked
// again). The sandbox answers from the database: a real registrar adds its own latency per call
// (the step keeps 8 calls in flight per batch).
// Results go to tests/bench/results/domain-sync-<date>.json.
import { loadavg } from 'node:os'
import { inBenchDatabase, writeBenchResults } from './bench-database'

const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 10_000)
const CLIENTS = Math.max(1, Math.round(DOMAINS / 4))
const AS_OF = '2027-03-01'

await inBenchDatabase('domain_sync', async (url) => {
  const core = await import('@berth/core')
  const { getDb, disconnectDb } = await import('@berth/prisma')
  await core.prepareDatabase(url, { demo: false })
  const db = getDb()
  try {
    const step = core.DAILY_BILLING_STEPS.find((s) => s.name === 'domain-sync')
    if (!step) throw new Error('no domain-sync step in the daily run')
    console.log(`writing ${CLIENTS} clients and ${DOMAINS} domains with their sandbox registry rows...`)
    await db.$executeRawUnsafe(
      `CREATE TABLE bench_client AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${CLIENTS}) AS n`,
    )
    await db.$executeRawUnsafe(`
      INSERT INTO "Client" (id, "companyName", address1, city, country, "currencyCode", "updatedAt")
      SELECT id, 'Company ' || n, n || ' Main Street', 'Town', 'US', 'USD', now() FROM bench_client`)
    await db.$executeRawUnsafe(`
      INSERT INTO "Domain" (id, "clientId", name, tld, registrar, status, "registrationDate", "expiryDate",
                            "nextDueDate", "currencyCode", "recurringAmount", nameservers, "updatedAt")
      SELECT gen_random_uuid(), c.id, 'sync' || g.n || '.com', 'com', 'sandbox', 'ACTIVE', date '2025-06-01',
             date '2027-06-01' + (g.n % 300), date '2027-06-01' + (g.n % 300), 'USD', 1299,
             ARRAY['ns1.berth.test', 'ns2.berth.test'], now()
        FROM generate_series(1, ${DOMAINS}) AS g(n) JOIN bench_client c ON c.n = 1 + (g.n - 1) % ${CLIENTS}`)
    await db.$executeRawUnsafe(`
      INSERT INTO "SandboxDomain" (id, name, "registeredAt", "expiresAt", status, nameservers, "isLocked", "eppCode", "updatedAt")
      SELECT gen_random_uuid(), d.name, timestamptz '2025-06-01',
             CASE WHEN n % 10 = 0 THEN d."expiryDate" + interval '1 year' ELSE d."expiryDate" END,
             CASE WHEN n % 10 = 0 THEN 'ok' ELSE 'clientTransferProhibited' END,
             CASE WHEN n % 10 = 0 THEN ARRAY['ns1.elsewhere.test', 'ns2.elsewhere.test'] ELSE d.nameservers END,
             n % 10 <> 0, 'epp-' || n, now()
        FROM (SELECT d.*, substring(d.name from '^sync([0-9]+)')::int AS n FROM "Domain" d) d
       WHERE n % 500 <> 0`)
    const expectedFailures = Math.floor(DOMAINS / 500)

    const load = [Number(loadavg()[0]!.toFixed(2))]
    const t0 = performance.now()
    const first = await core.runDailyBilling({ db, asOf: new Date(`${AS_OF}T00:00:00Z`), steps: [step] })
    const seconds = (performance.now() - t0) / 1000
    load.push(Number(loadavg()[0]!.toFixed(2)))
    const report = first.steps[0]!
    const synced = report.counts.domainsSynced ?? 0
    if (report.failed !== expectedFailures)
      throw new Error(`${report.failed} failures, ${expectedFailures} expected`)
    if (synced !== DOMAINS - expectedFailures)
      throw new Error(`${synced} synced of ${DOMAINS - expectedFailures}`)
    const changed = report.counts.domainsChanged ?? 0
    const t1 = performance.now()
    const second = (await core.runDailyBilling({ db, asOf: new Date(`${AS_OF}T00:00:00Z`), steps: [step] }))
      .steps[0]!
    const secondSeconds = (performance.now() - t1) / 1000
    const results = {
      domains: DOMAINS,
      syncSeconds: Number(seconds.toFixed(2)),
      domainsPerMinute: Math.round((synced / seconds) * 60),
      domainsChanged: changed,
      failedRecorded: report.failed,
      secondRunSeconds: Number(secondSeconds.toFixed(2)),
      secondRunAsked: second.seen,
    }
    console.log(results)
    writeBenchResults('domain-sync', results, { registrar: 'sandbox', batchSize: step.batchSize, load })
  } finally {
    await disconnectDb()
  }
})
