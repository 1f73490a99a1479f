import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, makePromotion, payInvoice, superAdmin } from '@berth/tests/support/catalog-factories'
import { addCredit } from '../billing'
import { formatDateOnly } from '../catalog'
import { makeStaff } from '@berth/tests/support/factories'
import { runDailyBilling } from './run-daily-billing'
import { renewalInvoicesStep } from './steps/renewal-invoices'
import { clearDueWork, d, makeService, setSettings } from './test-support'
import type { BillingStep, DueItem } from '../pipeline'

const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, {
  name: 'Hosting Basic',
  prices: [
    { cycle: 'MONTHLY', amount: 1000 },
    { cycle: 'ANNUAL', amount: 10000 },
  ],
})
const renewals = [renewalInvoicesStep] as BillingStep<DueItem>[]
const run = (date: string, steps = renewals) => runDailyBilling({ db, asOf: d(date), steps })

const invoicesOf = (clientId: string) =>
  db.invoice.findMany({
    where: { clientId },
    orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }],
    include: { items: { orderBy: { sortOrder: 'asc' } } },
  })
const day = (date: Date | null) => (date ? formatDateOnly(date) : null)

beforeEach(async () => {
  await clearDueWork()
  await setSettings({ 'billing.renewalInvoiceDaysBefore': 14, 'billing.autoApplyCredit': false })
})

describe('renewal invoices', () => {
  it('bills a service 14 days before its due date, once, and paying it moves the due date by exactly one period', async () => {
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2026-12-31',
      nextDueDate: '2027-01-31',
    })

    expect((await run('2027-01-16')).invoicesCreated).toBe(0)
    expect(await invoicesOf(c.clientId)).toHaveLength(0)

    const first = await run('2027-01-17')
    expect(first.invoicesCreated).toBe(1)
    const [inv] = await invoicesOf(c.clientId)
    expect(inv).toMatchObject({ status: 'UNPAID', total: 1000n, balance: 1000n })
    expect(inv!.number).toMatch(/^INV-2027-/)
    expect(day(inv!.issueDate)).toBe('2027-01-17')
    expect(day(inv!.dueDate)).toBe('2027-01-31')
    expect(inv!.items).toHaveLength(1)
    expect(inv!.items[0]).toMatchObject({ type: 'SERVICE', serviceId: s.id, amount: 1000n })
    // Jan 31 keeps its day: the next period starts on Feb 28, so this one ends on Feb 27.
    expect([day(inv!.items[0]!.periodStart), day(inv!.items[0]!.periodEnd)]).toEqual([
      '2027-01-31',
      '2027-02-27',
    ])
    expect(await db.emailLog.count({ where: { clientId: c.clientId, template: 'invoice-created' } })).toBe(1)
    expect(day((await db.service.findUniqueOrThrow({ where: { id: s.id } })).nextInvoiceDate)).toBe(
      '2027-02-28',
    )
    const jobRun = await db.jobRun.findUniqueOrThrow({
      where: { job_runKey: { job: 'billing-run.renewal-invoices', runKey: '2027-01-17' } },
    })
    expect(jobRun).toMatchObject({
      status: 'SUCCEEDED',
      progress: 1,
      counts: { seen: 1, changed: 1, failed: 0, invoicesCreated: 1, itemsBilled: 1 },
    })

    // The same day again, and a day later: nothing new.
    expect((await run('2027-01-17')).invoicesCreated).toBe(0)
    expect((await run('2027-01-18')).invoicesCreated).toBe(0)
    expect(
      await db.jobRun.count({
        where: { job: 'billing-run.renewal-invoices', runKey: { startsWith: '2027-01-17' } },
      }),
    ).toBe(2)
    expect(await invoicesOf(c.clientId)).toHaveLength(1)

    // Paid, then the run the same day: the due date moved once, and the next period is not due yet.
    await payInvoice(inv!.id)
    expect((await run('2027-01-18')).invoicesCreated).toBe(0)
    expect(day((await db.service.findUniqueOrThrow({ where: { id: s.id } })).nextDueDate)).toBe('2027-02-28')

    // Across February: billed on Feb 14 for Feb 28 .. Mar 30 (back on the 31st).
    expect((await run('2027-02-13')).invoicesCreated).toBe(0)
    expect((await run('2027-02-14')).invoicesCreated).toBe(1)
    const second = (await invoicesOf(c.clientId))[1]!
    expect(day(second.dueDate)).toBe('2027-02-28')
    expect([day(second.items[0]!.periodStart), day(second.items[0]!.periodEnd)]).toEqual([
      '2027-02-28',
      '2027-03-30',
    ])
  })

  it('keeps month ends and the leap day: the 31st to the 30th, Feb 29 2028, an annual service from a leap day', async () => {
    const c = await makeBillingClient()
    const apr = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-01-31',
      nextDueDate: '2027-04-30',
    })
    const leap = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2028-01-31',
      nextDueDate: '2028-02-29',
    })
    const annual = await makeService({
      clientId: c.clientId,
      productId: product.id,
      cycle: 'ANNUAL',
      amount: 10000n,
      registered: '2024-02-29',
      nextDueDate: '2028-02-29',
    })
    await run('2027-04-16')
    await run('2028-02-15')
    const items = await db.invoiceItem.findMany({
      where: { serviceId: { in: [apr.id, leap.id, annual.id] } },
      select: { serviceId: true, periodStart: true, periodEnd: true },
    })
    const period = (id: string) =>
      items.filter((i) => i.serviceId === id).map((i) => [day(i.periodStart), day(i.periodEnd)])
    expect(period(apr.id)).toEqual([['2027-04-30', '2027-05-30']])
    expect(period(leap.id)).toEqual([['2028-02-29', '2028-03-30']])
    expect(period(annual.id)).toEqual([['2028-02-29', '2029-02-27']])
    // Both leap-day services fall due on the same day: one invoice for both.
    const invoices = await invoicesOf(c.clientId)
    expect(invoices.map((i) => [day(i.dueDate), i.items.length])).toEqual([
      ['2027-04-30', 1],
      ['2028-02-29', 2],
    ])
  })

  it('groups one invoice per client and due date with the addons, and skips what must not renew', async () => {
    const c = await makeBillingClient()
    const other = await makeBillingClient()
    const addon = await db.addon.create({ data: { name: 'Daily backups', isTaxable: false } })
    const a = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-03-10',
      amount: 1000n,
    })
    const b = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-03-10',
      amount: 2500n,
      status: 'SUSPENDED',
    })
    await db.serviceAddon.create({
      data: {
        serviceId: a.id,
        addonId: addon.id,
        status: 'ACTIVE',
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        recurringAmount: 400n,
        registrationDate: d('2027-01-10'),
        nextDueDate: d('2027-03-10'),
      },
    })
    // A second addon on the same service and period: each addon's period is its own unique key.
    await db.serviceAddon.create({
      data: {
        serviceId: a.id,
        addonId: addon.id,
        status: 'ACTIVE',
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        recurringAmount: 200n,
        registrationDate: d('2027-01-10'),
        nextDueDate: d('2027-03-10'),
      },
    })
    await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-03-12',
      amount: 700n,
    })
    const skipped = [
      await makeService({
        clientId: c.clientId,
        productId: product.id,
        nextDueDate: '2027-03-10',
        status: 'PENDING',
      }),
      await makeService({
        clientId: c.clientId,
        productId: product.id,
        nextDueDate: '2027-03-10',
        status: 'CANCELLED',
      }),
      await makeService({
        clientId: c.clientId,
        productId: product.id,
        nextDueDate: '2027-03-10',
        status: 'TERMINATED',
      }),
      await makeService({
        clientId: c.clientId,
        productId: product.id,
        nextDueDate: '2027-03-10',
        cycle: 'ONE_TIME',
      }),
      await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-03-20' }),
    ]
    const leaving = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-03-10',
    })
    await db.cancellationRequest.create({
      data: { serviceId: leaving.id, clientId: c.clientId, type: 'END_OF_PERIOD', reason: 'moving away' },
    })
    await makeService({ clientId: other.clientId, productId: product.id, nextDueDate: '2027-03-11' })

    const report = await run('2027-02-26')
    expect(report.invoicesCreated).toBe(3)
    const invoices = await invoicesOf(c.clientId)
    expect(invoices.map((i) => [day(i.dueDate), i.items.map((x) => `${x.type}:${x.amount}`).sort()])).toEqual(
      [
        ['2027-03-10', ['ADDON:200', 'ADDON:400', 'SERVICE:1000', 'SERVICE:2500']],
        ['2027-03-12', ['SERVICE:700']],
      ],
    )
    expect(invoices[0]!.items.find((x) => x.type === 'SERVICE' && x.amount === 2500n)!.serviceId).toBe(b.id)
    expect(
      await db.invoiceItem.count({ where: { serviceId: { in: [...skipped, leaving].map((s) => s.id) } } }),
    ).toBe(0)
    expect(await invoicesOf(other.clientId)).toHaveLength(1)
  })

  it('a product can bill earlier than the global setting', async () => {
    const early = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
    await db.product.update({ where: { id: early.id }, data: { renewalInvoiceDaysBefore: 30 } })
    const c = await makeBillingClient()
    await makeService({ clientId: c.clientId, productId: early.id, nextDueDate: '2027-06-30' })
    await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-06-30' })
    await run('2027-05-31')
    expect((await invoicesOf(c.clientId)).map((i) => i.items.length)).toEqual([1])
    await run('2027-06-16')
    expect((await invoicesOf(c.clientId)).map((i) => i.items.length)).toEqual([1, 1])
  })

  it('two runs at once bill each period once', async () => {
    const clients = await Promise.all(Array.from({ length: 6 }, () => makeBillingClient()))
    for (const c of clients) {
      await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-08-15' })
      await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-08-16' })
    }
    const [a, b] = await Promise.all([
      runDailyBilling({ db, asOf: d('2027-08-02'), steps: renewals, batchSize: 2 }),
      runDailyBilling({ db, asOf: d('2027-08-02'), steps: renewals, batchSize: 3 }),
    ])
    expect(a.invoicesCreated + b.invoicesCreated).toBe(12)
    expect(a.failed + b.failed).toBe(0)
    for (const c of clients)
      expect((await invoicesOf(c.clientId)).map((i) => day(i.dueDate))).toEqual(['2027-08-15', '2027-08-16'])
    expect(
      await db.emailLog.count({
        where: { clientId: { in: clients.map((c) => c.clientId) }, template: 'invoice-created' },
      }),
    ).toBe(12)
  })

  it('a payment and the run at the same moment move the due date once and bill the next period once', async () => {
    await setSettings({ 'billing.renewalInvoiceDaysBefore': 40 })
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2028-03-15',
      nextDueDate: '2028-04-15',
    })
    await run('2028-03-20')
    const [first] = await invoicesOf(c.clientId)
    // Paid while the run of the same day is working: May 15 (the next due date) is within 40 days.
    await Promise.all([payInvoice(first!.id), run('2028-04-10'), run('2028-04-10')])
    await run('2028-04-10')
    expect(day((await db.service.findUniqueOrThrow({ where: { id: s.id } })).nextDueDate)).toBe('2028-05-15')
    const invoices = await invoicesOf(c.clientId)
    expect(invoices.map((i) => [day(i.dueDate), i.status, day(i.items[0]!.periodStart)])).toEqual([
      ['2028-04-15', 'PAID', '2028-04-15'],
      ['2028-05-15', 'UNPAID', '2028-05-15'],
    ])
  })

  it('a run that dies midway and is run again ends as one clean run', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => makeBillingClient()))
    for (const c of clients)
      await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2028-06-20' })
    let selects = 0
    const dying: BillingStep<DueItem> = {
      ...renewalInvoicesStep,
      async select(...args) {
        if (++selects === 2) throw new Error('connection terminated unexpectedly')
        return renewalInvoicesStep.select(...args)
      },
    }
    const broken = await runDailyBilling({ db, asOf: d('2028-06-06'), steps: [dying], batchSize: 2 })
    expect(broken.steps[0]).toMatchObject({ status: 'FAILED', seen: 2, changed: 2 })
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: broken.steps[0]!.jobRunId } })).toMatchObject({
      status: 'FAILED',
      message: 'connection terminated unexpectedly',
    })
    const again = await runDailyBilling({ db, asOf: d('2028-06-06'), steps: renewals, batchSize: 2 })
    expect(again.invoicesCreated).toBe(3)
    for (const c of clients)
      expect((await invoicesOf(c.clientId)).map((i) => [day(i.dueDate), i.items.length])).toEqual([
        ['2028-06-20', 1],
      ])
    expect(
      await db.emailLog.count({
        where: { clientId: { in: clients.map((c) => c.clientId) }, template: 'invoice-created' },
      }),
    ).toBe(5)
  })

  it('bills a service for what it is when its batch runs, not when it was selected', async () => {
    const c = await makeBillingClient()
    const cancelled = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-09-20',
    })
    const repriced = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-09-20',
    })
    const racing: BillingStep<DueItem> = {
      ...renewalInvoicesStep,
      async select(...args) {
        const batch = await renewalInvoicesStep.select(...args)
        if (batch.length) {
          await db.service.update({ where: { id: cancelled.id }, data: { status: 'CANCELLED' } })
          await db.service.update({ where: { id: repriced.id }, data: { recurringAmount: 1234n } })
        }
        return batch
      },
    }
    await run('2027-09-06', [racing])
    const [inv] = await invoicesOf(c.clientId)
    expect(inv!.items.map((i) => [i.serviceId, i.amount])).toEqual([[repriced.id, 1234n]])
  })

  it('records a failing client in the JobRun and bills the others', async () => {
    const bad = await makeBillingClient({ currencyCode: 'EUR' })
    const good = await makeBillingClient()
    await makeService({
      clientId: bad.clientId,
      productId: product.id,
      nextDueDate: '2027-10-20',
      currencyCode: 'USD',
    })
    await makeService({ clientId: good.clientId, productId: product.id, nextDueDate: '2027-10-20' })
    const report = await runDailyBilling({ db, asOf: d('2027-10-06'), steps: renewals, batchSize: 10 })
    expect(report.invoicesCreated).toBe(1)
    expect(report.failed).toBe(1)
    expect(await invoicesOf(good.clientId)).toHaveLength(1)
    expect(await invoicesOf(bad.clientId)).toHaveLength(0)
    const jobRun = await db.jobRun.findUniqueOrThrow({ where: { id: report.steps[0]!.jobRunId } })
    expect(jobRun).toMatchObject({
      status: 'SUCCEEDED',
      counts: { seen: 2, changed: 1, failed: 1 },
      message: '1 item(s) failed',
    })
    expect(jobRun.errors).toEqual([
      {
        key: bad.clientId,
        clientId: bad.clientId,
        reason: expect.stringContaining('billed in USD, the client in EUR'),
      },
    ])
  })

  it('counts promotion cycles down, then bills the catalog price', async () => {
    const promo = await makePromotion(admin, { isRecurring: true, recurringCycles: 2 })
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      amount: 900n,
      registered: '2027-10-05',
      nextDueDate: '2027-11-05',
      extra: { promotionId: promo.id, promotionCyclesRemaining: 1 },
    })
    await run('2027-10-22')
    const [first] = await invoicesOf(c.clientId)
    expect(first!.total).toBe(900n)
    expect(await db.service.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      promotionCyclesRemaining: 0,
      recurringAmount: 900n,
    })
    await payInvoice(first!.id)
    await run('2027-11-22')
    const second = (await invoicesOf(c.clientId))[1]!
    expect([day(second.dueDate), second.total]).toEqual(['2027-12-05', 1000n])
    expect(await db.service.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      promotionId: null,
      promotionCyclesRemaining: null,
      recurringAmount: 1000n,
    })
  })

  it('applies account credit when billing.autoApplyCredit is on', async () => {
    await setSettings({ 'billing.autoApplyCredit': true })
    const c = await makeBillingClient()
    const billing = (await makeStaff('Billing')).ctx
    await addCredit(billing, { clientId: c.clientId, amount: '400', reason: 'Goodwill' })
    await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-12-20' })
    await run('2027-12-06')
    const [inv] = await invoicesOf(c.clientId)
    expect(inv).toMatchObject({ status: 'UNPAID', total: 1000n, creditApplied: 400n, balance: 600n })
  })
})
