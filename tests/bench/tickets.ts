// `npx tsx tests/bench/tickets.ts`: the staff ticket queue with 100,000 tickets (issue 11).
// BENCH_TICKETS (default 100,000) tickets over 5,000 clients, 6 departments and 10 support staff,
// seeded with INSERT ... SELECT over generate_series (80% closed, the rest spread over the open
// statuses; priorities and assignees mixed; half assigned), then VACUUM ANALYZE. Then the queue as
// staff open it: core's listTicketQueue (the Ticket list of the console: one page plus its count),
// each scenario BENCH_RUNS (50) times after 3 warm-ups, and the default queue through the real
// console over HTTP (AdminJS API, signed in as a Support member). The page and count statements of
// each scenario are run under EXPLAIN (ANALYZE, BUFFERS) and saved to
// tests/bench/results/tickets-explain-<date>.txt, with a check that none scans "Ticket" sequentially.
// Results go to tests/bench/results/tickets-<date>.json.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../support/database-server'
import { inBenchDatabase, writeBenchResults } from './bench-database'

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000)
const CLIENTS = 5_000
const RUNS = Number(process.env.BENCH_RUNS ?? 50)

const results: Record<string, number> = {}
const explained: string[] = []
const seqScans: string[] = []

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function measure(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  results[`${name}P50Ms`] = Number(percentile(times, 50).toFixed(2))
  results[`${name}P99Ms`] = Number(percentile(times, 99).toFixed(2))
  console.log(`${name}: p50 ${results[`${name}P50Ms`]} ms, p99 ${results[`${name}P99Ms`]} ms`)
}

await inBenchDatabase('tickets', async (url) => {
  const core = await import('@berth/core')
  const { getDb } = await import('@berth/prisma')
  const { makeStaff } = await import('../support/factories')
  const { startAdmin, signedIn } = await import('../../admin/src/test-support/admin-client')
  await core.prepareDatabase(url, { demo: false })
  const db = getDb()

  console.log(`writing ${CLIENTS} clients and ${TICKETS} tickets...`)
  const t0 = performance.now()
  const staff = []
  for (let i = 0; i < 10; i++) staff.push(await makeStaff('Support'))
  const me = staff[0]!
  await db.$executeRawUnsafe(
    `CREATE TABLE bench_client AS SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS user_id FROM generate_series(1, ${CLIENTS}) AS n`,
  )
  await db.$executeRawUnsafe(`
    INSERT INTO "Client" (id, "companyName", address1, city, country, "currencyCode", "updatedAt")
    SELECT id, 'Company ' || n, n || ' Main Street', 'Town', 'US', 'USD', now() FROM bench_client`)
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, "clientId", email, "passwordHash", "firstName", "lastName", "updatedAt")
    SELECT user_id, id, 'client' || n || '@tickets.test', 'x', 'First' || n, 'Last' || n, now() FROM bench_client`)
  await db.$executeRawUnsafe(`
    INSERT INTO "Department" (id, name, email) SELECT gen_random_uuid(), 'Department ' || n, 'd' || n || '@tickets.test'
      FROM generate_series(1, 6) AS n`)
  const staffIds = staff.map((s) => `'${s.staffId}'::uuid`).join(',')
  await db.$executeRawUnsafe(`
    WITH d AS (SELECT array_agg(id ORDER BY name) AS ids FROM "Department"),
         s AS (SELECT ARRAY[${staffIds}] AS ids)
    INSERT INTO "Ticket" (id, "publicNumber", "clientId", "userId", "departmentId", subject, status, priority,
                          "assigneeId", "lastReplyAt", "closedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'BEN-' || lpad(g::text, 6, '0'), c.id, c.user_id, d.ids[1 + g % 6], 'Ticket ' || g,
           (CASE WHEN g % 100 < 80 THEN 'CLOSED' WHEN g % 100 < 85 THEN 'OPEN' WHEN g % 100 < 92 THEN 'ANSWERED'
                 WHEN g % 100 < 96 THEN 'CUSTOMER_REPLY' WHEN g % 100 < 98 THEN 'IN_PROGRESS' ELSE 'ON_HOLD' END)::"TicketStatus",
           (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','URGENT'])[1 + (g / 7) % 5]::"TicketPriority",
           CASE WHEN g % 2 = 0 THEN s.ids[1 + (g / 2) % 10] END,
           now() - (g % 50000) * interval '10 minutes',
           CASE WHEN g % 100 < 80 THEN now() - (g % 50000) * interval '10 minutes' END,
           now() - (g % 50000) * interval '10 minutes' - interval '1 hour', now()
      FROM generate_series(1, ${TICKETS}) AS g
      JOIN bench_client c ON c.n = 1 + g % ${CLIENTS}, d, s`)
  await db.$executeRawUnsafe('VACUUM ANALYZE')
  results.seedSeconds = Number(((performance.now() - t0) / 1000).toFixed(1))
  results.tickets = await db.ticket.count()
  const dept = await db.department.findFirstOrThrow({ orderBy: { name: 'asc' } })

  const scenarios: Record<string, Record<string, unknown>> = {
    queueDefault: {},
    queueOpen: { status: 'OPEN' },
    queueDepartment: { departmentId: dept.id },
    queueMine: { assignee: 'mine' },
    queueUnassigned: { assignee: 'unassigned' },
    queueUrgent: { priority: 'URGENT' },
    queueAllDeepPage: { status: 'ALL', page: 200 },
  }
  for (const [name, filters] of Object.entries(scenarios))
    await measure(name, () => core.listTicketQueue(me.ctx, filters))

  // The same queue through the console (HTTP, AdminJS API, sessions and all).
  const admin = await startAdmin()
  try {
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    await measure('consoleQueueDefault', async () => {
      const res = await browser.list('Ticket')
      if (res.status !== 200 || res.json.queue.tickets.length !== 25)
        throw new Error(`queue answered ${res.status}`)
    })
    await measure('consoleQueueMine', () => browser.list('Ticket', 'assignee=mine'))
  } finally {
    await admin.close()
  }

  // The plans of the page and count statements (the SQL listTicketQueue's Prisma calls send).
  const ORDER = `ORDER BY status ASC, priority DESC, "lastReplyAt" ASC, id ASC`
  const plans: Record<string, string> = {
    queueDefault: `WHERE status <> 'CLOSED'`,
    queueOpen: `WHERE status = 'OPEN'`,
    queueDepartment: `WHERE status <> 'CLOSED' AND "departmentId" = '${dept.id}'`,
    queueMine: `WHERE status <> 'CLOSED' AND "assigneeId" = '${me.staffId}'`,
    queueUnassigned: `WHERE status <> 'CLOSED' AND "assigneeId" IS NULL`,
    queueUrgent: `WHERE status <> 'CLOSED' AND priority = 'URGENT'`,
    queueAllDeepPage: `WHERE true`,
  }
  for (const [name, where] of Object.entries(plans)) {
    const offset = name === 'queueAllDeepPage' ? 199 * 25 : 0
    for (const sql of [
      `SELECT id FROM "Ticket" ${where} ${ORDER} LIMIT 25 OFFSET ${offset}`,
      `SELECT count(*) FROM "Ticket" ${where.replace(`status <> 'CLOSED'`, `status IN ('OPEN', 'ANSWERED', 'CUSTOMER_REPLY', 'IN_PROGRESS', 'ON_HOLD')`)}`,
    ]) {
      const rows = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
      explained.push(`-- ${name}\n${sql}\n${plan}\n`)
      if (/Seq Scan on "Ticket"/.test(plan)) seqScans.push(`${name}: ${sql}`)
    }
  }
})

const day = new Date().toISOString().slice(0, 10)
const explainFile = path.join(REPO_ROOT, 'tests/bench/results', `tickets-explain-${day}.txt`)
writeFileSync(explainFile, explained.join('\n'))
results.sequentialScans = seqScans.length
console.log(
  `plans: ${path.relative(REPO_ROOT, explainFile)}; sequential scans of "Ticket": ${seqScans.length}`,
)
for (const s of seqScans) console.log(`  seq scan: ${s}`)
writeBenchResults('tickets', results, { tickets: TICKETS, runs: RUNS })
