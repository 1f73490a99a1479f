import type { ChildProcess } from 'node:child_process'
import { describe, expect, inject, it } from 'vitest'
import {
  createDatabase,
  createPrismaClient,
  databaseUrlFor,
  disconnectDb,
  getDb,
  type Db,
} from '@berth/prisma'
import { spawnService } from '../../../scripts/lib/services'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { addCredit } from '../billing'
import { formatDateOnly } from '../catalog'
import { pendingFannedOutRuns, startFannedOutRun } from './fan-out'
import { DAILY_BILLING_STEPS, runDailyBilling } from './run-daily-billing'
import { d, makeService, setSettings } from './test-support'

/**
 * The fanned-out run with two real worker processes (`jobs/src/main.ts`, started as `npm start`
 * starts it) sharing one run, against one clean in-process run of the same date on a copy of the
 * same database: the same invoices, items, numbers, credit ledger, reminders and emails, each
 * service invoiced once, and both workers took batches.
 */
const info = inject('berthDb' as never) as { prefix: string; serverUrl: string }
const db = getDb()
const DATE = '2027-08-20'

const admin = await superAdmin()
const product = await makeProduct(admin, {
  name: 'Shared Hosting',
  prices: [{ cycle: 'MONTHLY', amount: 1000 }],
})
await setSettings({
  'billing.renewalInvoiceDaysBefore': 14,
  'billing.autoApplyCredit': true,
  'billing.paymentReminderDaysBefore': 7,
  'billing.overdueNotice1Days': 1,
  'billing.overdueNotice2Days': 3,
  'billing.overdueNotice3Days': 5,
})
// 40 clients with a service due in the renewal window; every fourth with a second one a day later
// (its own invoice), every seventh with credit, every fifth with an invoice now 6 days overdue.
for (let i = 0; i < 40; i++) {
  const c = await makeBillingClient({ companyName: `Shared ${String(i).padStart(3, '0')}` })
  await makeService({
    clientId: c.clientId,
    productId: product.id,
    registered: '2027-07-25',
    nextDueDate: '2027-08-25',
    amount: 1000n + BigInt(i),
    extra: { domain: `w${i}.example` },
  })
  if (i % 4 === 0)
    await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-07-26',
      nextDueDate: '2027-08-26',
      amount: 700n,
      extra: { domain: `w${i}-second.example` },
    })
  if (i % 7 === 0)
    await addCredit(admin, { clientId: c.clientId, currency: 'USD', amount: 600n, reason: 'goodwill' })
  if (i % 5 === 0)
    await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-07-14',
      nextDueDate: '2027-08-14',
      amount: 500n,
      extra: { domain: `w${i}-overdue.example` },
    })
}
await runDailyBilling({ db, asOf: d('2027-08-01') }) // the overdue ones, due Aug 14th

/** What the run writes, by natural keys (ids, timestamps and the workers' own later work aside). */
async function snapshot(client: Db) {
  const invoices = await client.invoice.findMany({
    select: {
      number: true,
      status: true,
      issueDate: true,
      dueDate: true,
      total: true,
      balance: true,
      creditApplied: true,
      client: { select: { companyName: true } },
      items: { select: { type: true, description: true, amount: true, periodStart: true, serviceId: true } },
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
        totals: [i.total, i.balance, i.creditApplied].map(String),
        items: i.items.map((t) => `${t.type}|${t.description}|${t.amount}`).sort(),
        reminders: i.reminders.map((r) => r.kind).sort(),
      }),
    )
    .sort()
  const periods = invoices.flatMap((i) =>
    i.items
      .filter((t) => t.serviceId)
      .map((t) => `${t.serviceId}|${t.periodStart && formatDateOnly(t.periodStart)}`),
  )
  periods.sort()
  const ledger = (
    await client.creditEntry.findMany({
      select: { amount: true, balanceAfter: true, client: { select: { companyName: true } } },
    })
  )
    .map((e) => `${e.client.companyName}|${e.amount}|${e.balanceAfter}`)
    .sort()
  // The run's own emails (a worker also handles invoice.paid and sends what that queues).
  const emails = (
    await client.emailLog.findMany({
      where: {
        template: { in: ['invoice-created', 'payment-reminder', 'overdue-notice', 'late-fee-added'] },
      },
      select: { template: true, toAddress: true, subject: true },
    })
  )
    // Numbers are taken in the order batches land, which differs between runs: the set is compared.
    .map((e) => `${e.template}|${e.toAddress}|${e.subject.replace(/INV-\d{4}-\d+/g, 'INV-#')}`)
    .sort()
  return { rows, numbers: invoices.map((i) => i.number ?? '').sort(), periods, ledger, emails }
}

/** Starts the worker as `npm start` does and resolves once it processes jobs; `lines` gets its output. */
function startWorker(url: string, lines: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const s = spawnService('worker', { ...process.env, DATABASE_URL: url, SMTP_URL: '' }, (_name, line) => {
      lines.push(line)
      if (line.includes('processing jobs')) resolve(s.child)
    })
    s.exited.then((code) => reject(new Error(`the worker exited (${code}):\n${lines.join('\n')}`)))
  })
}

async function stop(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve()
          c.once('exit', () => resolve())
          c.kill('SIGTERM')
        }),
    ),
  )
}

describe('the fanned-out run with two worker processes', () => {
  it(
    'shared by two real workers: the result of one clean run, each service period invoiced once',
    { timeout: 120_000 },
    async () => {
      const source = new URL(process.env.DATABASE_URL!).pathname.slice(1)
      await disconnectDb()
      const copies: Record<string, { url: string; db: Db }> = {}
      for (const name of ['clean', 'workers']) {
        const dbName = `${info.prefix}${name}_${Math.random().toString(16).slice(2, 8)}`
        await createDatabase(info.serverUrl, dbName, source)
        const url = databaseUrlFor(info.serverUrl, dbName)
        copies[name] = { url, db: createPrismaClient(url, { max: 2 }) }
      }
      const children: ChildProcess[] = []
      try {
        const clean = copies.clean!.db
        const report = await runDailyBilling({ db: clean, asOf: d(DATE) })
        expect(report.invoicesCreated).toBe(50) // 40 + the 10 second services' own due date
        const expected = await snapshot(clean)
        expect(new Set(expected.periods).size).toBe(expected.periods.length)

        const shared = copies.workers!
        const out: string[][] = [[], []]
        children.push(...(await Promise.all(out.map((lines) => startWorker(shared.url, lines)))))
        const runId = await startFannedOutRun(shared.db, { asOf: d(DATE), triggeredBy: 'test', batchSize: 2 })
        // Done when nothing of the run waits in pg-boss and its last step has closed (the workers
        // queue each step in the transaction that closes the one before).
        const last = `billing-run.${DAILY_BILLING_STEPS.at(-1)!.name}`
        for (;;) {
          const closed = await shared.db.jobRun.findFirst({
            where: { job: last, counts: { path: ['runId'], equals: runId }, finishedAt: { not: null } },
            select: { id: true },
          })
          if (closed && !(await pendingFannedOutRuns(shared.db, [runId])).size) break
          for (const c of children) expect(c.exitCode, out.flat().join('\n')).toBeNull()
          await new Promise((r) => setTimeout(r, 200))
        }
        const steps = await shared.db.jobRun.findMany({
          where: { counts: { path: ['runId'], equals: runId } },
          select: { job: true, status: true },
        })
        expect(steps.map((s) => s.job).sort()).toEqual(
          DAILY_BILLING_STEPS.map((s) => `billing-run.${s.name}`).sort(),
        )
        expect(steps.every((s) => s.status === 'SUCCEEDED')).toBe(true)
        const batches = out.map((lines) => lines.filter((l) => l.includes('billing run batch')).length)
        expect(batches[0]! > 0 && batches[1]! > 0, `batches per worker: ${batches.join(', ')}`).toBe(true)

        expect(await snapshot(shared.db)).toEqual(expected)
      } finally {
        await stop(children)
        for (const c of Object.values(copies)) await c.db.$disconnect()
      }
    },
  )
})
