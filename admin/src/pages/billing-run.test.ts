import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  coordinateStep,
  DAILY_BILLING_STEPS,
  parseDateOnly,
  processBatchJob,
  runDailyBilling,
  startFannedOutRun,
  todayInTimeZone,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type RunningAdmin } from '../test-support/admin-client'

const db = getDb()
let admin: RunningAdmin
beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

const today = () => todayInTimeZone('UTC').toISOString().slice(0, 10)
const queuedRuns = async () =>
  (
    await db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*)::bigint AS n FROM pgboss.job WHERE "name" = 'billing.daily-run'`
  )[0]!.n
const requestAudits = () => db.auditEvent.count({ where: { action: 'billing-run.request' } })

async function dueService(
  clientId: string,
  productId: string,
  nextDueDate: string,
  amount: bigint,
  currencyCode = 'USD',
) {
  return db.service.create({
    data: {
      clientId,
      productId,
      status: 'ACTIVE',
      billingCycle: 'MONTHLY',
      currencyCode,
      firstPaymentAmount: amount,
      recurringAmount: amount,
      registrationDate: parseDateOnly(nextDueDate),
      nextDueDate: parseDateOnly(nextDueDate),
    },
  })
}

describe('Billing run page: who may do what', () => {
  it('Read-only sees the page but is refused Run now and Preview (403, nothing queued); Support cannot open it', async () => {
    const readOnly = await makeStaff('Read-only')
    const browser = await signedIn(admin.baseUrl, readOnly.email, readOnly.password)
    const page = await browser.get('/admin/api/pages/billingRun')
    expect(page.status).toBe(200)
    expect(page.json).toMatchObject({ ok: true, data: { canRun: false } })
    const queued = await queuedRuns()
    const audits = await requestAudits()
    expect(
      (
        await browser.request('POST', '/admin/api/pages/billingRun', {
          json: { intent: 'run', asOf: today() },
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await browser.request('POST', '/admin/api/pages/billingRun', {
          json: { intent: 'preview', asOf: today() },
        })
      ).status,
    ).toBe(403)

    const support = await makeStaff('Support')
    const other = await signedIn(admin.baseUrl, support.email, support.password)
    expect((await other.get('/admin/api/pages/billingRun')).status).toBe(403)
    expect((await other.get('/admin/pages/billingRun')).status).toBe(403)
    expect(
      (await other.request('POST', '/admin/api/pages/billingRun', { json: { intent: 'run', asOf: today() } }))
        .status,
    ).toBe(403)
    expect(await queuedRuns()).toBe(queued)
    expect(await requestAudits()).toBe(audits)
  })

  it('Billing queues a run through pg-boss (audited, shown as queued and in progress); a bad date is a field error', async () => {
    const billing = await makeStaff('Billing')
    const browser = await signedIn(admin.baseUrl, billing.email, billing.password)
    const queued = await queuedRuns()
    const tooFar = new Date(parseDateOnly(today()).getTime() + 32 * 86_400_000).toISOString().slice(0, 10)
    const refused = await browser.request('POST', '/admin/api/pages/billingRun', {
      json: { intent: 'run', asOf: tooFar },
    })
    expect(refused.json).toMatchObject({
      ok: false,
      errors: { asOf: expect.stringMatching(/no later than/) },
    })
    expect(await queuedRuns()).toBe(queued)

    const res = await browser.request('POST', '/admin/api/pages/billingRun', {
      json: { intent: 'run', asOf: today() },
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      ok: true,
      notice: { type: 'success', message: expect.stringContaining('queued') },
      data: { canRun: true, inProgress: true },
    })
    expect(await queuedRuns()).toBe(queued + 1n)
    const [event] = await db.auditEvent.findMany({
      where: { action: 'billing-run.request', actorId: billing.staffId },
    })
    expect(event).toMatchObject({ actorType: 'STAFF', after: { asOf: today() } })
    const page = await browser.get('/admin/api/pages/billingRun')
    expect(page.json.data.queued).toContainEqual(
      expect.objectContaining({
        jobId: (event!.after as { jobId: string }).jobId,
        asOf: today(),
        state: 'created',
      }),
    )
    expect(page.json.data.inProgress).toBe(true)
  })
})

describe('Billing run page: what it shows', () => {
  it('the latest run with each step’s JobRun, counts and failed items; Preview lists what would be invoiced and writes nothing', async () => {
    const product = await makeProduct(await superAdmin(), {
      name: 'Run page hosting',
      prices: [{ cycle: 'MONTHLY', amount: 1200 }],
    })
    const ok = await makeBillingClient({ companyName: 'Previewed Ltd', country: 'US' })
    const bad = await makeBillingClient({ companyName: 'Wrong currency', currencyCode: 'EUR' })
    await dueService(ok.clientId, product.id, '2031-06-01', 1200n)
    await dueService(bad.clientId, product.id, '2031-06-01', 900n)

    const billing = await makeStaff('Billing')
    const browser = await signedIn(admin.baseUrl, billing.email, billing.password)
    const invoices = await db.invoice.count()
    const preview = await browser.request('POST', '/admin/api/pages/billingRun', {
      json: { intent: 'preview', asOf: '2031-05-20' },
    })
    expect(preview.status).toBe(200)
    const p = preview.json.data.preview
    expect(p.asOf).toBe('2031-05-20')
    expect(p.clients).toEqual([
      expect.objectContaining({
        clientId: ok.clientId,
        clientName: 'Previewed Ltd',
        invoices: [expect.objectContaining({ dueDate: '2031-06-01', currency: 'USD', total: '1200' })],
      }),
    ])
    expect(p.totals).toEqual([{ currency: 'USD', invoices: 1, subtotal: '1200', tax: '0', total: '1200' }])
    expect(p.display.totals.USD.total).toBe('$12.00')
    expect(p.failures).toEqual([
      { clientId: bad.clientId, reason: expect.stringContaining('the client in EUR') },
    ])
    expect(await db.invoice.count()).toBe(invoices)

    const report = await runDailyBilling({ db, asOf: parseDateOnly('2031-05-20') })
    expect(report.invoicesCreated).toBe(1)

    const reader = await makeStaff('Read-only')
    const page = await (
      await signedIn(admin.baseUrl, reader.email, reader.password)
    ).get('/admin/api/pages/billingRun')
    const run = page.json.data.runs.find((r: { runKey: string }) => r.runKey === '2031-05-20')
    expect(run).toMatchObject({ date: '2031-05-20', status: 'FAILED', triggeredBy: 'cron' })
    expect(run.steps.map((s: { step: string }) => s.step)).toEqual(page.json.data.stepNames)
    const rows = await db.jobRun.findMany({
      where: { runKey: '2031-05-20' },
      select: { id: true, job: true },
    })
    expect(run.steps.map((s: { jobRunId: string }) => s.jobRunId).sort()).toEqual(
      rows.map((r) => r.id).sort(),
    )
    const renewals = run.steps.find((s: { step: string }) => s.step === 'renewal-invoices')
    expect(renewals).toMatchObject({
      status: 'SUCCEEDED',
      seen: 2,
      changed: 1,
      failed: 1,
      progress: 2,
      total: 2,
      counts: { invoicesCreated: 1, itemsBilled: 1 },
      failures: [
        { key: bad.clientId, clientId: bad.clientId, reason: expect.stringContaining('the client in EUR') },
      ],
    })
  })

  it('a fanned-out run reads in progress between two steps (the next step only queued) and done after its last step', async () => {
    const asOf = '2033-02-14'
    const runId = await startFannedOutRun(db, { asOf: parseDateOnly(asOf), triggeredBy: 'cron' })
    /** This run's jobs waiting in pg-boss, taken off the queue as a worker would fetch them. */
    const take = (queue: string) =>
      db.$queryRaw<{ data: unknown }[]>`
        UPDATE pgboss.job SET "state" = 'completed'
         WHERE "name" = ${queue} AND "state" = 'created' AND "data"->>'runId' = ${runId}
        RETURNING "data"`
    const reader = await makeStaff('Read-only')
    const browser = await signedIn(admin.baseUrl, reader.email, reader.password)
    const shown = async () => {
      const page = await browser.get('/admin/api/pages/billingRun')
      return {
        inProgress: page.json.data.inProgress as boolean,
        run: page.json.data.runs.find((r: { runKey: string }) => r.runKey === asOf),
      }
    }

    // The first step: nothing is due on that date, so it closes at once and queues the second.
    const [first] = await take('billing.run-step')
    await coordinateStep(db, first!.data)
    const between = await shown()
    expect(between.run.steps).toEqual([
      expect.objectContaining({ step: DAILY_BILLING_STEPS[0]!.name, status: 'SUCCEEDED' }),
    ])
    // Before the run was read as a whole, this was "done" with one step of nine.
    expect(between.run).toMatchObject({ status: 'RUNNING', finishedAt: null })
    expect(between.inProgress).toBe(true)

    // The rest of the run, step by step and batch by batch, as the workers would.
    for (let round = 0; round < 50; round++) {
      const steps = await take('billing.run-step')
      const batches = await take('billing.run-batch')
      if (!steps.length && !batches.length) break
      for (const j of steps) await coordinateStep(db, j.data)
      for (const j of batches) await processBatchJob(db, j.data)
    }
    const after = await shown()
    expect(after.run.steps.map((s: { step: string }) => s.step)).toEqual(
      DAILY_BILLING_STEPS.map((s) => s.name),
    )
    expect(after.run.status).not.toBe('RUNNING')
    expect(after.run.finishedAt).not.toBeNull()
  })
})
