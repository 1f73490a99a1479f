// `npx tsx tests/bench/daily-run.ts`: the daily billing run at the size of a real host (issue 10).
// BENCH_SERVICES (default 100,000) ACTIVE services, all due on the same day, across 40% as many
// clients (2-3 services each), cycles mixed like a host's book (monthly 60%, quarterly 10%,
// semi-annual 5%, annual 20%, biennial 5%), every tenth service with a monthly addon, seeded with
// INSERT ... SELECT over generate_series (no ORM loops). The seeded database is then copied twice
// (CREATE DATABASE ... TEMPLATE) so each measurement starts from the same data:
//  a. runDailyBilling (every step) as of the day that makes everything due (due date minus
//     billing.renewalInvoiceDaysBefore): seconds, invoices per second, SQL statements per invoice
//     (every statement Prisma sends, counted through its query events, raw SQL included;
//     pg_stat_statements is not preloaded on the bench server), peak RSS of this process;
//  b. on copy 1, the set-based SQL doing the renewal step's core work in one transaction: one
//     invoice per client and due date (INSERT ... SELECT, totals summed), its items, and
//     UPDATE "Service"."nextInvoiceDate"; its time and the ratio run / SQL. (The SQL does less than
//     the run: no tax rules, no credit, no invoice email, no audit events; the figures say so.)
//  c. a second run the same day on the run's database: rows written outside the JobRun
//     bookkeeping (pg_stat_user_tables inserts + updates + deletes, read after the run's
//     connections closed) and table counts before and after (both must not move), and its time as
//     a share of the first run's;
//  d. on copy 2, two worker processes (tests/bench/daily-run-worker.ts) each running the whole
//     daily run at once: the wall time versus the one-worker run of (a), and the invoices created
//     (must equal (a)'s). The run has no pg-boss fan-out yet at the time of writing, so this is two
//     concurrent runDailyBilling calls in two processes, sharing the work only through the
//     per-client locks and unique keys.
// Results go to tests/bench/results/daily-run-<date>.json and a chart daily-run-<date>.svg.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { createDatabase, createPrismaClient, databaseUrlFor, dropDatabase, type Db } from '@berth/prisma'
import { countingDb } from '../support/counting-db'
import { REPO_ROOT } from '../support/database-server'
import { inBenchDatabase, writeBenchResults } from './bench-database'
import { renderSummarySvg } from './chart'

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100_000)
const CLIENTS = Math.max(1, Math.round(SERVICES * 0.4))
const DUE = '2027-03-15'
const DAYS_BEFORE = 14
const AS_OF = '2027-03-01'
/** Only these steps (comma-separated names, e.g. renewal-invoices); every step by default. */
const STEP_NAMES = (process.env.BENCH_STEPS ?? '')
  .split(',')
  .map((n) => n.trim())
  .filter(Boolean)
/** Skip (d), the two-process run, with BENCH_SKIP_TWO_WORKERS=1. */
const TWO_WORKERS = !process.env.BENCH_SKIP_TWO_WORKERS

const results: Record<string, number> = {}
const notes: Record<string, unknown> = {}
/** The machine is shared: its load (1-minute average) at the start and end of each measurement. */
const load: Record<string, number> = {}
const noteLoad = (key: string) => (load[key] = Number(loadavg()[0]!.toFixed(2)))

const CYCLE_SQL = `(CASE WHEN g.n % 20 < 12 THEN 'MONTHLY' WHEN g.n % 20 < 14 THEN 'QUARTERLY' WHEN g.n % 20 = 14 THEN 'SEMI_ANNUAL'
                        WHEN g.n % 20 < 19 THEN 'ANNUAL' ELSE 'BIENNIAL' END)`
const INTERVAL_OF = (col: string) =>
  `(CASE ${col} WHEN 'MONTHLY' THEN interval '1 month' WHEN 'QUARTERLY' THEN interval '3 months'
     WHEN 'SEMI_ANNUAL' THEN interval '6 months' WHEN 'ANNUAL' THEN interval '1 year' ELSE interval '2 years' END)`

/** Rows inserted, updated and deleted per table so far (this database; stats of closed sessions). */
async function tupleCounts(db: Db): Promise<Map<string, number>> {
  await db.$executeRawUnsafe('SELECT pg_stat_clear_snapshot()')
  const rows = await db.$queryRawUnsafe<{ name: string; n: bigint }[]>(
    `SELECT schemaname || '.' || relname AS name, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS n FROM pg_stat_user_tables`,
  )
  return new Map(rows.map((r) => [r.name, Number(r.n)]))
}

interface TableCounts {
  invoices: number
  items: number
  emails: number
  auditEvents: number
  servicesWithNextInvoiceDate: number
}

async function tableCounts(db: Db): Promise<TableCounts> {
  const [r] = await db.$queryRawUnsafe<Record<string, bigint>[]>(`
    SELECT (SELECT count(*) FROM "Invoice") AS invoices, (SELECT count(*) FROM "InvoiceItem") AS items,
           (SELECT count(*) FROM "EmailLog") AS emails, (SELECT count(*) FROM "AuditEvent") AS "auditEvents",
           (SELECT count(*) FROM "Service" WHERE "nextInvoiceDate" IS NOT NULL) AS "servicesWithNextInvoiceDate"`)
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)])) as unknown as TableCounts
}

/** Each step's own time in a run (its JobRun's start to finish). */
async function stepSeconds(db: Db, runKey: string): Promise<Record<string, number>> {
  const rows = await db.jobRun.findMany({
    where: { runKey, job: { startsWith: 'billing-run.' } },
    select: { job: true, startedAt: true, finishedAt: true },
  })
  return Object.fromEntries(
    rows.map((r) => [
      r.job.slice('billing-run.'.length),
      Number((((r.finishedAt?.getTime() ?? Date.now()) - r.startedAt.getTime()) / 1000).toFixed(2)),
    ]),
  )
}

/** Peak RSS while `work` runs, sampled every 50 ms (and the process's own high-water mark). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { value, peakRssMb: peak / 1024 / 1024 }
  } finally {
    clearInterval(timer)
  }
}

/**
 * The run through a client that counts every statement it sends: each pooled connection's
 * `query` is wrapped, so BEGIN/COMMIT, raw SQL and the statements inside interactive transactions
 * all count (Prisma's own query events miss some of those).
 */
async function countedRun(url: string, label: string) {
  const core = await import('@berth/core')
  const counted = countingDb(url, 4)
  const db = counted.db
  try {
    const t0 = performance.now()
    const { value: report, peakRssMb } = await withPeakRss(() =>
      core.runDailyBilling({
        db: db as never,
        asOf: new Date(`${AS_OF}T00:00:00.000Z`),
        triggeredBy: label,
        ...(STEP_NAMES.length
          ? { steps: core.DAILY_BILLING_STEPS.filter((st) => STEP_NAMES.includes(st.name)) }
          : {}),
      }),
    )
    const seconds = (performance.now() - t0) / 1000
    return { report, seconds, statements: counted.statements(), peakRssMb }
  } finally {
    await db.$disconnect()
  }
}

function runWorker(url: string): Promise<{ seconds: number; invoicesCreated: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/daily-run-worker.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url, BENCH_AS_OF: AS_OF },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${out.slice(-500)}`))
      resolve(JSON.parse(line) as { seconds: number; invoicesCreated: number; failed: number })
    })
  })
}

await inBenchDatabase('daily_run', async (url) => {
  const core = await import('@berth/core')
  const { disconnectDb } = await import('@berth/prisma')
  const f = await import('../support/catalog-factories')
  await core.prepareDatabase(url, { demo: false })
  await disconnectDb()
  let db = createPrismaClient(url, { max: 4 })
  const copies: string[] = []
  const dbName = new URL(url).pathname.slice(1)
  try {
    // 1. The data.
    const admin = await f.superAdmin(db)
    const product = await f.makeProduct(admin, {
      name: 'Bench Hosting',
      prices: [
        { cycle: 'MONTHLY', amount: 1000 },
        { cycle: 'QUARTERLY', amount: 2900 },
        { cycle: 'SEMI_ANNUAL', amount: 5600 },
        { cycle: 'ANNUAL', amount: 10000 },
        { cycle: 'BIENNIAL', amount: 19000 },
      ],
    })
    const addon = await db.addon.create({ data: { name: 'Daily backups', isTaxable: true } })
    await db.setting.upsert({
      where: { key: 'billing.renewalInvoiceDaysBefore' },
      create: { key: 'billing.renewalInvoiceDaysBefore', value: DAYS_BEFORE },
      update: { value: DAYS_BEFORE },
    })
    console.log(`writing ${CLIENTS} clients, ${SERVICES} services due ${DUE} (run as of ${AS_OF})...`)
    const t0 = performance.now()
    await db.$executeRawUnsafe(
      `CREATE TABLE bench_client AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${CLIENTS}) AS n`,
    )
    await db.$executeRawUnsafe(`
      INSERT INTO "Client" (id, "companyName", address1, city, country, "currencyCode", "updatedAt")
      SELECT id, 'Company ' || n, n || ' Main Street', 'Town ' || (n % 500), 'US', 'USD', now() FROM bench_client`)
    await db.$executeRawUnsafe(`
      INSERT INTO "User" (id, "clientId", email, "passwordHash", "firstName", "lastName", "emailVerifiedAt", "updatedAt")
      SELECT gen_random_uuid(), id, 'client' || n || '@daily-run.test', 'x', 'First' || n, 'Last' || n, now(), now() FROM bench_client`)
    await db.$executeRawUnsafe(`
      CREATE TABLE bench_service AS
      SELECT g.n, gen_random_uuid() AS id, c.id AS "clientId", ${CYCLE_SQL}::"BillingCycle" AS cycle
        FROM generate_series(1, ${SERVICES}) AS g(n) JOIN bench_client c ON c.n = 1 + (g.n - 1) % ${CLIENTS}`)
    await db.$executeRawUnsafe(
      `
      INSERT INTO "Service" (id, "clientId", "productId", status, "billingCycle", "currencyCode", "firstPaymentAmount",
                             "recurringAmount", domain, "registrationDate", "nextDueDate", "updatedAt")
      SELECT id, "clientId", $1::uuid, 'ACTIVE', cycle, 'USD', amount, amount, 's' || n || '.daily-run.test',
             (DATE '${DUE}' - ${INTERVAL_OF('cycle::text')})::date, DATE '${DUE}', now()
        FROM (SELECT *, CASE cycle::text WHEN 'MONTHLY' THEN 1000 WHEN 'QUARTERLY' THEN 2900 WHEN 'SEMI_ANNUAL' THEN 5600
                                         WHEN 'ANNUAL' THEN 10000 ELSE 19000 END AS amount FROM bench_service) s`,
      product.id,
    )
    await db.$executeRawUnsafe(
      `
      INSERT INTO "ServiceAddon" (id, "serviceId", "addonId", status, "billingCycle", "currencyCode", "recurringAmount",
                                  "registrationDate", "nextDueDate", "updatedAt")
      SELECT gen_random_uuid(), id, $1::uuid, 'ACTIVE', 'MONTHLY', 'USD', 400, DATE '${DUE}' - interval '1 month', DATE '${DUE}', now()
        FROM bench_service WHERE n % 10 = 3`,
      addon.id,
    )
    await db.$executeRawUnsafe('DROP TABLE bench_client, bench_service')
    await db.$executeRawUnsafe('VACUUM ANALYZE')
    results.seedSeconds = (performance.now() - t0) / 1000
    const [mix] = await db.$queryRawUnsafe<Record<string, bigint>[]>(`
      SELECT count(*) FILTER (WHERE "billingCycle" = 'MONTHLY') AS monthly, count(*) FILTER (WHERE "billingCycle" = 'QUARTERLY') AS quarterly,
             count(*) FILTER (WHERE "billingCycle" = 'SEMI_ANNUAL') AS "semiAnnual", count(*) FILTER (WHERE "billingCycle" = 'ANNUAL') AS annual,
             count(*) FILTER (WHERE "billingCycle" = 'BIENNIAL') AS biennial, (SELECT count(*) FROM "ServiceAddon") AS addons,
             count(DISTINCT "clientId") AS clients
        FROM "Service"`)
    notes.seeded = Object.fromEntries(Object.entries(mix!).map(([k, v]) => [k, Number(v)]))
    console.log(`written in ${results.seedSeconds.toFixed(1)} s: ${JSON.stringify(notes.seeded)}`)

    // Two copies of the same data, taken while nothing is connected to it.
    await db.$disconnect()
    for (const suffix of ['sql', 'two']) {
      const name = `${dbName}_${suffix}`
      await createDatabase(url, name, dbName)
      copies.push(name)
    }
    const [sqlUrl, twoUrl] = copies.map((name) => databaseUrlFor(url, name)) as [string, string]
    db = createPrismaClient(url, { max: 2 })

    // a. The run.
    const before = await tableCounts(db)
    noteLoad('runStart')
    const first = await countedRun(url, 'bench-first')
    noteLoad('runEnd')
    const afterFirst = await tableCounts(db)
    results.runSeconds = first.seconds
    results.invoicesCreated = first.report.invoicesCreated
    results.runFailed = first.report.failed
    results.invoicesPerSecond = first.report.invoicesCreated / first.seconds
    results.statements = first.statements
    results.statementsPerInvoice = first.statements / Math.max(1, first.report.invoicesCreated)
    results.peakRssMb = first.peakRssMb
    results.processMaxRssMb = process.resourceUsage().maxRSS / 1024
    results.itemsCreated = afterFirst.items - before.items
    results.emailsQueued = afterFirst.emails - before.emails
    const renewal = first.report.steps.find((s) => s.step === 'renewal-invoices')
    notes.firstRunStepSeconds = await stepSeconds(db, AS_OF)
    results.renewalStepSeconds =
      (notes.firstRunStepSeconds as Record<string, number>)['renewal-invoices'] ?? 0
    console.log(`steps (s): ${JSON.stringify(notes.firstRunStepSeconds)}`)
    notes.firstRunSteps = first.report.steps.map((s) => ({
      step: s.step,
      seen: s.seen,
      changed: s.changed,
      failed: s.failed,
      counts: s.counts,
      firstFailures: s.failures.slice(0, 3),
    }))
    console.log(
      `run: ${first.seconds.toFixed(1)} s, ${first.report.invoicesCreated} invoices (${results.invoicesPerSecond.toFixed(0)}/s), ` +
        `${results.itemsCreated} items, ${results.statementsPerInvoice.toFixed(1)} statements/invoice, ` +
        `peak RSS ${first.peakRssMb.toFixed(0)} MB, failed ${first.report.failed} (renewal step seen ${renewal?.seen})`,
    )

    // c. The second run the same day.
    await new Promise((r) => setTimeout(r, 1500)) // closed sessions' stats reach pg_stat_user_tables
    const tuplesBefore = await tupleCounts(db)
    noteLoad('secondRunStart')
    const second = await countedRun(url, 'bench-second')
    noteLoad('secondRunEnd')
    await new Promise((r) => setTimeout(r, 1500))
    const tuplesAfter = await tupleCounts(db)
    const afterSecond = await tableCounts(db)
    const written: Record<string, number> = {}
    for (const [table, n] of tuplesAfter) {
      const delta = n - (tuplesBefore.get(table) ?? 0)
      if (delta) written[table] = delta
    }
    const bookkeeping = (t: string) => t === 'public.JobRun' || t.startsWith('pgboss.')
    results.secondRunSeconds = second.seconds
    results.secondRunShareOfFirstPercent = (second.seconds / first.seconds) * 100
    results.secondRunInvoicesCreated = second.report.invoicesCreated
    results.secondRunRowsWritten = Object.entries(written)
      .filter(([t]) => !bookkeeping(t))
      .reduce((a, [, n]) => a + n, 0)
    results.secondRunJobRunRowsWritten = written['public.JobRun'] ?? 0
    results.secondRunStatements = second.statements
    notes.secondRunRowsWrittenByTable = written
    notes.secondRunStepSeconds = await stepSeconds(db, `${AS_OF}#2`)
    console.log(`second run steps (s): ${JSON.stringify(notes.secondRunStepSeconds)}`)
    notes.tableCountsAfterFirst = afterFirst
    notes.tableCountsAfterSecond = afterSecond
    console.log(
      `second run: ${second.seconds.toFixed(2)} s (${results.secondRunShareOfFirstPercent.toFixed(2)}% of the first), ` +
        `${second.report.invoicesCreated} invoices, rows written outside JobRun ${results.secondRunRowsWritten} ` +
        `(by table: ${JSON.stringify(written)})`,
    )

    // b. The set-based SQL on copy 1.
    const sqlDb = createPrismaClient(sqlUrl, { max: 2 })
    try {
      noteLoad('sqlStart')
      const t1 = performance.now()
      await sqlDb.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`
            CREATE TEMP TABLE due_line ON COMMIT DROP AS
            SELECT s."clientId", s."nextDueDate" AS due, 'SERVICE'::"InvoiceItemType" AS type, s.id AS "serviceId", NULL::uuid AS "serviceAddonId",
                   p.name || ' - ' || s.domain AS description, s."recurringAmount" AS amount, p."isTaxable",
                   s."nextDueDate" AS "periodStart", (s."nextDueDate" + ${INTERVAL_OF('s."billingCycle"::text')})::date - 1 AS "periodEnd",
                   (s."nextDueDate" + ${INTERVAL_OF('s."billingCycle"::text')})::date AS "nextStart"
              FROM "Service" s JOIN "Product" p ON p.id = s."productId"
             WHERE s.status IN ('ACTIVE', 'SUSPENDED') AND s."billingCycle" <> 'ONE_TIME'
               AND s."nextDueDate" - COALESCE(p."renewalInvoiceDaysBefore", ${DAYS_BEFORE}) <= DATE '${AS_OF}'
               AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i WHERE i."serviceId" = s.id AND i.type = 'SERVICE' AND i."periodStart" = s."nextDueDate")
            UNION ALL
            SELECT s."clientId", a."nextDueDate", 'ADDON', NULL, a.id, ad.name || ' for ' || p.name || ' - ' || s.domain, a."recurringAmount", ad."isTaxable",
                   a."nextDueDate", (a."nextDueDate" + ${INTERVAL_OF('a."billingCycle"::text')})::date - 1, NULL
              FROM "ServiceAddon" a JOIN "Service" s ON s.id = a."serviceId" JOIN "Product" p ON p.id = s."productId" JOIN "Addon" ad ON ad.id = a."addonId"
             WHERE a.status IN ('ACTIVE', 'SUSPENDED') AND s.status IN ('ACTIVE', 'SUSPENDED') AND a."billingCycle" <> 'ONE_TIME'
               AND a."nextDueDate" - COALESCE(p."renewalInvoiceDaysBefore", ${DAYS_BEFORE}) <= DATE '${AS_OF}'
               AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i WHERE i."serviceAddonId" = a.id AND i.type = 'ADDON' AND i."periodStart" = a."nextDueDate")`)
          await tx.$executeRawUnsafe(`
            CREATE TEMP TABLE due_invoice ON COMMIT DROP AS
            SELECT gen_random_uuid() AS id, row_number() OVER (ORDER BY "clientId", due) AS seq, "clientId", due, sum(amount) AS total
              FROM due_line GROUP BY "clientId", due`)
          await tx.$executeRawUnsafe(`
            INSERT INTO "Invoice" (id, number, "clientId", status, "currencyCode", "issueDate", "dueDate", subtotal, total, balance, "publishedAt", "updatedAt")
            SELECT i.id, 'SQL-' || lpad(i.seq::text, 7, '0'), i."clientId", 'UNPAID', c."currencyCode", DATE '${AS_OF}', i.due, i.total, i.total, i.total, now(), now()
              FROM due_invoice i JOIN "Client" c ON c.id = i."clientId"`)
          await tx.$executeRawUnsafe(`
            INSERT INTO "InvoiceItem" (id, "invoiceId", type, description, "unitAmount", amount, "isTaxable", "serviceId", "serviceAddonId", "periodStart", "periodEnd")
            SELECT gen_random_uuid(), i.id, l.type, l.description, l.amount, l.amount, l."isTaxable", l."serviceId", l."serviceAddonId", l."periodStart", l."periodEnd"
              FROM due_line l JOIN due_invoice i ON i."clientId" = l."clientId" AND i.due = l.due`)
          await tx.$executeRawUnsafe(`
            UPDATE "Service" s SET "nextInvoiceDate" = l."nextStart", "updatedAt" = now()
              FROM due_line l WHERE l."serviceId" = s.id`)
        },
        { timeout: 3_600_000, maxWait: 60_000 },
      )
      results.sqlSeconds = (performance.now() - t1) / 1000
      noteLoad('sqlEnd')
      const sqlCounts = await tableCounts(sqlDb)
      results.sqlInvoices = sqlCounts.invoices
      results.sqlItems = sqlCounts.items
      results.runToSqlRatio = results.runSeconds / results.sqlSeconds
      console.log(
        `set-based SQL: ${results.sqlSeconds.toFixed(2)} s for ${sqlCounts.invoices} invoices, ${sqlCounts.items} items; ` +
          `the run takes ${results.runToSqlRatio.toFixed(1)}x as long`,
      )
    } finally {
      await sqlDb.$disconnect()
    }

    // d. Two workers at once on copy 2.
    if (TWO_WORKERS) {
      const t2 = performance.now()
      noteLoad('twoWorkersStart')
      const [w1, w2] = await Promise.all([runWorker(twoUrl), runWorker(twoUrl)])
      noteLoad('twoWorkersEnd')
      notes.twoWorkers = [w1, w2]
      results.twoWorkersWallSeconds = (performance.now() - t2) / 1000
      // each worker's own run time (process start-up and imports left out, as in the one-worker run)
      results.twoWorkersSeconds = Math.max(w1.seconds, w2.seconds)
      results.twoWorkersInvoicesCreated = w1.invoicesCreated + w2.invoicesCreated
      results.twoWorkersFailed = w1.failed + w2.failed
      results.twoWorkersSpeedup = results.runSeconds / results.twoWorkersSeconds
      const twoDb = createPrismaClient(twoUrl, { max: 1 })
      try {
        const c = await tableCounts(twoDb)
        results.twoWorkersInvoicesInDatabase = c.invoices
        results.twoWorkersItemsInDatabase = c.items
        const [dup] = await twoDb.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM (SELECT "serviceId" FROM "InvoiceItem" WHERE "serviceId" IS NOT NULL GROUP BY "serviceId", "periodStart" HAVING count(*) > 1) d`,
        )
        results.twoWorkersDuplicateItems = Number(dup!.n)
      } finally {
        await twoDb.$disconnect()
      }
      console.log(
        `two workers at once: ${results.twoWorkersSeconds.toFixed(1)} s, the slower worker's own run ` +
          `(${results.twoWorkersWallSeconds.toFixed(1)} s wall with process start-up; one worker ${results.runSeconds.toFixed(1)} s), ` +
          `invoices created ${w1.invoicesCreated} + ${w2.invoicesCreated}, in the database ${results.twoWorkersInvoicesInDatabase}, ` +
          `duplicate items ${results.twoWorkersDuplicateItems}`,
      )
    }
  } finally {
    await db.$disconnect().catch(() => undefined)
    for (const name of copies) await dropDatabase(url, name).catch(() => undefined)
  }
})

const day = new Date().toISOString().slice(0, 10)
writeBenchResults('daily-run', results, {
  size: { services: SERVICES, clients: CLIENTS, dueDate: DUE, asOf: AS_OF },
  steps: STEP_NAMES.length ? STEP_NAMES : 'all',
  method: {
    statements:
      'every query() on the run pool connections (BEGIN/COMMIT and transaction statements included)',
    sql: 'one transaction: INSERT ... SELECT invoices per client and due date, items, UPDATE nextInvoiceDate; no tax rules, credit, emails or audit',
    twoWorkers: 'two processes each calling runDailyBilling at once (no pg-boss fan-out yet)',
    rowsWritten: 'pg_stat_user_tables n_tup_ins+upd+del deltas, JobRun and pgboss.* excluded',
  },
  loadAverage: load,
  ...notes,
})
const svg = path.join(REPO_ROOT, 'tests/bench/results', `daily-run-${day}.svg`)
writeFileSync(
  svg,
  renderSummarySvg(`Daily billing run, ${SERVICES.toLocaleString('en')} due services, ${day}`, [
    {
      title: 'time (s)',
      bars: [
        ['run (one worker)', results.runSeconds ?? 0],
        ['two workers', results.twoWorkersSeconds ?? 0],
        ['set-based SQL', results.sqlSeconds ?? 0],
        ['second run', results.secondRunSeconds ?? 0],
      ],
    },
    { title: 'invoices per second', bars: [['run', results.invoicesPerSecond ?? 0]] },
    { title: 'SQL statements per invoice', bars: [['run', results.statementsPerInvoice ?? 0]] },
    { title: 'peak RSS (MB)', bars: [['run', results.peakRssMb ?? 0]] },
  ]),
)
console.log(`chart: ${path.relative(REPO_ROOT, svg)}`)
