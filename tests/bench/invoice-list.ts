// `npx tsx tests/bench/invoice-list.ts`: the admin console's invoice list with 1,000,000 invoices
// (issue 10). BENCH_INVOICES (default 1,000,000) invoices over 50,000 clients (20 each, created over
// three years; 80% paid, 12% unpaid, 5% cancelled, 2% drafts, 1% refunded), seeded with
// INSERT ... SELECT over generate_series, then VACUUM ANALYZE. Then the list as staff open it,
// through the real admin console over HTTP (AdminJS API, signed in as a Super admin), each asked
// BENCH_RUNS (30) times after 3 warm-ups: the first page, the "Unpaid" and "Overdue" status filters,
// one client's invoices, and a deep page. Every statement the console sends to the database is
// captured on its pool connections; those reading "Invoice" (the page and its count) are run again
// under EXPLAIN (ANALYZE, BUFFERS) and saved to tests/bench/results/invoice-list-explain-<date>.txt,
// with a check that none is a sequential scan of "Invoice". Then a fifth of the invoices are touched
// (daily churn since the last VACUUM) and an exact count and the console's bounded count (at most
// 10,001 rows, decision 0039) are explained again.
// Results go to tests/bench/results/invoice-list-<date>.json.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../support/database-server'
import { inBenchDatabase, writeBenchResults } from './bench-database'

const INVOICES = Number(process.env.BENCH_INVOICES ?? 1_000_000)
const CLIENTS = Math.max(1, Math.round(INVOICES / 20))
const RUNS = Number(process.env.BENCH_RUNS ?? 30)

const results: Record<string, number> = {}
const explained: string[] = []
const seqScans: string[] = []

interface Captured {
  text: string
  values: unknown[]
}

await inBenchDatabase('invoice_list', async (url) => {
  const core = await import('@berth/core')
  const { default: pg } = await import('pg')
  const { PrismaPg } = await import('@prisma/adapter-pg')
  const { PrismaClient, getDb, disconnectDb } = await import('@berth/prisma')
  const { makeStaff } = await import('../support/factories')
  const { startAdmin, signedIn } = await import('../../admin/src/test-support/admin-client')
  await core.prepareDatabase(url, { demo: false })
  const db = getDb()

  // 1. The data.
  console.log(`writing ${CLIENTS} clients and ${INVOICES} invoices...`)
  const t0 = performance.now()
  await db.$executeRawUnsafe(
    `CREATE TABLE bench_client AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${CLIENTS}) AS n`,
  )
  await db.$executeRawUnsafe(`
    INSERT INTO "Client" (id, "companyName", address1, city, country, "currencyCode", "createdAt", "updatedAt")
    SELECT id, 'Company ' || n, n || ' Main Street', 'Town ' || (n % 500), 'US', 'USD', now() - (n % 1000) * interval '1 day', now()
      FROM bench_client`)
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, "clientId", email, "passwordHash", "firstName", "lastName", "emailVerifiedAt", "updatedAt")
    SELECT gen_random_uuid(), id, 'client' || n || '@invoice-list.test', 'x', 'First' || n, 'Last' || n, now(), now() FROM bench_client`)
  await db.$executeRawUnsafe(`
    INSERT INTO "Invoice" (id, number, "clientId", status, "currencyCode", "issueDate", "dueDate", subtotal, total,
                           "amountPaid", balance, "publishedAt", "paidAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), CASE WHEN st <> 'DRAFT' THEN 'INV-' || lpad(g::text, 8, '0') END, c.id, st::"InvoiceStatus", 'USD',
           CASE WHEN st <> 'DRAFT' THEN created::date END, created::date + 14, 2000, 2000,
           CASE WHEN st IN ('PAID', 'REFUNDED') THEN 2000 ELSE 0 END, CASE WHEN st = 'UNPAID' THEN 2000 ELSE 0 END,
           CASE WHEN st <> 'DRAFT' THEN created END, CASE WHEN st = 'PAID' THEN created + interval '3 days' END, created, created
      FROM (SELECT g, cn,
                   CASE WHEN m < 80 THEN 'PAID' WHEN m < 92 THEN 'UNPAID' WHEN m < 97 THEN 'CANCELLED'
                        WHEN m < 99 THEN 'DRAFT' ELSE 'REFUNDED' END AS st,
                   now() - (${INVOICES} - g) * (interval '3 years' / ${INVOICES}) AS created
              FROM (SELECT g, 1 + (g - 1) % ${CLIENTS} AS cn, ((g - 1) / ${CLIENTS} * 5 + (g - 1) % ${CLIENTS} * 3) % 100 AS m
                      FROM generate_series(1, ${INVOICES}) AS g) r) s
      JOIN bench_client c ON c.n = s.cn`)
  await db.$executeRawUnsafe('DROP TABLE bench_client')
  await db.$executeRawUnsafe('VACUUM ANALYZE')
  results.seedSeconds = (performance.now() - t0) / 1000
  console.log(`written in ${results.seedSeconds.toFixed(1)} s`)

  // 2. The console on a pool whose connections record what they send.
  let capturing = false
  const captured: Captured[] = []
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string; values?: unknown[] }
      if (capturing)
        captured.push(
          typeof first === 'string'
            ? { text: first, values: (args[1] as unknown[]) ?? [] }
            : { text: first.text, values: first.values ?? [] },
        )
      return query(...args)
    }
  })
  const consoleDb = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) })
  const running = await startAdmin({ db: consoleDb })
  try {
    const staff = await makeStaff('Super admin', db)
    const browser = await signedIn(running.baseUrl, staff.email, staff.password)
    const [someClient] = await db.$queryRawUnsafe<{ id: string; n: bigint }[]>(
      `SELECT "clientId"::text AS id, count(*) AS n FROM "Invoice" GROUP BY "clientId" ORDER BY "clientId" LIMIT 1`,
    )
    const scenarios: [label: string, key: string, path: string][] = [
      ['first page', 'firstPage', '/admin/api/resources/Invoice/actions/list'],
      [
        'status Unpaid',
        'statusUnpaid',
        '/admin/api/resources/Invoice/actions/list?filters.displayStatus=UNPAID',
      ],
      [
        'status Overdue',
        'statusOverdue',
        '/admin/api/resources/Invoice/actions/list?filters.displayStatus=OVERDUE',
      ],
      [
        'one client',
        'oneClient',
        `/admin/api/resources/Invoice/actions/list?filters.client=${someClient!.id}`,
      ],
      [
        'one client, Unpaid',
        'oneClientUnpaid',
        `/admin/api/resources/Invoice/actions/list?filters.client=${someClient!.id}&filters.displayStatus=UNPAID`,
      ],
      ['page 1,000', 'page1000', '/admin/api/resources/Invoice/actions/list?page=1000'],
    ]
    for (const [label, key, p] of scenarios) {
      const get = async () => {
        const res = await browser.get(p)
        if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status} ${res.text.slice(0, 200)}`)
        return res
      }
      for (let i = 0; i < 3; i++) await get()
      const ms: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now()
        await get()
        ms.push(performance.now() - t)
      }
      ms.sort((a, b) => a - b)
      results[`${key}P50Ms`] = ms[Math.floor(ms.length / 2)]!
      results[`${key}P95Ms`] = ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!
      // One more request, its statements captured, for the plans.
      captured.length = 0
      capturing = true
      const answer = await get()
      capturing = false
      results[`${key}Total`] = Number((answer.json as { meta?: { total?: number } }).meta?.total ?? -1)
      const invoiceStatements = captured.filter((c) => /FROM "public"\."Invoice"/.test(c.text))
      results[`${key}InvoiceStatements`] = invoiceStatements.length
      console.log(
        `${label}: p50 ${results[`${key}P50Ms`]!.toFixed(1)} ms, p95 ${results[`${key}P95Ms`]!.toFixed(1)} ms ` +
          `(total ${results[`${key}Total`]}, ${captured.length} statements, ${invoiceStatements.length} on Invoice)`,
      )
      for (const c of invoiceStatements) {
        const rows = await pool.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${c.text}`,
          c.values as unknown[],
        )
        const plan = rows.rows.map((r) => r['QUERY PLAN']).join('\n')
        if (/Seq Scan on "Invoice"/.test(plan)) seqScans.push(`${label}: ${c.text.slice(0, 120)}`)
        explained.push(
          `=== ${label} (${p})\n--- ${c.text}\n--- parameters: ${JSON.stringify(c.values)}\n${plan}\n`,
        )
      }
    }
    // 2b. The dashboard's unpaid and overdue figures per currency (core/src/reports/
    // get-business-dashboard.ts, the same statement): served by the (status, dueDate, balance,
    // currencyCode) index alone (decision 0054).
    {
      const sql = `SELECT "currencyCode", count(*)::bigint AS unpaid, sum("balance")::bigint AS "unpaidAmount",
        count(*) FILTER (WHERE "dueDate" < $1::date)::bigint AS overdue,
        coalesce(sum("balance") FILTER (WHERE "dueDate" < $1::date), 0)::bigint AS "overdueAmount"
      FROM "Invoice" WHERE "status" = ANY($2::"InvoiceStatus"[]) AND "balance" > 0
      GROUP BY 1 ORDER BY 1`
      const params = [new Date().toISOString().slice(0, 10), ['UNPAID', 'COLLECTIONS']]
      const rows = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)
      const plan = rows.rows.map((r) => r['QUERY PLAN']).join('\n')
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? -1)
      results.dashboardOwedMs = ms
      results.dashboardOwedIndexOnly = /Index Only Scan/.test(plan) ? 1 : 0
      if (/Seq Scan on "Invoice"/.test(plan)) seqScans.push('dashboard owed')
      explained.push(
        `=== dashboard unpaid/overdue per currency (get-business-dashboard.ts)\n--- ${sql}\n--- parameters: ${JSON.stringify(params)}\n${plan}\n`,
      )
      console.log(
        `dashboard unpaid/overdue: ${ms.toFixed(1)} ms${results.dashboardOwedIndexOnly ? ' (index only)' : ''}`,
      )
    }
    // 3. The count on a table with daily churn: a fifth of the invoices touched since the last
    // VACUUM (payments, reminders...), so the visibility map no longer covers most pages. What an
    // exact count and the bounded count (the console's, decision 0039) cost then.
    await db.$executeRawUnsafe(
      `UPDATE "Invoice" SET "updatedAt" = now() WHERE ('x' || substr(md5(id::text), 1, 4))::bit(16)::int % 5 = 0`,
    )
    await db.$executeRawUnsafe('ANALYZE "Invoice"')
    for (const [label, key, sql] of [
      [
        'exact count after churn',
        'exactCountAfterChurn',
        `SELECT COUNT(*) FROM (SELECT "id" FROM "public"."Invoice" WHERE 1=1 OFFSET $1) AS "sub"`,
      ],
      [
        'bounded count after churn',
        'boundedCountAfterChurn',
        `SELECT COUNT(*) FROM (SELECT "id" FROM "public"."Invoice" WHERE 1=1 ORDER BY "id" ASC LIMIT 10001 OFFSET $1) AS "sub"`,
      ],
    ] as const) {
      const rows = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [0])
      const plan = rows.rows.map((r) => r['QUERY PLAN']).join('\n')
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? -1)
      results[`${key}Ms`] = ms
      results[`${key}SeqScan`] = /Seq Scan on "Invoice"/.test(plan) ? 1 : 0
      explained.push(`=== ${label} (not a console request: the count statement alone)\n--- ${sql}\n${plan}\n`)
      console.log(`${label}: ${ms.toFixed(1)} ms${results[`${key}SeqScan`] ? ' (sequential scan)' : ''}`)
    }
  } finally {
    await running.close()
    await consoleDb.$disconnect()
    await disconnectDb()
  }
})

results.invoiceSeqScans = seqScans.length
const day = new Date().toISOString().slice(0, 10)
const explainFile = path.join(REPO_ROOT, 'tests/bench/results', `invoice-list-explain-${day}.txt`)
writeFileSync(
  explainFile,
  `# The admin invoice list's statements on "Invoice" with ${INVOICES.toLocaleString('en')} invoices, ${day}\n` +
    `# (tests/bench/invoice-list.ts). Sequential scans of "Invoice": ${seqScans.length ? seqScans.join('; ') : 'none'}\n\n` +
    explained.join('\n'),
)
console.log(
  `plans: ${path.relative(REPO_ROOT, explainFile)}; sequential scans of "Invoice": ${seqScans.length}`,
)
for (const s of seqScans) console.log(`  SEQ SCAN: ${s}`)
writeBenchResults('invoice-list', results, { size: { invoices: INVOICES, clients: CLIENTS, runs: RUNS } })
