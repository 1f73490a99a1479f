import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { DAILY_BILLING_STEPS, parseDateOnly, todayInTimeZone } from '@berth/core'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { startWorker } from '../worker'
import { handleDailyBillingRunFanOut } from './billing-run-fan-out'
import { handleDailyBillingRun } from './daily-billing-run'

const db = getDb()
const setSetting = (key: string, value: unknown) =>
  db.setting.upsert({
    where: { key },
    create: { key, value: value as object },
    update: { value: value as object },
  })

describe('the daily billing run job', () => {
  it('runs as of the payload date: renewal invoices and a JobRun per step', async () => {
    const admin = await superAdmin()
    const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1500 }] })
    const c = await makeBillingClient()
    await db.service.create({
      data: {
        clientId: c.clientId,
        productId: product.id,
        status: 'ACTIVE',
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        firstPaymentAmount: 1500n,
        recurringAmount: 1500n,
        registrationDate: parseDateOnly('2026-12-31'),
        nextDueDate: parseDateOnly('2027-01-31'),
      },
    })
    const report = await handleDailyBillingRun({ asOf: '2027-01-17' })
    expect(report.invoicesCreated).toBe(1)
    expect(await db.invoice.count({ where: { clientId: c.clientId, status: 'UNPAID', total: 1500n } })).toBe(
      1,
    )
    const runs = await db.jobRun.findMany({
      where: { runKey: '2027-01-17' },
      select: { job: true, status: true },
    })
    expect(runs.map((r) => r.job).sort()).toEqual(
      DAILY_BILLING_STEPS.map((step) => `billing-run.${step.name}`).sort(),
    )
    expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true)
    expect((await handleDailyBillingRun({ asOf: '2027-01-17' })).invoicesCreated).toBe(0)
  })

  it('without a date, runs for today in automation.timeZone', async () => {
    expect(todayInTimeZone('Asia/Tokyo', new Date('2027-01-15T23:30:00Z')).toISOString().slice(0, 10)).toBe(
      '2027-01-16',
    )
    expect(
      todayInTimeZone('America/New_York', new Date('2027-01-16T03:30:00Z')).toISOString().slice(0, 10),
    ).toBe('2027-01-15')
    await setSetting('automation.timeZone', 'Pacific/Auckland')
    const report = await handleDailyBillingRun({}, new Date('2027-03-30T12:00:00Z'))
    expect(report.asOf).toBe('2027-03-31')
    expect(
      await db.jobRun.count({ where: { job: 'billing-run.renewal-invoices', runKey: '2027-03-31' } }),
    ).toBe(1)
    await expect(handleDailyBillingRun({ asOf: '31/03/2027' })).rejects.toThrow()
  })

  it('a run staff queued from the console is recorded as theirs, the scheduled one as cron', async () => {
    const staffId = '0190f3a0-0000-7000-8000-000000000001'
    await handleDailyBillingRun({ asOf: '2027-05-02', requestedBy: `staff:${staffId}` })
    await handleDailyBillingRun({ asOf: '2027-05-03' })
    const by = await db.jobRun.findMany({
      where: { job: 'billing-run.renewal-invoices', runKey: { in: ['2027-05-02', '2027-05-03'] } },
      select: { runKey: true, triggeredBy: true },
      orderBy: { runKey: 'asc' },
    })
    expect(by).toEqual([
      { runKey: '2027-05-02', triggeredBy: `staff:${staffId}` },
      { runKey: '2027-05-03', triggeredBy: 'cron' },
    ])
    await expect(handleDailyBillingRun({ asOf: '2027-05-04', requestedBy: 'anyone' })).rejects.toThrow()
  })

  it('the worker schedules it at automation.runHour in automation.timeZone and drops the old cancellations cron', async () => {
    await setSetting('automation.runHour', 4)
    await setSetting('automation.timeZone', 'Europe/Paris')
    await db.$executeRaw`INSERT INTO pgboss.schedule (name, cron, timezone) VALUES ('services.process-cancellations', '23 2 * * *', 'UTC') ON CONFLICT DO NOTHING`
    const worker = await startWorker(process.env.DATABASE_URL!, () => {})
    try {
      const rows = await db.$queryRaw<
        { name: string; cron: string; timezone: string }[]
      >`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`
      expect(rows.find((r) => r.name === 'billing.daily-run')).toMatchObject({
        cron: '0 4 * * *',
        timezone: 'Europe/Paris',
      })
      expect(rows.some((r) => r.name === 'services.process-cancellations')).toBe(false)
    } finally {
      await worker.stop()
    }
  })

  it('a run hour in a zone ahead of UTC and one behind it: the run takes the zone’s calendar date, not UTC’s', async () => {
    const admin = await superAdmin()
    const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
    await setSetting('billing.renewalInvoiceDaysBefore', 14)
    const dueOn = async (date: string) => {
      const c = await makeBillingClient()
      await db.service.create({
        data: {
          clientId: c.clientId,
          productId: product.id,
          status: 'ACTIVE',
          billingCycle: 'MONTHLY',
          currencyCode: 'USD',
          firstPaymentAmount: 1000n,
          recurringAmount: 1000n,
          registrationDate: parseDateOnly(date),
          nextDueDate: parseDateOnly(date),
        },
      })
      return async () =>
        (await db.invoice.findMany({ where: { clientId: c.clientId }, select: { issueDate: true } })).map(
          (i) => i.issueDate!.toISOString().slice(0, 10),
        )
    }

    // Ahead: Pacific/Auckland (UTC+13 in January), run hour 0 fires at 11:00 UTC the day before.
    await setSetting('automation.timeZone', 'Pacific/Auckland')
    const ahead = await dueOn('2027-02-01') // its renewal day: Jan 18
    expect((await handleDailyBillingRun({}, new Date('2027-01-17T10:59:00Z'))).asOf).toBe('2027-01-17')
    expect(await ahead()).toEqual([])
    expect((await handleDailyBillingRun({}, new Date('2027-01-17T11:00:00Z'))).asOf).toBe('2027-01-18')
    expect(await ahead()).toEqual(['2027-01-18'])
    // The worker's real entry point (the run fanned out) takes the same date.
    expect((await handleDailyBillingRunFanOut({}, new Date('2027-01-17T11:00:00Z'))).asOf).toBe('2027-01-18')

    // Behind: America/Los_Angeles (UTC-7 in July), run hour 23 fires at 06:00 UTC the next day.
    await setSetting('automation.timeZone', 'America/Los_Angeles')
    const behind = await dueOn('2027-07-29') // its renewal day: Jul 15
    expect((await handleDailyBillingRun({}, new Date('2027-07-15T06:00:00Z'))).asOf).toBe('2027-07-14')
    expect(await behind()).toEqual([])
    expect((await handleDailyBillingRun({}, new Date('2027-07-16T06:00:00Z'))).asOf).toBe('2027-07-15')
    expect(await behind()).toEqual(['2027-07-15'])
    expect((await handleDailyBillingRunFanOut({}, new Date('2027-07-16T06:00:00Z'))).asOf).toBe('2027-07-15')
    // Nor does a run hour on the day the clocks change move the date: 01:30 on the spring-forward
    // night in London (01:00-02:00 does not exist; it is 02:30 BST) is still Mar 28.
    await setSetting('automation.timeZone', 'Europe/London')
    expect((await handleDailyBillingRunFanOut({}, new Date('2027-03-28T01:30:00Z'))).asOf).toBe('2027-03-28')
    expect((await handleDailyBillingRunFanOut({}, new Date('2027-03-27T23:59:00Z'))).asOf).toBe('2027-03-27')
    await setSetting('automation.timeZone', 'UTC')
  })
})
