import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import {
  createDatabase,
  createPrismaClient,
  databaseUrlFor,
  disconnectDb,
  getDb,
  type Db,
} from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { addCredit } from '../billing'
import { formatDateOnly } from '../catalog'
import { runDailyBilling } from './run-daily-billing'
import { d, makeService, setSettings } from './test-support'

/**
 * The daily run's guarantees with real processes (issue 10): the CLI (`npm run billing-run`) run
 * once, twice in a row, twice at once in two processes, and killed with SIGKILL after its first
 * batches committed and run again, each on its own copy of one database, ends with the same
 * invoices, items, numbers, ledger, reminders, notices, audit trail and emails.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const info = inject('berthDb' as never) as { prefix: string; serverUrl: string }
const db = getDb()
const DATE = '2027-05-20'

// The dataset: 90 clients; every one has a service due within the renewal window, some a second
// one with an addon, some credit, and every fifth an invoice issued earlier, now 6 days overdue.
// Domains (issue 12): every third client has one expiring with its annual service, billed on the
// same invoice; every tenth one expired ten days before the run without auto-renew (it goes to
// grace and gets its reminder). Each is registered at the sandbox registrar, so the sync asks it.
const admin = await superAdmin()
const product = await makeProduct(admin, {
  name: 'Guarantee Hosting',
  prices: [
    { cycle: 'MONTHLY', amount: 1000 },
    { cycle: 'ANNUAL', amount: 10000 },
  ],
})
const addon = await db.addon.create({ data: { name: 'Backups', isTaxable: false } })
await db.taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
await setSettings({
  'billing.renewalInvoiceDaysBefore': 14,
  'billing.autoApplyCredit': true,
  'billing.paymentReminderDaysBefore': 7,
  'billing.overdueNotice1Days': 1,
  'billing.overdueNotice2Days': 3,
  'billing.overdueNotice3Days': 5,
})
const billing = admin

async function makeGuaranteeDomain(clientId: string, name: string, expiry: string, isAutoRenew: boolean) {
  await db.domain.create({
    data: {
      clientId,
      name,
      tld: 'com',
      registrar: 'sandbox',
      status: 'ACTIVE',
      registrationDate: d('2025-06-01'),
      expiryDate: d(expiry),
      nextDueDate: d(expiry),
      currencyCode: 'USD',
      recurringAmount: 1299n,
      isAutoRenew,
      nameservers: ['ns1.berth.test', 'ns2.berth.test'],
    },
  })
  await db.sandboxDomain.create({
    data: {
      name,
      registeredAt: d('2025-06-01'),
      expiresAt: d(expiry),
      nameservers: ['ns1.berth.test', 'ns2.berth.test'],
      isLocked: true,
      status: 'clientTransferProhibited',
      eppCode: `epp-${name}`,
    },
  })
}
for (let i = 0; i < 90; i++) {
  const c = await makeBillingClient({ companyName: `Guarantee ${String(i).padStart(3, '0')}` })
  await makeService({
    clientId: c.clientId,
    productId: product.id,
    registered: '2027-01-25',
    nextDueDate: '2027-05-25',
    amount: 1000n + BigInt(i),
    extra: { domain: `g${i}.example` },
  })
  if (i % 3 === 0) {
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      cycle: 'ANNUAL',
      registered: '2026-06-01',
      nextDueDate: '2027-06-01',
      amount: 10000n,
      extra: { domain: `g${i}-annual.example` },
    })
    await db.serviceAddon.create({
      data: {
        serviceId: s.id,
        addonId: addon.id,
        status: 'ACTIVE',
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        recurringAmount: 300n,
        registrationDate: d('2027-05-01'),
        nextDueDate: d('2027-06-01'),
      },
    })
  }
  if (i % 3 === 0) await makeGuaranteeDomain(c.clientId, `g${i}-domain.com`, '2027-06-01', true)
  if (i % 10 === 0) await makeGuaranteeDomain(c.clientId, `g${i}-lapsed.com`, '2027-05-10', false)
  if (i % 7 === 0)
    await addCredit(billing, { clientId: c.clientId, currency: 'USD', amount: 700n, reason: 'goodwill' })
  if (i % 5 === 0)
    await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-04-14',
      nextDueDate: '2027-05-14',
      amount: 500n,
      extra: { domain: `g${i}-overdue.example` },
    })
}
// The overdue services were invoiced on May 1st (an earlier run, in process): due May 14th.
await runDailyBilling({ db, asOf: d('2027-05-01') })

/** Everything the run writes, by natural keys (ids and timestamps differ between copies). */
async function snapshot(client: Db) {
  const invoices = await client.invoice.findMany({
    select: {
      number: true,
      status: true,
      issueDate: true,
      dueDate: true,
      subtotal: true,
      taxTotal: true,
      total: true,
      balance: true,
      amountPaid: true,
      creditApplied: true,
      client: { select: { companyName: true } },
      items: { select: { type: true, description: true, amount: true, periodStart: true, periodEnd: true } },
      taxLines: { select: { name: true, amount: true } },
      reminders: { select: { kind: true } },
    },
  })
  const rows = invoices
    .map((i) =>
      JSON.stringify({
        client: i.client.companyName,
        status: i.status,
        issue: i.issueDate && formatDateOnly(i.issueDate),
        due: formatDateOnly(i.dueDate),
        totals: [i.subtotal, i.taxTotal, i.total, i.balance, i.amountPaid, i.creditApplied].map(String),
        items: i.items
          .map(
            (t) => `${t.type}|${t.description}|${t.amount}|${t.periodStart && formatDateOnly(t.periodStart)}`,
          )
          .sort(),
        tax: i.taxLines.map((t) => `${t.name}|${t.amount}`).sort(),
        reminders: i.reminders.map((r) => r.kind).sort(),
      }),
    )
    .sort()
  const numbers = invoices.map((i) => i.number ?? '').sort()
  const ledger = (
    await client.creditEntry.findMany({
      select: { amount: true, balanceAfter: true, client: { select: { companyName: true } } },
    })
  )
    .map((e) => `${e.client.companyName}|${e.amount}|${e.balanceAfter}`)
    .sort()
  const emails = (
    await client.emailLog.findMany({ select: { template: true, toAddress: true, subject: true } })
  )
    .map((e) => `${e.template}|${e.toAddress}|${e.subject}`)
    .sort()
  const services = (
    await client.service.findMany({
      select: { domain: true, status: true, nextDueDate: true, nextInvoiceDate: true },
    })
  )
    .map(
      (s) =>
        `${s.domain}|${s.status}|${s.nextDueDate && formatDateOnly(s.nextDueDate)}|${s.nextInvoiceDate && formatDateOnly(s.nextInvoiceDate)}`,
    )
    .sort()
  const domains = (
    await client.domain.findMany({
      select: {
        name: true,
        status: true,
        expiryDate: true,
        reminders: { select: { expiryDate: true, offsetDays: true } },
      },
    })
  )
    .map(
      (x) =>
        `${x.name}|${x.status}|${x.expiryDate && formatDateOnly(x.expiryDate)}|${x.reminders
          .map((r) => `${formatDateOnly(r.expiryDate)}:${r.offsetDays}`)
          .sort()
          .join(',')}`,
    )
    .sort()
  const audit = (
    await client.auditEvent.groupBy({ by: ['action'], _count: { _all: true }, orderBy: { action: 'asc' } })
  ).map((a) => `${a.action}:${a._count._all}`)
  const sendJobs = (
    await client.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*)::bigint AS n FROM pgboss.job WHERE "name" = 'email.send'`
  )[0]!.n
  return { rows, numbers, ledger, emails, services, domains, audit, sendJobs: Number(sendJobs) }
}

function billingRun(
  url: string,
  extra: string[] = [],
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/billing-run.ts', '--date', DATE, '--json', ...extra],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  )
  return { child, done }
}

const invoicesCreated = (out: string) => {
  const line = out.split('\n').find((l) => l.startsWith('{"asOf"'))
  return line ? (JSON.parse(line) as { invoicesCreated: number }).invoicesCreated : NaN
}

describe('the daily run across processes', () => {
  it(
    'once, twice in a row, twice at once, and killed midway then again: the same result',
    { timeout: 600_000 },
    async () => {
      // Copies of this file's database, one per way of running it.
      const source = new URL(process.env.DATABASE_URL!).pathname.slice(1)
      await disconnectDb()
      const copies: Record<string, { url: string; db: Db }> = {}
      for (const name of ['clean', 'again', 'together', 'killed']) {
        const dbName = `${info.prefix}${name}_${Math.random().toString(16).slice(2, 8)}`
        await createDatabase(info.serverUrl, dbName, source)
        const url = databaseUrlFor(info.serverUrl, dbName)
        copies[name] = { url, db: createPrismaClient(url, { max: 2 }) }
      }
      try {
        const clean = await billingRun(copies.clean!.url).done
        expect(clean.code, clean.out).toBe(0)
        const created = invoicesCreated(clean.out)
        // one per client and due date: the monthly services (May 25th), the annual ones with their addon (June 1st)
        expect(created).toBe(120)
        const expected = await snapshot(copies.clean!.db)
        expect(expected.rows.length).toBe(120 + 18)
        expect(expected.emails.filter((e) => e.startsWith('invoice-created|')).length).toBe(138)
        expect(expected.emails.filter((e) => e.startsWith('overdue-notice|')).length).toBe(15) // 3 were paid by their credit
        // Numbers without gaps: the counter is taken once per invoice, and rolled back with a failed batch.
        expect(new Set(expected.numbers).size).toBe(expected.numbers.length)
        // The domains: renewed on their client's June 1st invoice, the lapsed ones in grace with
        // their reminders (14 days before, from the May 1st run, and 5 days after), once each.
        expect(expected.rows.filter((r) => r.includes('"DOMAIN|Domain renewal')).length).toBe(30)
        expect(
          expected.domains.filter((x) =>
            x.includes('-lapsed.com|GRACE|2027-05-10|2027-05-10:-5,2027-05-10:14'),
          ).length,
        ).toBe(9)
        expect(expected.emails.filter((e) => e.startsWith('domain-renewal-reminder|')).length).toBe(30 + 18)

        // Twice in a row.
        expect((await billingRun(copies.again!.url).done).code).toBe(0)
        const second = await billingRun(copies.again!.url).done
        expect(second.code, second.out).toBe(0)
        expect(invoicesCreated(second.out)).toBe(0)
        expect(await snapshot(copies.again!.db)).toEqual(expected)

        // Twice at once, in two processes, with small batches so they interleave.
        const [a, b] = await Promise.all([
          billingRun(copies.together!.url, ['--batch-size', '5']).done,
          billingRun(copies.together!.url, ['--batch-size', '7']).done,
        ])
        expect([a.code, b.code], a.out + b.out).toEqual([0, 0])
        expect(invoicesCreated(a.out) + invoicesCreated(b.out)).toBe(created)
        expect(await snapshot(copies.together!.db)).toEqual(expected)

        // Killed with SIGKILL once renewal batches have committed, then run again.
        const killed = copies.killed!
        const victim = billingRun(killed.url, ['--batch-size', '2'])
        let progress = 0
        for (let i = 0; i < 6000 && progress < 10; i++) {
          const row = await killed.db.jobRun.findFirst({
            where: { job: 'billing-run.renewal-invoices', runKey: DATE },
            select: { progress: true },
          })
          progress = row?.progress ?? 0
          if (progress < 10) await new Promise((r) => setTimeout(r, 25))
        }
        victim.child.kill('SIGKILL')
        const died = await victim.done
        expect(died.signal).toBe('SIGKILL')
        const midway = await killed.db.jobRun.findFirstOrThrow({
          where: { job: 'billing-run.renewal-invoices', runKey: DATE },
        })
        expect(midway.status).toBe('RUNNING') // it never finished
        expect(midway.progress).toBeGreaterThanOrEqual(10)
        const partial = await killed.db.invoice.count({ where: { issueDate: d(DATE) } })
        expect(partial).toBeGreaterThan(0)
        expect(partial).toBeLessThan(created)
        const rerun = await billingRun(killed.url).done
        expect(rerun.code, rerun.out).toBe(0)
        expect(invoicesCreated(rerun.out)).toBe(created - partial)
        expect(await snapshot(killed.db)).toEqual(expected)
      } finally {
        for (const c of Object.values(copies)) await c.db.$disconnect()
      }
    },
  )
})
