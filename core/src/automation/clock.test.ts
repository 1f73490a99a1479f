import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, payInvoice, superAdmin } from '@berth/tests/support/catalog-factories'
import { addDays, formatDateOnly } from '../catalog'
import { runDailyBilling } from './run-daily-billing'
import { clearDueWork, d, makeService, setSettings } from './test-support'

/**
 * The fixed, injected clock across the calendar's edges (issue 10): the run is only ever given a
 * date, so these walk it over month ends, February in a common and a leap year, and the leap day
 * itself across years; the cases the other daily-run tests do not cover (the 31st through a common
 * February, one leap-day period: renewal-invoices.test.ts; time zones: jobs' daily-billing-run test).
 */
const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, {
  name: 'Calendar Hosting',
  prices: [
    { cycle: 'MONTHLY', amount: 1000 },
    { cycle: 'ANNUAL', amount: 10000 },
  ],
})
const run = (date: string | Date) => runDailyBilling({ db, asOf: typeof date === 'string' ? d(date) : date })
const day = (date: Date | null) => (date ? formatDateOnly(date) : null)

beforeEach(async () => {
  await clearDueWork()
  await setSettings({
    'billing.renewalInvoiceDaysBefore': 14,
    'billing.paymentReminderDaysBefore': 0,
    'billing.overdueNotice1Days': 1,
    'billing.overdueNotice2Days': 3,
    'billing.overdueNotice3Days': 5,
    'billing.lateFeeType': 'NONE',
    'automation.overdueSuspendDays': 7,
    'automation.terminateDays': 0,
    'billing.terminationWarningDays': 0,
    'automation.cancelUnpaidOrderDays': 0,
    'billing.autoApplyCredit': false,
  })
})

/** Renews a service period by period: the run on each renewal day, then the invoice paid. */
async function renewEachPeriod(serviceId: string, clientId: string, periods: number) {
  const dues: string[] = []
  for (let i = 0; i < periods; i++) {
    const { nextDueDate } = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    dues.push(day(nextDueDate)!)
    // The day before the renewal day bills nothing; the day itself bills the period once.
    await run(addDays(nextDueDate!, -15))
    expect(await db.invoice.count({ where: { clientId, status: 'UNPAID' } })).toBe(0)
    await run(addDays(nextDueDate!, -14))
    await run(addDays(nextDueDate!, -14))
    const unpaid = await db.invoice.findMany({ where: { clientId, status: 'UNPAID' } })
    expect(unpaid.map((i) => day(i.dueDate))).toEqual([day(nextDueDate)])
    await payInvoice(unpaid[0]!.id)
  }
  return dues
}

describe('the run over the calendar’s edges', () => {
  it('a monthly service from the 31st through a leap February: Feb 29, back to Mar 31, then Apr 30 and May 31', async () => {
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      registered: '2027-12-31',
      nextDueDate: '2028-01-31',
    })
    expect(await renewEachPeriod(s.id, c.clientId, 5)).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
    ])
    const periods = await db.invoiceItem.findMany({
      where: { serviceId: s.id },
      orderBy: { periodStart: 'asc' },
      select: { periodStart: true, periodEnd: true },
    })
    expect(periods.map((p) => `${day(p.periodStart)}..${day(p.periodEnd)}`)).toEqual([
      '2028-01-31..2028-02-28',
      '2028-02-29..2028-03-30',
      '2028-03-31..2028-04-29',
      '2028-04-30..2028-05-30',
      '2028-05-31..2028-06-29',
    ])
  })

  it('an annual service from the leap day: Feb 28 in common years, Feb 29 again in 2032', async () => {
    const c = await makeBillingClient()
    const s = await makeService({
      clientId: c.clientId,
      productId: product.id,
      cycle: 'ANNUAL',
      amount: 10000n,
      registered: '2028-02-29',
      nextDueDate: '2029-02-28',
    })
    expect(await renewEachPeriod(s.id, c.clientId, 4)).toEqual([
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ])
    expect(day((await db.service.findUniqueOrThrow({ where: { id: s.id } })).nextDueDate)).toBe('2033-02-28')
  })

  it('notices and the suspension count calendar days through February: a common year and a leap year', async () => {
    const events: Record<string, string[]> = {}
    for (const year of [2027, 2028]) {
      const c = await makeBillingClient()
      const s = await makeService({
        clientId: c.clientId,
        productId: product.id,
        registered: `${year}-01-26`,
        nextDueDate: `${year}-02-26`,
      })
      let seen = 0
      let status = 'ACTIVE'
      for (let date = d(`${year}-02-12`); date <= d(`${year}-03-08`); date = addDays(date, 1)) {
        await run(date)
        const emails = await db.emailLog.findMany({
          where: { clientId: c.clientId },
          orderBy: { queuedAt: 'asc' },
          select: { template: true, props: true },
        })
        const now = (await db.service.findUniqueOrThrow({ where: { id: s.id } })).status
        const happened = emails
          .slice(seen)
          .map((e) =>
            e.template === 'overdue-notice'
              ? `notice-${(e.props as { noticeNumber: number }).noticeNumber}`
              : e.template,
          )
        if (now !== status) happened.push(now)
        if (happened.length) events[formatDateOnly(date)] = happened.sort()
        seen = emails.length
        status = now
      }
    }
    expect(events).toEqual({
      '2027-02-12': ['invoice-created'],
      '2027-02-27': ['notice-1'],
      '2027-03-01': ['notice-2'], // Feb 26 + 3 in a common year
      '2027-03-03': ['notice-3'],
      '2027-03-05': ['SUSPENDED', 'service-suspended'],
      '2028-02-12': ['invoice-created'],
      '2028-02-27': ['notice-1'],
      '2028-02-29': ['notice-2'], // the leap day is a day like any other
      '2028-03-02': ['notice-3'],
      '2028-03-04': ['SUSPENDED', 'service-suspended'],
    })
    // Two years of daily runs, day by day: a busy machine needs more than the default 30 s.
  }, 120_000)
})
