import { describe, expect, it } from 'vitest'
import { PrismaPg } from '@prisma/adapter-pg'
import { getDb } from '@berth/prisma'
import { PrismaClient } from '../../../../prisma/src/generated/prisma/client'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { runDailyBilling } from '../run-daily-billing'
import { renewalInvoicesStep } from '../steps/renewal-invoices'
import { clearDueWork, d, setSettings } from '../test-support'
import type { BillingStep, DueItem } from '../../pipeline'

/**
 * A quick measurement of the renewal step (not part of `npm test`: set BERTH_MEASURE_RENEWALS to a
 * service count, e.g. 5000): seeds that many due services with SQL (one per client, every fifth
 * client with a second one), runs the step once and again, and prints invoices/s and SQL
 * statements per invoice (counted through Prisma's query events, raw statements included).
 */
const N = Number(process.env.BERTH_MEASURE_RENEWALS ?? 0)

describe.skipIf(!N)('renewal step throughput', () => {
  it(`bills ${N} due services`, { timeout: 1_800_000 }, async () => {
    const db = getDb()
    await clearDueWork()
    await setSettings({ 'billing.renewalInvoiceDaysBefore': 14, 'billing.autoApplyCredit': true })
    const admin = await superAdmin()
    const product = await makeProduct(admin, {
      name: 'Bench Hosting',
      prices: [
        { cycle: 'MONTHLY', amount: 1000 },
        { cycle: 'ANNUAL', amount: 10000 },
      ],
    })
    const clients = Math.ceil(N / 1.2)
    await db.$executeRawUnsafe(`
      CREATE TEMP TABLE bench_clients AS
      SELECT gen_random_uuid() AS id, g FROM generate_series(1, ${clients}) g`)
    await db.$executeRawUnsafe(`
      INSERT INTO "Client" ("id", "address1", "city", "country", "currencyCode", "updatedAt")
      SELECT id, '1 Bench Street', 'Benchville', 'GB', 'USD', now() FROM bench_clients`)
    await db.$executeRawUnsafe(`
      INSERT INTO "User" ("id", "clientId", "email", "passwordHash", "firstName", "lastName", "updatedAt")
      SELECT gen_random_uuid(), id, 'bench-' || id || '@example.test', 'x', 'Bench', 'Client', now() FROM bench_clients`)
    await db.$executeRawUnsafe(`
      INSERT INTO "Service" ("id", "clientId", "productId", "status", "billingCycle", "currencyCode",
        "firstPaymentAmount", "recurringAmount", "registrationDate", "nextDueDate", "updatedAt")
      SELECT gen_random_uuid(), c.id, '${product.id}'::uuid, 'ACTIVE',
        (CASE WHEN n % 7 = 0 THEN 'ANNUAL' ELSE 'MONTHLY' END)::"BillingCycle", 'USD',
        CASE WHEN n % 7 = 0 THEN 10000 ELSE 1000 END, CASE WHEN n % 7 = 0 THEN 10000 ELSE 1000 END,
        DATE '2027-01-20', DATE '2027-02-20', now()
      FROM (SELECT id, g, row_number() OVER () AS n FROM bench_clients c
            CROSS JOIN LATERAL generate_series(1, CASE WHEN g % 5 = 0 THEN 2 ELSE 1 END) s) c
      LIMIT ${N}`)

    const counted = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 4 }),
      log: [{ emit: 'event', level: 'query' }],
    })
    let statements = 0
    counted.$on('query', () => {
      statements += 1
    })
    const steps = [renewalInvoicesStep] as BillingStep<DueItem>[]
    const batchSize = Number(process.env.BERTH_MEASURE_BATCH ?? 0) || undefined
    const started = performance.now()
    const first = await runDailyBilling({ db: counted as never, asOf: d('2027-02-06'), steps, batchSize })
    const seconds = (performance.now() - started) / 1000
    const firstStatements = statements
    statements = 0
    const again = performance.now()
    const second = await runDailyBilling({ db: counted as never, asOf: d('2027-02-06'), steps, batchSize })
    const secondSeconds = (performance.now() - again) / 1000
    const items = await db.invoiceItem.count({
      where: { serviceId: { not: null }, periodStart: d('2027-02-20') },
    })
    console.log(
      JSON.stringify({
        services: N,
        invoices: first.invoicesCreated,
        items,
        seconds: Number(seconds.toFixed(2)),
        invoicesPerSecond: Math.round(first.invoicesCreated / seconds),
        statementsPerInvoice: Number((firstStatements / Math.max(1, first.invoicesCreated)).toFixed(1)),
        secondRunSeconds: Number(secondSeconds.toFixed(2)),
        secondRunInvoices: second.invoicesCreated,
        secondRunStatements: statements,
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
      }),
    )
    await counted.$disconnect()
    expect(first.failed).toBe(0)
    expect(second.invoicesCreated).toBe(0)
    expect(items).toBe(N)
  })
})
