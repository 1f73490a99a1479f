import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, makePromotion, superAdmin } from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { formatDateOnly } from '../catalog'
import { DomainError } from '../shared'
import type { BillingStep, DueItem } from '../pipeline'
import { previewRenewals, type PreviewInvoice } from './preview-renewals'
import { listQueuedBillingRuns, requestBillingRun } from './request-billing-run'
import { runDailyBilling } from './run-daily-billing'
import { renewalInvoicesStep } from './steps/renewal-invoices'
import { clearDueWork, d, makeService, setSettings } from './test-support'

const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, {
  name: 'Hosting Plus',
  prices: [{ cycle: 'MONTHLY', amount: 1000 }],
})
await db.taxRule.create({ data: { name: 'Preview VAT', country: 'GB', rate: 200000 } })

/** Everything a renewal could write, and the rows it would touch. */
async function snapshot() {
  const [invoices, items, audits, emails, jobRuns, sequence, services, addons, jobs] = await Promise.all([
    db.invoice.count(),
    db.invoiceItem.count(),
    db.auditEvent.count(),
    db.emailLog.count(),
    db.jobRun.count(),
    db.numberSequence.findMany({ orderBy: { name: 'asc' } }),
    db.service.findMany({
      orderBy: { id: 'asc' },
      select: {
        id: true,
        nextInvoiceDate: true,
        recurringAmount: true,
        promotionId: true,
        promotionCyclesRemaining: true,
        updatedAt: true,
      },
    }),
    db.serviceAddon.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, nextDueDate: true, updatedAt: true },
    }),
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM pgboss.job`,
  ])
  return { invoices, items, audits, emails, jobRuns, sequence, services, addons, jobs: jobs[0]!.n }
}

const queuedRuns = async () =>
  (
    await db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*)::bigint AS n FROM pgboss.job WHERE "name" = 'billing.daily-run'`
  )[0]!.n

beforeEach(async () => {
  await clearDueWork()
  await setSettings({
    'billing.renewalInvoiceDaysBefore': 14,
    'billing.autoApplyCredit': false,
    'automation.timeZone': 'UTC',
  })
})

describe('preview of the renewal step ("what would be invoiced on date D")', () => {
  it('lists exactly the invoices the run then creates, and writes nothing', async () => {
    const promo = await makePromotion(admin, { isRecurring: true, recurringCycles: 2 })
    const gb = await makeBillingClient({ companyName: 'Preview GB Ltd' })
    const eur = await makeBillingClient({
      companyName: 'Preview EU GmbH',
      country: 'DE',
      currencyCode: 'EUR',
    })
    const mismatched = await makeBillingClient({ companyName: 'Mismatch', currencyCode: 'EUR' })
    const a = await makeService({
      clientId: gb.clientId,
      productId: product.id,
      nextDueDate: '2027-03-10',
      amount: 1500n,
    })
    const addon = await db.addon.create({ data: { name: 'Backups', isTaxable: false } })
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
    // A promotion that has run out: the run prices it again from the catalog (1000), the preview too.
    await makeService({
      clientId: gb.clientId,
      productId: product.id,
      nextDueDate: '2027-03-09',
      amount: 700n,
      extra: { promotionId: promo.id, promotionCyclesRemaining: 0 },
    })
    await makeService({
      clientId: eur.clientId,
      productId: product.id,
      nextDueDate: '2027-03-01',
      amount: 5000n,
      currencyCode: 'EUR',
    })
    // Not due yet on the 24th of February (14 days before: 2027-03-15 > 2027-03-10).
    await makeService({
      clientId: eur.clientId,
      productId: product.id,
      nextDueDate: '2027-03-20',
      amount: 9999n,
      currencyCode: 'EUR',
    })
    await makeService({
      clientId: mismatched.clientId,
      productId: product.id,
      nextDueDate: '2027-03-01',
      amount: 800n,
    })

    const before = await snapshot()
    const preview = await previewRenewals(admin, { asOf: '2027-02-24' })
    expect(await snapshot()).toEqual(before)

    expect(preview.asOf).toBe('2027-02-24')
    expect(preview.truncated).toBe(false)
    expect(preview.failures).toEqual([
      { clientId: mismatched.clientId, reason: expect.stringContaining('billed in USD, the client in EUR') },
    ])
    const ours = new Set([gb.clientId, eur.clientId])
    const previewed = preview.clients
      .filter((c) => ours.has(c.clientId))
      .sort((x, y) => x.clientId.localeCompare(y.clientId))
    expect(previewed.map((c) => c.clientName).sort()).toEqual(['Preview EU GmbH', 'Preview GB Ltd'])
    const gbInvoices = previewed.find((c) => c.clientId === gb.clientId)!.invoices
    expect(gbInvoices.map((i) => [i.dueDate, i.items.map((x) => x.amount)])).toEqual([
      ['2027-03-09', ['1000']],
      ['2027-03-10', ['1500', '400']],
    ])
    // 20% VAT on the taxable 1500, none on the untaxed addon.
    expect(gbInvoices[1]).toMatchObject({ currency: 'USD', subtotal: '1900', tax: '300', total: '2200' })

    // Now the run, as of the same date: what it creates is what the preview said.
    const report = await runDailyBilling({
      db,
      asOf: d('2027-02-24'),
      steps: [renewalInvoicesStep] as BillingStep<DueItem>[],
    })
    expect(report.steps[0]!.failures.map((f) => f.clientId)).toEqual([mismatched.clientId])
    const created = await db.invoice.findMany({
      where: { clientId: { in: [...ours] } },
      orderBy: [{ clientId: 'asc' }, { dueDate: 'asc' }, { id: 'asc' }],
      select: {
        clientId: true,
        dueDate: true,
        currencyCode: true,
        subtotal: true,
        taxTotal: true,
        total: true,
        items: {
          orderBy: { sortOrder: 'asc' },
          select: {
            type: true,
            description: true,
            serviceId: true,
            serviceAddonId: true,
            domainId: true,
            periodStart: true,
            periodEnd: true,
            amount: true,
          },
        },
      },
    })
    const asPreview = (inv: (typeof created)[number]): PreviewInvoice => ({
      dueDate: formatDateOnly(inv.dueDate),
      currency: inv.currencyCode.trim(),
      subtotal: String(inv.subtotal),
      tax: String(inv.taxTotal),
      total: String(inv.total),
      items: inv.items.map((i) => ({
        ...i,
        periodStart: i.periodStart ? formatDateOnly(i.periodStart) : null,
        periodEnd: i.periodEnd ? formatDateOnly(i.periodEnd) : null,
        amount: String(i.amount),
      })),
    })
    expect(created.length).toBe(3)
    expect(previewed.map((c) => ({ clientId: c.clientId, invoices: c.invoices }))).toEqual(
      [...ours].sort().map((clientId) => ({
        clientId,
        invoices: created.filter((i) => i.clientId === clientId).map(asPreview),
      })),
    )
    expect(preview.totals).toEqual([
      { currency: 'EUR', invoices: 1, subtotal: '5000', tax: '0', total: '5000' },
      { currency: 'USD', invoices: 2, subtotal: '2900', tax: '500', total: '3400' },
    ])

    // Once billed, nothing is left to preview for that date.
    const after = await previewRenewals(admin, { asOf: '2027-02-24' })
    expect(after.clients).toEqual([])
    expect(after.totals).toEqual([])
  })

  it('needs automation.run and a real date', async () => {
    const readOnly = await makeStaff('Read-only')
    await expect(previewRenewals(readOnly.ctx, { asOf: '2027-02-24' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    const billing = await makeStaff('Billing')
    await expect(previewRenewals(billing.ctx, { asOf: '2027-02-30' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'asOf',
    })
    expect((await previewRenewals(billing.ctx, { asOf: '2027-02-24' })).asOf).toBe('2027-02-24')
    // automation.run is enough: the dry run bills as the system does in the run, not as the staff member.
    await db.role.create({
      data: { name: 'Run only', description: 'automation.run alone', permissions: ['automation.run'] },
    })
    const runOnly = await makeStaff('Run only')
    const c = await makeBillingClient()
    await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-03-01',
      amount: 1000n,
    })
    const preview = await previewRenewals(runOnly.ctx, { asOf: '2027-02-24' })
    expect(
      preview.clients.map((x) => [x.clientId, x.invoices.map((i) => i.items.map((it) => it.amount))]),
    ).toEqual([[c.clientId, [['1000']]]])
  })
})

describe('Run now (requestBillingRun)', () => {
  const now = new Date('2027-01-15T12:00:00Z')

  it('queues one daily-run job for the date, audited in the same transaction; today by default', async () => {
    const billing = await makeStaff('Billing')
    const queued = await queuedRuns()
    const result = await requestBillingRun(billing.ctx, { asOf: '2027-02-15' }, now)
    expect(result.asOf).toBe('2027-02-15')
    expect(await queuedRuns()).toBe(queued + 1n)
    const [job] = await db.$queryRaw<
      { data: Record<string, unknown>; state: string }[]
    >`SELECT "data", "state"::text AS "state" FROM pgboss.job WHERE "id" = ${result.jobId}::uuid`
    expect(job).toEqual({
      data: { asOf: '2027-02-15', requestedBy: `staff:${billing.staffId}` },
      state: 'created',
    })
    const audit = await db.auditEvent.findMany({
      where: { action: 'billing-run.request', targetId: result.jobId },
    })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actorType: 'STAFF',
      actorId: billing.staffId,
      after: { asOf: '2027-02-15', jobId: result.jobId },
    })
    expect((await listQueuedBillingRuns(db)).map((j) => j.jobId)).toContain(result.jobId)

    // No date: today in automation.timeZone (already the 16th in Auckland at noon UTC).
    expect((await requestBillingRun(billing.ctx, {}, now)).asOf).toBe('2027-01-15')
    await setSettings({ 'automation.timeZone': 'Pacific/Auckland' })
    expect((await requestBillingRun(billing.ctx, {}, now)).asOf).toBe('2027-01-16')
    expect(await queuedRuns()).toBe(queued + 3n)
  })

  it('refuses a date more than 31 days ahead or not a date, and staff without automation.run; nothing queued or audited', async () => {
    const billing = await makeStaff('Billing')
    const queued = await queuedRuns()
    const audits = await db.auditEvent.count()
    const refusal = await requestBillingRun(billing.ctx, { asOf: '2027-02-16' }, now).catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(DomainError)
    expect(refusal).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'asOf',
      message: expect.stringContaining('2027-02-15'),
    })
    await expect(requestBillingRun(billing.ctx, { asOf: 'tomorrow' }, now)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'asOf',
    })
    for (const role of ['Read-only', 'Support']) {
      const staff = await makeStaff(role)
      await expect(requestBillingRun(staff.ctx, { asOf: '2027-01-15' }, now)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
    }
    expect(await queuedRuns()).toBe(queued)
    expect(await db.auditEvent.count()).toBe(audits)
  })
})
