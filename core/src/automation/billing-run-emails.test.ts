import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { addDays, formatDateOnly } from '../catalog'
import { systemCtx } from '../shared'
import { getSettings, updateSettings } from '../settings'
import { runDailyBilling } from './run-daily-billing'
import { clearDueWork, d, makeService, setSettings } from './test-support'

/**
 * The daily run's own emails (docs/decisions/0053-billing-run-emails.md): the termination warning
 * before a suspended service is terminated, the service-terminated notice when it is, and the
 * summary for billing staff; each once, however often and however many at once the run happens.
 */
const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, { name: 'Warned VPS', prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
const run = (date: string | Date) => runDailyBilling({ db, asOf: typeof date === 'string' ? d(date) : date })
const SETTINGS = {
  'billing.renewalInvoiceDaysBefore': 14,
  'billing.paymentReminderDaysBefore': 0,
  'billing.overdueNotice1Days': 0,
  'billing.overdueNotice2Days': 0,
  'billing.overdueNotice3Days': 0,
  'billing.lateFeeType': 'NONE',
  'automation.overdueSuspendDays': 7,
  'automation.terminateDays': 10,
  'billing.terminationWarningDays': 3,
  'automation.cancelUnpaidOrderDays': 0,
  'automation.summaryRecipients': [],
  'billing.autoApplyCredit': false,
}

beforeEach(async () => {
  await clearDueWork()
  await setSettings(SETTINGS)
})

describe('the termination warning and notice', () => {
  it(
    'warn 3 days before the termination day and notify on it, each once, with every day run twice (once two at a time)',
    { timeout: 120_000 },
    async () => {
      const c = await makeBillingClient()
      const s = await makeService({
        clientId: c.clientId,
        productId: product.id,
        registered: '2028-01-31',
        nextDueDate: '2028-02-29', // leap day: suspended Mar 7, terminated Mar 17
        extra: { domain: 'warned.example' },
      })
      const byDay: Record<string, string[]> = {}
      let seen = 0
      // The invoice's day, then every day from the suspension to past the termination.
      const days = [d('2028-02-15')]
      for (let day = d('2028-03-06'); day <= d('2028-03-18'); day = addDays(day, 1)) days.push(day)
      for (const day of days) {
        if (formatDateOnly(day) === '2028-03-14') await Promise.all([run(day), run(day)])
        else {
          await run(day)
          await run(day)
        }
        const emails = await db.emailLog.findMany({
          where: { clientId: c.clientId },
          orderBy: { queuedAt: 'asc' },
          select: { template: true },
        })
        if (emails.length > seen) byDay[formatDateOnly(day)] = emails.slice(seen).map((e) => e.template)
        seen = emails.length
      }
      expect(byDay).toEqual({
        '2028-02-15': ['invoice-created'],
        '2028-03-07': ['service-suspended'],
        '2028-03-14': ['termination-warning'],
        '2028-03-17': ['service-terminated'],
      })
      const warning = await db.emailLog.findFirstOrThrow({
        where: { clientId: c.clientId, template: 'termination-warning' },
      })
      expect(warning.subject).toBe(
        'Warned VPS (warned.example) will be terminated on Mar 17, 2028: invoice ' +
          `${(warning.props as { invoiceNumber: string }).invoiceNumber} is unpaid`,
      )
      expect(warning.props).toMatchObject({ dueDate: 'Feb 29, 2028', balance: '$10.00' })
      expect(await db.serviceNotice.count({ where: { serviceId: s.id } })).toBe(1)
      expect(
        await db.auditEvent.count({ where: { action: 'service.termination-warning', targetId: s.id } }),
      ).toBe(1)
    },
  )

  it('a run that starts late inside the window still warns; none once the invoice is paid; 0 is off', async () => {
    const late = await makeBillingClient()
    const paid = await makeBillingClient()
    const off = await makeBillingClient()
    for (const c of [late, paid, off])
      await makeService({ clientId: c.clientId, productId: product.id, nextDueDate: '2029-05-31' })
    await run('2029-05-20') // invoices
    await run('2029-06-07') // suspends (7 days after May 31)
    const paidInvoice = await db.invoice.findFirstOrThrow({ where: { clientId: paid.clientId } })
    await db.invoice.update({ where: { id: paidInvoice.id }, data: { status: 'PAID', balance: 0n } })

    await run('2029-06-16') // two days late for the warning (due Jun 14), the termination on Jun 17
    const mine = { clientId: { in: [late.clientId, paid.clientId, off.clientId] } }
    const warned = await db.emailLog.findMany({
      where: { template: 'termination-warning', ...mine },
      select: { clientId: true },
    })
    expect(warned.map((w) => w.clientId).sort()).toEqual([late.clientId, off.clientId].sort())

    // Off: no warning at all, whatever the day.
    await db.emailLog.deleteMany({ where: { template: 'termination-warning', ...mine } })
    await db.serviceNotice.deleteMany({})
    await setSettings({ 'billing.terminationWarningDays': 0 })
    await run('2029-06-16')
    expect(await db.emailLog.count({ where: { template: 'termination-warning', ...mine } })).toBe(0)
  })

  it('the warning days must fall after the suspension: fewer than the termination days, and termination on', async () => {
    const ctx = systemCtx(db, 'test')
    const fails = (patch: Record<string, unknown>) =>
      updateSettings(ctx, patch).then(
        () => null,
        (e: { code: string; field?: string; message: string }) => e,
      )
    const before = await getSettings(db)
    expect(await fails({ 'billing.terminationWarningDays': 10 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'billing.terminationWarningDays',
      message: expect.stringContaining('fewer than 10 days'),
    })
    expect(await fails({ 'billing.terminationWarningDays': 2, 'automation.terminateDays': 0 })).toMatchObject(
      { field: 'billing.terminationWarningDays', message: expect.stringMatching(/no termination/) },
    )
    expect(await fails({ 'billing.terminationWarningDays': -1 })).toMatchObject({
      field: 'billing.terminationWarningDays',
    })
    expect(await getSettings(db)).toEqual(before)
    expect(await fails({ 'billing.terminationWarningDays': 9 })).toBeNull()
  })
})

describe('the summary for billing staff', () => {
  it('once per run date to the listed active staff with billing.view: counts, amounts per currency, failures with reasons', async () => {
    const billing = await makeStaff('Billing')
    const support = await makeStaff('Support') // listed, but cannot see billing: gets nothing
    const gone = await makeStaff('Billing')
    await db.staff.update({ where: { id: gone.staffId }, data: { status: 'DISABLED' } })
    await setSettings({
      'automation.summaryRecipients': [billing.email, support.email, gone.email, 'outsider@example.test'],
    })
    const usd = await makeBillingClient()
    const eur = await makeBillingClient({ currencyCode: 'EUR' })
    const bad = await makeBillingClient({ currencyCode: 'EUR' })
    await makeService({
      clientId: usd.clientId,
      productId: product.id,
      nextDueDate: '2030-03-31',
      amount: 1000n,
    })
    await makeService({
      clientId: usd.clientId,
      productId: product.id,
      nextDueDate: '2030-04-02',
      amount: 2500n,
    })
    await makeService({
      clientId: eur.clientId,
      productId: product.id,
      nextDueDate: '2030-03-31',
      amount: 900n,
      currencyCode: 'EUR',
    })
    await makeService({ clientId: bad.clientId, productId: product.id, nextDueDate: '2030-03-31' }) // USD service, EUR client

    await Promise.all([run('2030-03-19'), run('2030-03-19')])
    await run('2030-03-19')
    const summaries = await db.emailLog.findMany({ where: { template: 'billing-run-summary' } })
    expect(summaries.map((e) => e.toAddress)).toEqual([billing.email])
    expect(summaries[0]!.staffId).toBe(billing.staffId)
    expect(summaries[0]!.props).toMatchObject({
      runDate: 'Mar 19, 2030',
      invoicesCreated: 3, // the USD client's two due dates are two invoices
      invoicedByCurrency: [
        { currency: 'EUR', invoices: 1, amount: '€9.00' },
        { currency: 'USD', invoices: 2, amount: '$35.00' },
      ],
      suspended: 0,
      failureCount: 1,
      failures: [{ step: 'renewal-invoices', reason: expect.stringContaining('the client in EUR') }],
    })
    expect(summaries[0]!.subject).toBe('Billing run Mar 19, 2030: 3 invoice(s), 1 failed')
    expect(await db.billingRunSummary.findMany()).toEqual([
      expect.objectContaining({ runDate: d('2030-03-19'), recipients: 1 }),
    ])

    // The next day has its own summary; nobody listed: none.
    await run('2030-03-20')
    expect(await db.emailLog.count({ where: { template: 'billing-run-summary' } })).toBe(2)
    await setSettings({ 'automation.summaryRecipients': [] })
    await run('2030-03-21')
    expect(await db.emailLog.count({ where: { template: 'billing-run-summary' } })).toBe(2)
    expect(await db.billingRunSummary.count()).toBe(2)
  })
})
