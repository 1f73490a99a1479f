// `npx tsx tests/bench/daily-run-fan-out.ts`: the daily run fanned out over pg-boss (issue 10),
// one worker process versus two. BENCH_SERVICES (default 10,000) due services seeded as in
// tests/bench/daily-run.ts (same mix, same dates), copied twice (CREATE DATABASE ... TEMPLATE);
// on each copy N real worker processes (jobs/src/main.ts) are started and, once they all listen,
// the run is queued with startFannedOutRun (every step) and timed until no billing.run-step or
// billing.run-batch job is left and the renewal step's JobRun is finished. Invoices created and
// duplicate items are checked. Results go to tests/bench/results/daily-run-fan-out-<date>.json.
import { type ChildProcess } from 'node:child_process'
import { createDatabase, createPrismaClient, databaseUrlFor, dropDatabase, type Db } from '@berth/prisma'
import { spawnService } from '../../scripts/lib/services'
import { inBenchDatabase, writeBenchResults } from './bench-database'

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000)
const CLIENTS = Math.max(1, Math.round(SERVICES * 0.4))
const DUE = '2027-03-15'
const AS_OF = '2027-03-01'
const results: Record<string, number> = {}

const INTERVAL_OF = (col: string) =>
  `(CASE ${col} WHEN 'MONTHLY' THEN interval '1 month' WHEN 'QUARTERLY' THEN interval '3 months'
     WHEN 'SEMI_ANNUAL' THEN interval '6 months' WHEN 'ANNUAL' THEN interval '1 year' ELSE interval '2 years' END)`

async function seed(db: Db, productId: string, addonId: string) {
  await db.$executeRawUnsafe(
    `CREATE TABLE bench_client AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${CLIENTS}) AS n`,
  )
  await db.$executeRawUnsafe(`
    INSERT INTO "Client" (id, "companyName", address1, city, country, "currencyCode", "updatedAt")
    SELECT id, 'Company ' || n, n || ' Main Street', 'Town', 'US', 'USD', now() FROM bench_client`)
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, "clientId", email, "passwordHash", "firstName", "lastName", "emailVerifiedAt", "updatedAt")
    SELECT gen_random_uuid(), id, 'client' || n || '@fan-out.test', 'x', 'First', 'Last', now(), now() FROM bench_client`)
  await db.$executeRawUnsafe(`
    CREATE TABLE bench_service AS
    SELECT g.n, gen_random_uuid() AS id, c.id AS "clientId",
           (CASE WHEN g.n % 20 < 12 THEN 'MONTHLY' WHEN g.n % 20 < 14 THEN 'QUARTERLY' WHEN g.n % 20 = 14 THEN 'SEMI_ANNUAL'
                 WHEN g.n % 20 < 19 THEN 'ANNUAL' ELSE 'BIENNIAL' END)::"BillingCycle" AS cycle
      FROM generate_series(1, ${SERVICES}) AS g(n) JOIN bench_client c ON c.n = 1 + (g.n - 1) % ${CLIENTS}`)
  await db.$executeRawUnsafe(
    `
    INSERT INTO "Service" (id, "clientId", "productId", status, "billingCycle", "currencyCode", "firstPaymentAmount",
                           "recurringAmount", domain, "registrationDate", "nextDueDate", "updatedAt")
    SELECT id, "clientId", $1::uuid, 'ACTIVE', cycle, 'USD', 1000, 1000, 's' || n || '.fan-out.test',
           (DATE '${DUE}' - ${INTERVAL_OF('cycle::text')})::date, DATE '${DUE}', now()
      FROM bench_service`,
    productId,
  )
  await db.$executeRawUnsafe(
    `
    INSERT INTO "ServiceAddon" (id, "serviceId", "addonId", status, "billingCycle", "currencyCode", "recurringAmount",
                                "registrationDate", "nextDueDate", "updatedAt")
    SELECT gen_random_uuid(), id, $1::uuid, 'ACTIVE', 'MONTHLY', 'USD', 400, DATE '${DUE}' - interval '1 month', DATE '${DUE}', now()
      FROM bench_service WHERE n % 10 = 3`,
    addonId,
  )
  await db.$executeRawUnsafe('DROP TABLE bench_client, bench_service')
  await db.$executeRawUnsafe('VACUUM ANALYZE')
}

/** Starts `n` worker processes on `url` and resolves once each has said it processes jobs. */
async function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  const children: ChildProcess[] = []
  const ready: Promise<void>[] = []
  for (let i = 0; i < n; i++) {
    let resolve!: () => void
    ready.push(new Promise<void>((r) => (resolve = r)))
    const s = spawnService('worker', { ...process.env, DATABASE_URL: url, SMTP_URL: '' }, (_name, line) => {
      if (line.includes('processing jobs')) resolve()
      if (process.env.BENCH_VERBOSE) console.log(`[worker ${i}] ${line}`)
    })
    children.push(s.child)
  }
  await Promise.all(ready)
  return children
}

async function stopWorkers(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve()
          c.once('exit', () => resolve())
          c.kill('SIGTERM')
        }),
    ),
  )
}

async function fannedOutRun(url: string, workers: number) {
  const core = await import('@berth/core')
  const db = createPrismaClient(url, { max: 2 })
  const children = await startWorkers(url, workers)
  try {
    const t0 = performance.now()
    await core.startFannedOutRun(db, {
      asOf: new Date(`${AS_OF}T00:00:00.000Z`),
      triggeredBy: 'bench-fan-out',
    })
    for (;;) {
      await new Promise((r) => setTimeout(r, 250))
      const [open] = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM pgboss.job WHERE name IN ('billing.run-step', 'billing.run-batch') AND state IN ('created', 'retry', 'active')`,
      )
      const renewal = await db.jobRun.findFirst({
        where: { job: 'billing-run.renewal-invoices', finishedAt: { not: null } },
        select: { id: true },
      })
      if (Number(open!.n) === 0 && renewal) break
      if (performance.now() - t0 > 1_800_000)
        throw new Error('the fanned-out run did not finish in 30 minutes')
    }
    const seconds = (performance.now() - t0) / 1000
    const invoices = await db.invoiceItem.count({ where: { type: 'SERVICE', periodStart: new Date(DUE) } })
    const [dup] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM (SELECT "serviceId" FROM "InvoiceItem" WHERE "serviceId" IS NOT NULL GROUP BY "serviceId", "periodStart" HAVING count(*) > 1) d`,
    )
    const [inv] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Invoice"`)
    return { seconds, servicesBilled: invoices, invoices: Number(inv!.n), duplicates: Number(dup!.n) }
  } finally {
    await stopWorkers(children)
    await db.$disconnect()
  }
}

await inBenchDatabase('fan_out', async (url) => {
  const core = await import('@berth/core')
  const { disconnectDb } = await import('@berth/prisma')
  const f = await import('../support/catalog-factories')
  await core.prepareDatabase(url, { demo: false })
  await disconnectDb()
  const db = createPrismaClient(url, { max: 2 })
  const dbName = new URL(url).pathname.slice(1)
  const copies: string[] = []
  try {
    const admin = await f.superAdmin(db)
    const product = await f.makeProduct(admin, { name: 'Bench Hosting' })
    const addon = await db.addon.create({ data: { name: 'Daily backups' } })
    await db.setting.upsert({
      where: { key: 'billing.renewalInvoiceDaysBefore' },
      create: { key: 'billing.renewalInvoiceDaysBefore', value: 14 },
      update: { value: 14 },
    })
    console.log(`writing ${CLIENTS} clients, ${SERVICES} services due ${DUE}...`)
    await seed(db, product.id, addon.id)
    await db.$disconnect()
    for (const suffix of ['one', 'two']) {
      await createDatabase(url, `${dbName}_${suffix}`, dbName)
      copies.push(`${dbName}_${suffix}`)
    }
    for (const [i, workers] of [1, 2].entries()) {
      const r = await fannedOutRun(databaseUrlFor(url, copies[i]!), workers)
      const key = workers === 1 ? 'oneWorker' : 'twoWorkers'
      results[`${key}Seconds`] = r.seconds
      results[`${key}Invoices`] = r.invoices
      results[`${key}DuplicateItems`] = r.duplicates
      console.log(
        `${workers} worker(s): ${r.seconds.toFixed(1)} s, ${r.invoices} invoices, ${r.duplicates} duplicate items`,
      )
    }
    results.twoWorkersSpeedup = results.oneWorkerSeconds! / results.twoWorkersSeconds!
  } finally {
    await db.$disconnect().catch(() => undefined)
    for (const name of copies) await dropDatabase(url, name).catch(() => undefined)
  }
})

writeBenchResults('daily-run-fan-out', results, { size: { services: SERVICES, clients: CLIENTS } })
