import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { PGBOSS_SCHEMA, QUEUES } from '../platform'
import { coordinateStep, processBatchJob, startFannedOutRun } from './fan-out'
import { DAILY_BILLING_STEPS } from './run-daily-billing'
import { clearDueWork, d, makeService, setSettings } from './test-support'

const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1200 }] })

interface QueuedJob {
  id: string
  name: string
  data: unknown
}
/** The run's jobs waiting in pg-boss (what a worker would fetch), taken off the queue. */
async function takeQueued(): Promise<QueuedJob[]> {
  return db.$queryRawUnsafe<QueuedJob[]>(
    `UPDATE "${PGBOSS_SCHEMA}"."job" SET "state" = 'completed'
      WHERE "name" IN ($1, $2) AND "state" = 'created' RETURNING "id"::text, "name", "data"`,
    QUEUES.billingRunStep,
    QUEUES.billingRunBatch,
  )
}

describe('the daily run fanned out over pg-boss jobs', () => {
  it('batches taken in any order, two at once and one twice: every step once, in order, with the counts of one run', async () => {
    await clearDueWork()
    await setSettings({ 'billing.renewalInvoiceDaysBefore': 14, 'billing.autoApplyCredit': false })
    const clients: string[] = []
    for (let i = 0; i < 23; i++) {
      const c = await makeBillingClient()
      clients.push(c.clientId)
      await makeService({
        clientId: c.clientId,
        productId: product.id,
        registered: '2027-03-05',
        nextDueDate: '2027-04-05',
      })
    }
    const runId = await startFannedOutRun(db, { asOf: d('2027-03-25'), triggeredBy: 'cron', batchSize: 4 })

    const stepsSeen: number[] = []
    let batches = 0
    for (let round = 0; round < 100; round++) {
      const jobs = await takeQueued()
      if (!jobs.length) break
      for (const j of jobs.filter((j) => j.name === QUEUES.billingRunStep)) {
        stepsSeen.push((j.data as { stepIndex: number }).stepIndex)
        await coordinateStep(db, j.data)
      }
      const batchJobs = jobs.filter((j) => j.name === QUEUES.billingRunBatch).reverse()
      batches += batchJobs.length
      // Two "workers" at once on the first two, the rest one by one; the first done again (a retry).
      const [a, b, ...rest] = batchJobs
      await Promise.all([a, b].filter(Boolean).map((j) => processBatchJob(db, j!.data)))
      for (const j of rest) await processBatchJob(db, j.data)
      if (a) expect(await processBatchJob(db, a.data)).toEqual({ counted: false, stepDone: false })
    }
    // Every step ran once, in DESIGN's order; the renewals in ceil(23 / 4) = 6 batches.
    expect(stepsSeen).toEqual(DAILY_BILLING_STEPS.map((_s, i) => i))
    expect(batches).toBeGreaterThanOrEqual(6)
    const runs = await db.jobRun.findMany({
      where: { counts: { path: ['runId'], equals: runId } },
      orderBy: { finishedAt: 'asc' },
    })
    expect(runs.map((r) => r.job)).toEqual(DAILY_BILLING_STEPS.map((s) => `billing-run.${s.name}`))
    expect(runs.every((r) => r.status === 'SUCCEEDED' && r.finishedAt)).toBe(true)
    const renewal = runs.find((r) => r.job === 'billing-run.renewal-invoices')!
    expect(renewal).toMatchObject({ total: 23, progress: 23 })
    expect(renewal.counts).toMatchObject({
      batches: 6,
      batchesDone: 6,
      seen: 23,
      changed: 23,
      failed: 0,
      invoicesCreated: 23,
    })
    expect(await db.invoice.count({ where: { clientId: { in: clients }, issueDate: d('2027-03-25') } })).toBe(
      23,
    )
    expect(
      await db.emailLog.count({ where: { clientId: { in: clients }, template: 'invoice-created' } }),
    ).toBe(23)

    // A second fanned-out run of the same day: its own JobRuns (date#2), nothing written.
    const again = await startFannedOutRun(db, { asOf: d('2027-03-25'), batchSize: 4 })
    for (let round = 0; round < 100; round++) {
      const jobs = await takeQueued()
      if (!jobs.length) break
      for (const j of jobs)
        await (j.name === QUEUES.billingRunStep ? coordinateStep(db, j.data) : processBatchJob(db, j.data))
    }
    const second = await db.jobRun.findFirstOrThrow({
      where: { job: 'billing-run.renewal-invoices', counts: { path: ['runId'], equals: again } },
    })
    expect(second).toMatchObject({ runKey: '2027-03-25#2', status: 'SUCCEEDED' })
    expect(second.counts).toMatchObject({ batches: 0, seen: 0, changed: 0 }) // nothing was due any more
    expect(await db.invoice.count({ where: { clientId: { in: clients } } })).toBe(23)
  })

  it('a batch retried after a crash between its count and the step closing closes the step and queues the next, writing nothing', async () => {
    await clearDueWork()
    await setSettings({ 'billing.renewalInvoiceDaysBefore': 14, 'billing.autoApplyCredit': false })
    const clients: string[] = []
    for (let i = 0; i < 3; i++) {
      const c = await makeBillingClient()
      clients.push(c.clientId)
      await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-07-05' })
    }
    const runId = await startFannedOutRun(db, { asOf: d('2027-06-25'), batchSize: 2 })
    const renewalIndex = DAILY_BILLING_STEPS.findIndex((s) => s.name === 'renewal-invoices')
    const batches: QueuedJob[] = []
    // Up to and including the renewal step, everything as a worker would.
    for (let round = 0; round < 20; round++) {
      const jobs = await takeQueued()
      const steps = jobs.filter((j) => j.name === QUEUES.billingRunStep)
      const next = steps.filter((j) => (j.data as { stepIndex: number }).stepIndex > renewalIndex)
      if (next.length || !jobs.length) break
      for (const j of steps) await coordinateStep(db, j.data)
      for (const j of jobs.filter((j) => j.name === QUEUES.billingRunBatch)) {
        batches.push(j)
        await processBatchJob(db, j.data)
      }
    }
    expect(batches).toHaveLength(2)
    const renewal = await db.jobRun.findFirstOrThrow({
      where: { job: 'billing-run.renewal-invoices', counts: { path: ['runId'], equals: runId } },
    })
    expect(renewal.status).toBe('SUCCEEDED')
    // The crash: the last batch's counts are in, the step was not closed, its successor not queued.
    await db.jobRun.update({ where: { id: renewal.id }, data: { status: 'RUNNING', finishedAt: null } })
    await db.$executeRawUnsafe(
      `DELETE FROM "${PGBOSS_SCHEMA}"."job" WHERE "name" = $1 AND "data"->>'runId' = $2`,
      QUEUES.billingRunStep,
      runId,
    )
    expect(await processBatchJob(db, batches[1]!.data)).toEqual({ counted: false, stepDone: true })
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: renewal.id } })).toMatchObject({
      status: 'SUCCEEDED',
      counts: expect.objectContaining({ batchesDone: 2, seen: 3, invoicesCreated: 3 }),
    })
    const queued = await takeQueued()
    expect(queued.map((j) => (j.data as { stepIndex: number }).stepIndex)).toEqual([renewalIndex + 1])
    // Once closed, another retry neither closes it again nor queues a second successor.
    expect(await processBatchJob(db, batches[0]!.data)).toEqual({ counted: false, stepDone: false })
    expect(await takeQueued()).toEqual([])
    expect(await db.invoice.count({ where: { clientId: { in: clients } } })).toBe(3)
  })
})
