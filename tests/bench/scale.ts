// `npx tsx tests/bench/scale.ts`: the admin console and the client portal's data at the size of a
// real host: 20,000 clients, 100,000 services, 100,000 invoices (with their items and payments),
// written with SQL in a few seconds. Then the pages staff open all day, through the real admin
// console over HTTP (AdminJS API, signed in as a Super admin), each asked 10 times:
// the dashboard, the services list (first page, and a search by domain), unpaid invoices, a client
// search, one service; and a client's own services and invoices through core.
// Runs on DATABASE_URL's server or a throwaway embedded PostgreSQL, in a database of its own that is
// dropped at the end. Results go to tests/bench/results/scale-<date>.json.
import { inBenchDatabase, writeBenchResults } from './bench-database'

const CLIENTS = 20_000
const SERVICES_PER_CLIENT = 5
const INVOICES_PER_CLIENT = 5
const RUNS = 10

const results: Record<string, number> = {}

/** p50 and max of RUNS timed calls, after one warm-up call. */
async function timed(label: string, key: string, call: () => Promise<void>) {
  await call()
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await call()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  results[`${key}P50Ms`] = ms[Math.floor(ms.length / 2)]!
  results[`${key}MaxMs`] = ms.at(-1)!
  console.log(
    `${label}: p50 ${results[`${key}P50Ms`]!.toFixed(1)} ms, max ${results[`${key}MaxMs`]!.toFixed(1)} ms`,
  )
}

await inBenchDatabase('scale', async (url) => {
  const core = await import('@berth/core')
  const { getDb, disconnectDb } = await import('@berth/prisma')
  const f = await import('../support/catalog-factories')
  const { makeStaff } = await import('../support/factories')
  const { startAdmin, signedIn } = await import('../../admin/src/test-support/admin-client')
  await core.prepareDatabase(url, { demo: false })
  const db = getDb()
  const admin = await f.superAdmin(db)
  const vps = await f.makeVpsCatalog(admin, { name: 'Scale VPS' })
  const passwordHash = await core.hashPassword('bench-scale-password')

  // 1. The data, in one transaction per table.
  console.log(
    `writing ${CLIENTS} clients, ${CLIENTS * SERVICES_PER_CLIENT} services, ${CLIENTS * INVOICES_PER_CLIENT} invoices...`,
  )
  const t0 = performance.now()
  await db.$executeRawUnsafe(
    `CREATE TABLE bench_client AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${CLIENTS}) AS n`,
  )
  await db.$executeRawUnsafe(`
    INSERT INTO "Client" (id, "companyName", address1, city, country, "currencyCode", "createdAt", "updatedAt")
    SELECT id, 'Company ' || n, n || ' Main Street', 'Town ' || (n % 500), (ARRAY['GB','US','DE','FR','NL'])[1 + n % 5], 'USD',
           now() - (n % 1000) * interval '1 day', now()
      FROM bench_client`)
  await db.$executeRawUnsafe(
    `
    INSERT INTO "User" (id, "clientId", email, "passwordHash", "firstName", "lastName", "emailVerifiedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), id, 'client' || n || '@scale.test', $1, 'First' || n, 'Last' || n, now(), now(), now() FROM bench_client`,
    passwordHash,
  )
  await db.$executeRawUnsafe(`
    CREATE TABLE bench_service AS
    SELECT c.id AS "clientId", c.n, s, gen_random_uuid() AS id FROM bench_client c CROSS JOIN generate_series(1, ${SERVICES_PER_CLIENT}) AS s`)
  await db.$executeRawUnsafe(
    `
    INSERT INTO "Service" (id, "clientId", "productId", status, "billingCycle", "currencyCode", "firstPaymentAmount", "recurringAmount", domain,
                           "registrationDate", "nextDueDate", "nextInvoiceDate", "createdAt", "updatedAt")
    SELECT id, "clientId", $1::uuid,
           (CASE WHEN (n + s) % 20 = 0 THEN 'SUSPENDED' WHEN (n + s) % 10 = 1 THEN 'TERMINATED' WHEN (n + s) % 25 = 2 THEN 'PENDING' ELSE 'ACTIVE' END)::"ServiceStatus",
           'MONTHLY', 'USD', 2500, 2000, 's' || n || '-' || s || '.scale.test',
           current_date - ((n * 7 + s) % 700), current_date + ((n + s) % 31), current_date + ((n + s) % 31) - 7,
           now() - ((n * 7 + s) % 700) * interval '1 day', now()
      FROM bench_service`,
    vps.product.id,
  )
  await db.$executeRawUnsafe(`
    CREATE TABLE bench_invoice AS
    SELECT s."clientId", s.id AS "serviceId", s.n, s.s, gen_random_uuid() AS id,
           (CASE WHEN (s.n + s.s) % 7 = 0 THEN 'UNPAID' WHEN (s.n + s.s) % 31 = 0 THEN 'CANCELLED' ELSE 'PAID' END) AS status
      FROM bench_service s WHERE s.s <= ${INVOICES_PER_CLIENT}`)
  await db.$executeRawUnsafe(`
    INSERT INTO "Invoice" (id, number, "clientId", status, "currencyCode", "issueDate", "dueDate", subtotal, total, "amountPaid", balance,
                           "publishedAt", "paidAt", "createdAt", "updatedAt")
    SELECT id, 'SCALE-' || lpad((n * 10 + s)::text, 7, '0'), "clientId", status::"InvoiceStatus", 'USD',
           current_date - ((n * 3 + s) % 365), current_date - ((n * 3 + s) % 365) + 14, 2000, 2000,
           CASE WHEN status = 'PAID' THEN 2000 ELSE 0 END, CASE WHEN status = 'UNPAID' THEN 2000 ELSE 0 END,
           now() - ((n * 3 + s) % 365) * interval '1 day', CASE WHEN status = 'PAID' THEN now() - ((n * 3 + s) % 365) * interval '1 day' END,
           now() - ((n * 3 + s) % 365) * interval '1 day', now()
      FROM bench_invoice`)
  await db.$executeRawUnsafe(`
    INSERT INTO "InvoiceItem" (id, "invoiceId", type, description, "unitAmount", amount, "serviceId", "periodStart", "periodEnd")
    SELECT gen_random_uuid(), id, 'SERVICE', 'Scale VPS (monthly)', 2000, 2000, "serviceId",
           current_date - ((n * 3 + s) % 365), current_date - ((n * 3 + s) % 365) + 30
      FROM bench_invoice`)
  await db.$executeRawUnsafe(`
    INSERT INTO "Transaction" (id, "clientId", "invoiceId", type, gateway, "gatewayTransactionId", "currencyCode", amount, fee, "createdAt")
    SELECT gen_random_uuid(), "clientId", id, 'PAYMENT', 'stripe', 'pi_scale_' || n || '_' || s, 'USD', 2000, 88,
           now() - ((n * 3 + s) % 365) * interval '1 day'
      FROM bench_invoice WHERE status = 'PAID'`)
  await db.$executeRawUnsafe('DROP TABLE bench_client, bench_service, bench_invoice')
  await db.$executeRawUnsafe('ANALYZE')
  results.seedSeconds = (performance.now() - t0) / 1000
  console.log(`written in ${results.seedSeconds.toFixed(1)} s`)

  // 2. The admin console, over HTTP, as staff see it.
  const running = await startAdmin()
  try {
    const staff = await makeStaff('Super admin', db)
    const browser = await signedIn(running.baseUrl, staff.email, staff.password)
    const get = (p: string) => async () => {
      const res = await browser.get(p)
      if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status} ${res.text.slice(0, 200)}`)
    }
    const someService = await db.service.findFirstOrThrow({
      where: { domain: 's12345-3.scale.test' },
      select: { id: true, clientId: true },
    })
    await timed('admin dashboard', 'adminDashboard', get('/admin/api/dashboard'))
    await timed(
      'admin services, first page',
      'adminServiceList',
      get('/admin/api/resources/Service/actions/list'),
    )
    await timed(
      'admin services, search by domain',
      'adminServiceSearch',
      get('/admin/api/resources/Service/actions/list?filters.domain=s12345-3'),
    )
    await timed(
      'admin services, 500th page',
      'adminServiceDeepPage',
      get('/admin/api/resources/Service/actions/list?page=500'),
    )
    await timed(
      'admin unpaid invoices',
      'adminUnpaidInvoices',
      get('/admin/api/resources/Invoice/actions/list?filters.status=UNPAID'),
    )
    await timed(
      'admin client search',
      'adminClientSearch',
      get('/admin/api/resources/Client/actions/list?filters.displayName=Company%2012345'),
    )
    await timed(
      'admin transactions',
      'adminTransactionList',
      get('/admin/api/resources/Transaction/actions/list'),
    )
    await timed(
      'admin one service',
      'adminServiceShow',
      get(`/admin/api/resources/Service/records/${someService.id}/show`),
    )

    // 3. A client's own pages' data, through core (what the portal's loaders call).
    const user = await db.user.findFirstOrThrow({
      where: { clientId: someService.clientId },
      select: { id: true },
    })
    const client: import('@berth/core').Ctx = {
      db,
      actor: { type: 'client', userId: user.id, clientId: someService.clientId, label: 'bench client' },
      request: { ip: '127.0.0.1', userAgent: 'bench' },
    }
    await timed(
      'client services (core)',
      'clientServices',
      async () => void (await core.listServices(client, {})),
    )
    await timed(
      'client invoices (core)',
      'clientInvoices',
      async () => void (await core.listInvoices(client, {})),
    )
  } finally {
    await running.close()
  }
  await disconnectDb()
})

writeBenchResults('scale', results, {
  size: {
    clients: CLIENTS,
    services: CLIENTS * SERVICES_PER_CLIENT,
    invoices: CLIENTS * INVOICES_PER_CLIENT,
  },
})
