import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, orderAsClient, payInvoice, superAdmin } from '@berth/tests/support/catalog-factories'
import { makeClient } from '@berth/tests/support/factories'
import { addDays, formatDateOnly, toDateOnly } from '../catalog'
import { systemCtx } from '../shared'
import { updateSettings, getSettings } from '../settings'
import type { BillingStep, DueItem } from '../pipeline'
import { runDailyBilling } from './run-daily-billing'
import { lateFeeFor } from './steps/late-fees'
import { overdueNoticesStep } from './steps/overdue-notices'
import { paymentRemindersStep } from './steps/payment-reminders'
import { clearDueWork, d, makeService, setSettings } from './test-support'

const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, {
  name: 'Hosting Plus',
  prices: [{ cycle: 'MONTHLY', amount: 1000 }],
})
const run = (date: string | Date, steps?: BillingStep<DueItem>[]) =>
  runDailyBilling({ db, asOf: typeof date === 'string' ? d(date) : date, ...(steps ? { steps } : {}) })
const DUNNING = {
  'billing.renewalInvoiceDaysBefore': 14,
  'billing.paymentReminderDaysBefore': 7,
  'billing.overdueNotice1Days': 1,
  'billing.overdueNotice2Days': 3,
  'billing.overdueNotice3Days': 5,
  'billing.lateFeeType': 'FIXED',
  'billing.lateFeeFixed': { USD: '500' },
  'billing.lateFeeDays': 5,
  'automation.overdueSuspendDays': 7,
  'automation.terminateDays': 10,
  'automation.cancelUnpaidOrderDays': 0,
  'billing.autoApplyCredit': false,
}

beforeEach(async () => {
  await clearDueWork()
  await setSettings(DUNNING)
})

/** What happened to a client, as the day's events: emails by template, and the service's status. */
async function snapshot(clientId: string, serviceId: string) {
  const emails = await db.emailLog.findMany({ where: { clientId }, select: { template: true, props: true } })
  const service = await db.service.findUniqueOrThrow({ where: { id: serviceId }, select: { status: true } })
  const lateFees = await db.invoiceLateFee.count({ where: { invoice: { clientId } } })
  const reminders = await db.invoiceReminder.findMany({
    where: { invoice: { clientId } },
    select: { kind: true },
  })
  return {
    emails: emails.map((e) =>
      e.template === 'overdue-notice'
        ? `overdue-notice-${(e.props as { noticeNumber: number }).noticeNumber}`
        : e.template,
    ),
    status: service.status,
    lateFees,
    reminders: reminders.map((r) => r.kind),
  }
}

describe('the daily run, day by day', () => {
  it(
    'invoices, reminds, sends notices 1-3, adds the late fee, suspends and terminates each on its day and on no other',
    { timeout: 120_000 },
    async () => {
      const c = await makeBillingClient()
      const s = await makeService({
        clientId: c.clientId,
        productId: product.id,
        registered: '2027-01-31',
        nextDueDate: '2027-03-31',
      })
      const events: Record<string, string[]> = {}
      let before = await snapshot(c.clientId, s.id)
      for (let day = d('2027-03-14'); day <= d('2027-04-19'); day = addDays(day, 1)) {
        const report = await run(day)
        expect(report.failed).toBe(0)
        const after = await snapshot(c.clientId, s.id)
        const happened = [
          ...after.emails.slice(before.emails.length),
          ...(after.status !== before.status ? [`status:${after.status}`] : []),
          ...(after.lateFees !== before.lateFees ? ['late-fee'] : []),
        ]
        if (happened.length) events[formatDateOnly(day)] = happened.sort()
        before = after
      }
      expect(events).toEqual({
        '2027-03-17': ['invoice-created'],
        '2027-03-24': ['payment-reminder'],
        '2027-04-01': ['overdue-notice-1'],
        '2027-04-03': ['overdue-notice-2'],
        '2027-04-05': ['late-fee', 'late-fee-added', 'overdue-notice-3'],
        '2027-04-07': ['service-suspended', 'status:SUSPENDED'],
        '2027-04-17': ['service-terminated', 'status:TERMINATED'],
      })
      const [invoice] = await db.invoice.findMany({
        where: { clientId: c.clientId },
        include: { items: true },
      })
      expect(invoice).toMatchObject({ total: 1500n, balance: 1500n, status: 'UNPAID' })
      expect(invoice!.items.map((i) => `${i.type}:${i.amount}`).sort()).toEqual([
        'LATE_FEE:500',
        'SERVICE:1000',
      ])
    },
  )

  it('a run that missed days sends only the latest notice reached, and a paid invoice stops everything', async () => {
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-05-10',
      nextDueDate: '2027-06-10',
    })
    await run('2027-05-27')
    await run('2027-06-16') // six days late: notice 3 and the late fee, not notices 1 and 2
    expect((await snapshot(c.clientId, s.id)).reminders.sort()).toEqual(['OVERDUE_3'])
    const invoice = await db.invoice.findFirstOrThrow({ where: { clientId: c.clientId } })
    await payInvoice(invoice.id)
    await run('2027-06-20')
    await run('2027-07-20')
    const after = await db.service.findUniqueOrThrow({ where: { id: s.id } })
    expect(after.status).toBe('ACTIVE')
    expect(formatDateOnly(after.nextDueDate!)).toBe('2027-07-10')
    // No run between Jun 20 and Jul 20: the next period is billed late, on Jul 20, for Jul 10 onwards;
    // billing never dates an invoice due before its issue date, so it is due on Jul 20.
    const invoices = await db.invoice.findMany({
      where: { clientId: c.clientId },
      orderBy: { dueDate: 'asc' },
      select: { dueDate: true, status: true, items: { select: { periodStart: true } } },
    })
    expect(
      invoices.map((i) => [
        formatDateOnly(i.dueDate),
        i.status,
        i.items.map((x) => x.periodStart && formatDateOnly(x.periodStart)),
      ]),
    ).toEqual([
      ['2027-06-10', 'PAID', ['2027-06-10', null]],
      ['2027-07-20', 'UNPAID', ['2027-07-10']],
    ])
  })

  it('reminders triggered again and again, some at once: one email per invoice and step', async () => {
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-08-20',
      nextDueDate: '2027-09-20',
    })
    await run('2027-09-06')
    const dunning = [paymentRemindersStep, overdueNoticesStep] as BillingStep<DueItem>[]
    for (let i = 0; i < 4; i++)
      await Promise.all([run('2027-09-13', dunning), run('2027-09-13', dunning), run('2027-09-14', dunning)])
    for (let i = 0; i < 3; i++) await Promise.all([run('2027-09-21', dunning), run('2027-09-21', dunning)])
    const snap = await snapshot(c.clientId, s.id)
    expect(snap.emails.sort()).toEqual(['invoice-created', 'overdue-notice-1', 'payment-reminder'])
    expect(snap.reminders.sort()).toEqual(['OVERDUE_1', 'PAYMENT_REMINDER'])
  })

  it('respects "do not suspend", "do not suspend until" and a product\'s own suspension days', async () => {
    const patient = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
    await db.product.update({ where: { id: patient.id }, data: { overdueSuspendDays: 12 } })
    const c = await makeBillingClient()
    const normal = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-10-01',
    })
    const never = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-10-01',
      extra: { overrideAutoSuspend: true },
    })
    const until = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-10-01',
      extra: { suspendUntil: d('2027-10-11') },
    })
    const slow = await makeService({ clientId: c.clientId, productId: patient.id, nextDueDate: '2027-10-01' })
    await setSettings({ 'automation.terminateDays': 0 })
    await run('2027-09-17')
    const statusOn = async (date: string) => {
      await run(date)
      const rows = await db.service.findMany({
        where: { id: { in: [normal.id, never.id, until.id, slow.id] } },
        select: { id: true, status: true },
      })
      const by = Object.fromEntries(rows.map((r) => [r.id, r.status[0]]))
      return [by[normal.id], by[never.id], by[until.id], by[slow.id]].join('')
    }
    expect(await statusOn('2027-10-07')).toBe('AAAA')
    expect(await statusOn('2027-10-08')).toBe('SAAA')
    expect(await statusOn('2027-10-10')).toBe('SAAA')
    expect(await statusOn('2027-10-11')).toBe('SASA')
    expect(await statusOn('2027-10-12')).toBe('SASA')
    expect(await statusOn('2027-10-13')).toBe('SASS')
    expect(await statusOn('2027-12-31')).toBe('SASS') // termination is off
    const suspended = await db.service.findUniqueOrThrow({ where: { id: normal.id } })
    expect(suspended).toMatchObject({
      suspendedForNonPayment: true,
      suspensionReason: expect.stringMatching(/^Overdue invoice INV-/),
    })
  })

  it('cancels services whose end-of-period cancellation is due, first, and never renews them', async () => {
    const c = await makeBillingClient()
    const s = await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2027-11-10' })
    await db.cancellationRequest.create({
      data: { serviceId: s.id, clientId: c.clientId, type: 'END_OF_PERIOD', reason: 'Not needed any more' },
    })
    await run('2027-10-27')
    await run('2027-11-09')
    expect((await db.service.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('ACTIVE')
    const report = await run('2027-11-10')
    expect(report.steps[0]).toMatchObject({ step: 'due-cancellations', changed: 1, counts: { cancelled: 1 } })
    expect((await db.service.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('CANCELLED')
    expect(await db.invoice.count({ where: { clientId: c.clientId } })).toBe(0)
    expect(await db.cancellationRequest.count({ where: { serviceId: s.id, status: 'OPEN' } })).toBe(0)
  })

  it('cancels orders left unpaid for N days: stock back, invoice cancelled', async () => {
    await setSettings({ 'automation.cancelUnpaidOrderDays': 3 })
    const stocked = await makeProduct(admin, {
      prices: [{ cycle: 'MONTHLY', amount: 1000 }],
      stockControl: true,
      stockQuantity: 5,
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: stocked.id }])
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(4)
    const placed = toDateOnly((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).createdAt)
    await run(addDays(placed, 2))
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('PENDING')
    const report = await run(addDays(placed, 3))
    expect(report.steps.find((r) => r.step === 'unpaid-order-cancellation')).toMatchObject({
      changed: 1,
      counts: { ordersCancelled: 1 },
    })
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('CANCELLED')
    expect((await db.invoice.findUniqueOrThrow({ where: { id: order.invoiceId } })).status).toBe('CANCELLED')
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(5)
    expect(
      (await run(addDays(placed, 3))).steps.find((r) => r.step === 'unpaid-order-cancellation'),
    ).toMatchObject({ seen: 0, changed: 0 })
  })

  it('late fee: fixed per currency, or a percentage with a minimum', async () => {
    const s = await getSettings(db)
    const percent = {
      ...s,
      'billing.lateFeeType': 'PERCENT' as const,
      'billing.lateFeePercent': 100_000,
      'billing.lateFeeMinimum': { USD: '500' },
    }
    expect(lateFeeFor(percent, 1000n, 'USD')).toBe(500n)
    expect(lateFeeFor(percent, 12_345n, 'USD')).toBe(1235n)
    expect(lateFeeFor(percent, 1000n, 'JPY')).toBe(100n)
    expect(
      lateFeeFor(
        { ...s, 'billing.lateFeeType': 'FIXED', 'billing.lateFeeFixed': { EUR: '250' } },
        99_999n,
        'EUR',
      ),
    ).toBe(250n)
    expect(lateFeeFor({ ...s, 'billing.lateFeeType': 'NONE' }, 99_999n, 'EUR')).toBe(0n)
  })
})

describe('daily-run settings', () => {
  const ctx = systemCtx(db, 'test')
  it('refuses a negative day count, notices out of order or after the suspension, naming the setting, and changes nothing', async () => {
    const fails = async (patch: Record<string, unknown>) =>
      updateSettings(ctx, patch).then(
        () => null,
        (e: { code: string; field?: string; message: string }) => e,
      )
    const before = await getSettings(db)
    expect(await fails({ 'billing.overdueNotice1Days': -1 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'billing.overdueNotice1Days',
      message: expect.stringContaining('cannot be negative'),
    })
    expect(await fails({ 'billing.overdueNotice2Days': 1 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'billing.overdueNotice2Days',
      message: expect.stringContaining('in order'),
    })
    expect(await fails({ 'billing.overdueNotice3Days': 9 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'billing.overdueNotice3Days',
      message: expect.stringContaining('suspended'),
    })
    expect(await fails({ 'automation.timeZone': 'Mars/Olympus' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'automation.timeZone',
    })
    expect(await fails({ 'automation.runHour': 24 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'automation.runHour',
    })
    expect(await getSettings(db)).toEqual(before)
    const after = await updateSettings(ctx, {
      'automation.overdueSuspendDays': 10,
      'billing.overdueNotice3Days': 9,
      'automation.timeZone': 'Europe/Paris',
      'automation.runHour': 6,
    })
    expect(after).toMatchObject({
      'billing.overdueNotice3Days': 9,
      'automation.timeZone': 'Europe/Paris',
      'automation.runHour': 6,
    })
  })
})
