import { beforeEach, describe, expect, it } from 'vitest'
import { getDb, type DomainStatus } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, payInvoice, superAdmin } from '@berth/tests/support/catalog-factories'
import { formatDateOnly } from '../catalog'
import { seedDemoTlds, requestDomainRenewal } from '../domains'
import type { BillingStep, DueItem } from '../pipeline'
import { previewRenewals } from './preview-renewals'
import { runDailyBilling } from './run-daily-billing'
import { domainRemindersStep } from './steps/domain-reminders'
import { domainStatusStep } from './steps/domain-status'
import { domainSyncStep } from './steps/domain-sync'
import { renewalInvoicesStep } from './steps/renewal-invoices'
import { clearDueWork, d, makeService, setSettings } from './test-support'

const db = getDb()
const admin = await superAdmin()
// A long timeout: seeding 8 TLDs x 3 currencies takes seconds on a loaded machine.
await db.$transaction((tx) => seedDemoTlds(tx), { timeout: 60_000 })
const product = await makeProduct(admin, {
  name: 'Domain Hosting',
  prices: [{ cycle: 'ANNUAL', amount: 10000 }],
})
const run = (date: string, ...steps: BillingStep<DueItem>[]) => runDailyBilling({ db, asOf: d(date), steps })
const day = (date: Date | null) => (date ? formatDateOnly(date) : null)
const uid = () => Math.random().toString(36).slice(2, 10)

async function makeDomain(
  clientId: string,
  spec: {
    expiry: string
    status?: DomainStatus
    years?: number
    amount?: bigint
    isAutoRenew?: boolean
    registrar?: string
    tld?: string
  },
) {
  const tld = spec.tld ?? 'com'
  return db.domain.create({
    data: {
      clientId,
      name: `steps-${uid()}.${tld}`,
      tld,
      registrar: spec.registrar ?? 'sandbox',
      status: spec.status ?? 'ACTIVE',
      registrationDate: d('2025-01-01'),
      expiryDate: d(spec.expiry),
      nextDueDate: d(spec.expiry),
      years: spec.years ?? 1,
      currencyCode: 'USD',
      recurringAmount: spec.amount ?? 1299n,
      isAutoRenew: spec.isAutoRenew ?? true,
      nameservers: ['ns1.berth.test', 'ns2.berth.test'],
    },
  })
}

beforeEach(async () => {
  await clearDueWork()
  await db.domain.updateMany({ data: { status: 'CANCELLED' } })
  await setSettings({
    'billing.renewalInvoiceDaysBefore': 14,
    'billing.autoApplyCredit': false,
    'domains.renewalInvoiceDays': 14,
    'domains.reminderDays': { before: [30, 14, 7, 3, 1], after: [1, 5] },
    'domains.syncIntervalDays': 1,
  })
})

describe('domain renewal invoices in the daily run', () => {
  it('bills auto-renewing domains with the services due the same day, one invoice per client and due date, once', async () => {
    const c = await makeBillingClient()
    const service = await makeService({
      clientId: c.clientId,
      productId: product.id,
      cycle: 'ANNUAL',
      registered: '2026-06-01',
      nextDueDate: '2027-06-01',
      amount: 10000n,
      extra: { domain: 'grouped.example' },
    })
    const sameDay = await makeDomain(c.clientId, { expiry: '2027-06-01', amount: 1299n })
    const twoYears = await makeDomain(c.clientId, { expiry: '2027-06-03', years: 2, amount: 2598n })
    const leap = await makeDomain(c.clientId, { expiry: '2028-02-29' })
    const manualOnly = await makeDomain(c.clientId, { expiry: '2027-06-01', isAutoRenew: false })
    const lapsed = await makeDomain(c.clientId, { expiry: '2027-05-01', status: 'GRACE' })
    const later = await makeDomain(c.clientId, { expiry: '2027-06-20' })
    // Ten years from June 3rd would end past the registry's cap (today + 10 years): not billed.
    const tooLong = await makeDomain(c.clientId, { expiry: '2027-06-03', years: 10, amount: 12990n })

    // The preview of that day shows the same lines, the domains beside the service, and writes nothing.
    const preview = await previewRenewals(admin, { asOf: '2027-05-20' })
    const previewed = preview.clients.find((p) => p.clientId === c.clientId)!
    expect(previewed.invoices.map((i) => i.items.map((l) => [l.type, l.serviceId ?? l.domainId]))).toEqual([
      [
        ['SERVICE', service.id],
        ['DOMAIN', sameDay.id],
      ],
      [['DOMAIN', twoYears.id]],
    ])
    expect(await db.invoice.count({ where: { clientId: c.clientId } })).toBe(0)

    const first = await run('2027-05-20', renewalInvoicesStep)
    expect(first.steps[0]).toMatchObject({ status: 'SUCCEEDED', failed: 0 })
    const invoices = await db.invoice.findMany({
      where: { clientId: c.clientId },
      orderBy: { dueDate: 'asc' },
      include: { items: { orderBy: { sortOrder: 'asc' } } },
    })
    expect(invoices.map((i) => day(i.dueDate))).toEqual(['2027-06-01', '2027-06-03'])
    // The service and the domain expiring that day share one invoice.
    expect(invoices[0]!.items.map((i) => [i.type, i.serviceId ?? i.domainId, i.amount])).toEqual([
      ['SERVICE', service.id, 10000n],
      ['DOMAIN', sameDay.id, 1299n],
    ])
    expect(invoices[0]!.total).toBe(11299n)
    const domainItem = invoices[0]!.items[1]!
    expect([day(domainItem.periodStart), day(domainItem.periodEnd)]).toEqual(['2027-06-01', '2028-06-01'])
    expect(domainItem.description).toContain(sameDay.name)
    // A domain renews for its own period at its recurring amount.
    expect(invoices[1]!.items).toEqual([
      expect.objectContaining({
        type: 'DOMAIN',
        domainId: twoYears.id,
        amount: 2598n,
        periodStart: d('2027-06-03'),
        periodEnd: d('2029-06-03'),
      }),
    ])
    const untouched = [leap.id, manualOnly.id, lapsed.id, later.id, tooLong.id]
    expect(await db.invoiceItem.count({ where: { domainId: { in: untouched } } })).toBe(0)
    expect(
      await db.auditEvent.count({ where: { action: 'domain.renewal.invoice', clientId: c.clientId } }),
    ).toBe(2)

    // Repeats bill nothing; a manual request for the billed period returns that invoice.
    const again = await run('2027-05-21', renewalInvoicesStep)
    expect(again.invoicesCreated).toBe(0)
    const manual = await requestDomainRenewal(
      c.ctx,
      { domainId: sameDay.id, years: 1 },
      { today: d('2027-05-21') },
    )
    expect(manual).toMatchObject({ invoiceId: invoices[0]!.id, isExisting: true })

    // The leap-day expiry: billed 14 days before, for 2028-02-29 to 2029-02-28.
    await run('2028-02-15', renewalInvoicesStep)
    const leapItem = await db.invoiceItem.findFirstOrThrow({ where: { domainId: leap.id } })
    expect([day(leapItem.periodStart), day(leapItem.periodEnd)]).toEqual(['2028-02-29', '2029-02-28'])
  })

  it('domains.renewalInvoiceDays is its own setting, a TLD can bill earlier; another currency fails alone', async () => {
    await setSettings({ 'domains.renewalInvoiceDays': 30 })
    await db.tld.update({ where: { name: 'io' }, data: { renewalInvoiceDays: 60 } })
    const c = await makeBillingClient()
    const early = await makeDomain(c.clientId, { expiry: '2027-06-15' })
    const io = await makeDomain(c.clientId, { expiry: '2027-07-15', tld: 'io' })
    const com = await makeDomain(c.clientId, { expiry: '2027-07-15' })
    const bad = await makeBillingClient()
    const euro = await makeDomain(bad.clientId, { expiry: '2027-06-10' })
    await db.domain.update({ where: { id: euro.id }, data: { currencyCode: 'EUR' } })
    const report = await run('2027-05-20', renewalInvoicesStep)
    expect(report.steps[0]!.failed).toBe(1)
    expect(report.steps[0]!.failures[0]).toMatchObject({ clientId: bad.clientId })
    expect(await db.invoiceItem.count({ where: { domainId: early.id } })).toBe(1)
    expect(await db.invoiceItem.count({ where: { domainId: io.id } })).toBe(1)
    expect(await db.invoiceItem.count({ where: { domainId: com.id } })).toBe(0)
    expect(await db.invoiceItem.count({ where: { domainId: euro.id } })).toBe(0)
  })
})

describe('domain statuses by date', () => {
  it('ACTIVE -> GRACE -> REDEMPTION -> EXPIRED on the TLD days, late runs jump, services untouched, audited', async () => {
    const c = await makeBillingClient()
    const service = await makeService({
      clientId: c.clientId,
      productId: product.id,
      nextDueDate: '2027-09-01',
    })
    await db.tld.update({ where: { name: 'net' }, data: { graceDays: 10, redemptionDays: 20 } })
    const a = await makeDomain(c.clientId, { expiry: '2027-03-01', tld: 'net' })
    const late = await makeDomain(c.clientId, { expiry: '2027-01-01', tld: 'net' })
    const leap = await makeDomain(c.clientId, { expiry: '2028-02-29', tld: 'net' })
    const statusOf = async (id: string) => (await db.domain.findUniqueOrThrow({ where: { id } })).status

    await run('2027-03-01', domainStatusStep)
    expect(await statusOf(a.id)).toBe('ACTIVE') // the expiry day itself is still paid for
    await run('2027-03-02', domainStatusStep)
    expect(await statusOf(a.id)).toBe('GRACE')
    await run('2027-03-11', domainStatusStep)
    expect(await statusOf(a.id)).toBe('GRACE')
    await run('2027-03-12', domainStatusStep)
    expect(await statusOf(a.id)).toBe('REDEMPTION')
    await run('2027-03-31', domainStatusStep)
    expect(await statusOf(a.id)).toBe('REDEMPTION')
    const last = await run('2027-04-01', domainStatusStep)
    expect(await statusOf(a.id)).toBe('EXPIRED')
    expect(last.steps[0]!.counts).toMatchObject({ domainsToExpired: 1 })
    // Run again: nothing left to move.
    expect((await run('2027-04-01', domainStatusStep)).steps[0]!.seen).toBe(0)

    // The late one went straight from ACTIVE to EXPIRED on the first run past its dates, in one event.
    const lateEvents = await db.auditEvent.findMany({
      where: { targetId: late.id, action: 'domain.status.expire' },
      select: { actorType: true, before: true, after: true },
    })
    expect(lateEvents).toEqual([
      expect.objectContaining({
        actorType: 'SYSTEM',
        before: { status: 'ACTIVE' },
        after: expect.objectContaining({ status: 'EXPIRED' }),
      }),
    ])
    expect(await db.auditEvent.count({ where: { targetId: a.id, action: 'domain.status.expire' } })).toBe(3)
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe('ACTIVE')

    await run('2028-02-29', domainStatusStep)
    expect(await statusOf(leap.id)).toBe('ACTIVE')
    await run('2028-03-01', domainStatusStep)
    expect(await statusOf(leap.id)).toBe('GRACE')
  })
})

describe('domain renewal reminders', () => {
  const remindersOf = (domainId: string) =>
    db.domainReminder
      .findMany({ where: { domainId }, orderBy: { sentOn: 'asc' } })
      .then((rows) => rows.map((r) => [day(r.sentOn), r.offsetDays]))

  it('once per offset and expiry, only the latest reached after missed days, with or without auto-renew, after expiry too', async () => {
    const c = await makeBillingClient()
    const a = await makeDomain(c.clientId, { expiry: '2027-06-30' })
    const noAuto = await makeDomain(c.clientId, { expiry: '2027-06-30', isAutoRenew: false })
    for (const date of ['2027-05-30', '2027-05-31', '2027-05-31', '2027-06-16', '2027-06-29', '2027-06-29'])
      await run(date, domainRemindersStep)
    // 30 days before, 14 days before, then 7 and 3 were missed: only 1 day before.
    expect(await remindersOf(a.id)).toEqual([
      ['2027-05-31', 30],
      ['2027-06-16', 14],
      ['2027-06-29', 1],
    ])
    expect(await remindersOf(noAuto.id)).toHaveLength(3)
    await run('2027-07-01', domainRemindersStep)
    await run('2027-07-05', domainRemindersStep)
    await run('2027-07-06', domainRemindersStep)
    expect((await remindersOf(a.id)).slice(3)).toEqual([
      ['2027-07-01', -1],
      ['2027-07-05', -5],
    ])
    const emails = await db.emailLog.findMany({
      where: { clientId: c.clientId, template: 'domain-renewal-reminder' },
      orderBy: { id: 'asc' },
      select: { toAddress: true, subject: true },
    })
    expect(emails).toHaveLength(10)
    expect(emails.every((e) => e.toAddress === c.email)).toBe(true)
    expect(emails[0]!.subject).toBe(`${a.name} expires on Jun 30, 2027`)
    expect(emails.at(-1)!.subject).toContain('expired on Jun 30, 2027')
    expect(await db.auditEvent.count({ where: { targetId: a.id, action: 'domain.reminder' } })).toBe(5)
  })

  it('none while the renewal is paid; a renewed domain is reminded again for its new expiry', async () => {
    const c = await makeBillingClient()
    const a = await makeDomain(c.clientId, { expiry: '2027-06-30' })
    await run('2027-06-16', renewalInvoicesStep, domainRemindersStep)
    expect(await remindersOf(a.id)).toEqual([['2027-06-16', 14]])
    const item = await db.invoiceItem.findFirstOrThrow({ where: { domainId: a.id } })
    await payInvoice(item.invoiceId)
    await run('2027-06-23', domainRemindersStep)
    expect(await remindersOf(a.id)).toHaveLength(1)
    // The registrar renewed it: the next expiry's reminders start over.
    await db.domain.update({ where: { id: a.id }, data: { expiryDate: d('2028-06-30') } })
    await run('2028-05-31', domainRemindersStep)
    expect((await remindersOf(a.id)).at(-1)).toEqual(['2028-05-31', 30])
  })
})

describe('domain sync with the registrar', () => {
  async function atSandbox(
    name: string,
    expiresAt: string,
    extra: { isLocked?: boolean; status?: string } = {},
  ) {
    await db.sandboxDomain.create({
      data: {
        name,
        registeredAt: d('2025-01-01'),
        expiresAt: d(expiresAt),
        nameservers: ['ns1.sandbox.test', 'ns2.sandbox.test'],
        isLocked: extra.isLocked ?? true,
        status: extra.status ?? 'clientTransferProhibited',
        eppCode: 'epp-code',
      },
    })
  }

  it('takes expiry, status, nameservers and lock from the registry; a failing domain is recorded and the rest go on', async () => {
    const c = await makeBillingClient()
    const renewedElsewhere = await makeDomain(c.clientId, { expiry: '2027-03-01', status: 'GRACE' })
    await atSandbox(renewedElsewhere.name, '2028-03-01', { isLocked: false, status: 'ok' })
    const same = await makeDomain(c.clientId, { expiry: '2027-09-01' })
    await atSandbox(same.name, '2027-09-01')
    await db.domain.update({
      where: { id: same.id },
      data: { nameservers: ['ns1.sandbox.test', 'ns2.sandbox.test'] },
    })
    const redeeming = await makeDomain(c.clientId, { expiry: '2027-02-01', status: 'GRACE' })
    await atSandbox(redeeming.name, '2027-02-01', { status: 'redemptionPeriod' })
    const missing = await makeDomain(c.clientId, { expiry: '2027-09-01' })
    const manual = await makeDomain(c.clientId, { expiry: '2027-09-01', registrar: 'manual' })

    const report = (await run('2027-03-10', domainSyncStep)).steps[0]!
    expect(report).toMatchObject({ status: 'SUCCEEDED', seen: 4, failed: 1 })
    expect(report.failures[0]).toMatchObject({
      key: missing.id,
      reason: expect.stringContaining('not registered'),
    })
    expect(report.counts).toMatchObject({ domainsSynced: 3, domainsChanged: 2 })

    const after = await db.domain.findUniqueOrThrow({ where: { id: renewedElsewhere.id } })
    expect(after).toMatchObject({
      status: 'ACTIVE',
      isLocked: false,
      nameservers: ['ns1.sandbox.test', 'ns2.sandbox.test'],
    })
    expect([day(after.expiryDate), day(after.nextDueDate)]).toEqual(['2028-03-01', '2028-03-01'])
    expect((await db.domain.findUniqueOrThrow({ where: { id: redeeming.id } })).status).toBe('REDEMPTION')
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: renewedElsewhere.id, action: 'domain.sync' },
    })
    expect(audit.before).toMatchObject({ status: 'GRACE', isLocked: true })
    expect(await db.auditEvent.count({ where: { targetId: same.id, action: 'domain.sync' } })).toBe(0)
    // Every call is a ModuleCall, the failed one too; the manual registrar is never asked.
    const calls = await db.moduleCall.findMany({
      where: { domainId: { in: [renewedElsewhere.id, same.id, redeeming.id, missing.id, manual.id] } },
      select: { domainId: true, action: true, success: true },
    })
    expect(calls).toHaveLength(4)
    expect(calls.every((x) => x.action === 'sync')).toBe(true)
    expect(calls.find((x) => x.domainId === missing.id)!.success).toBe(false)
    const missingAfter = await db.domain.findUniqueOrThrow({ where: { id: missing.id } })
    expect(missingAfter.lastSyncedAt).toBeNull()

    // The same date again: only the failed one is asked again.
    const again = (await run('2027-03-10', domainSyncStep)).steps[0]!
    expect(again).toMatchObject({ seen: 1, failed: 1 })
    // The next day (interval 1 day) all are due again, and nothing changes.
    await atSandbox(missing.name, '2027-09-01')
    const next = (await run('2027-03-11', domainSyncStep)).steps[0]!
    expect(next).toMatchObject({ seen: 4, failed: 0 })
  })
})

describe('the domain steps, twice at once', () => {
  it('bills, moves, reminds and syncs each domain once', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => makeBillingClient()))
    const domains = []
    for (const [i, c] of clients.entries()) {
      const expiry = i % 3 === 0 ? '2027-05-01' : '2027-06-01'
      const dm = await makeDomain(c.clientId, { expiry })
      await atSandboxFor(dm.name, expiry)
      domains.push(dm)
    }
    const steps = [domainSyncStep, domainStatusStep, renewalInvoicesStep, domainRemindersStep]
    await Promise.all([
      runDailyBilling({ db, asOf: d('2027-05-20'), steps, batchSize: 2 }),
      runDailyBilling({ db, asOf: d('2027-05-20'), steps, batchSize: 3 }),
    ])
    const ids = domains.map((x) => x.id)
    expect(await db.invoiceItem.count({ where: { domainId: { in: ids } } })).toBe(8)
    expect(await db.domain.count({ where: { id: { in: ids }, status: 'GRACE' } })).toBe(4)
    expect(await db.domainReminder.count({ where: { domainId: { in: ids } } })).toBe(12)
    expect(await db.moduleCall.count({ where: { domainId: { in: ids } } })).toBeLessThanOrEqual(24)
    expect(
      await db.emailLog.count({
        where: { clientId: { in: clients.map((c) => c.clientId) }, template: 'domain-renewal-reminder' },
      }),
    ).toBe(12)
    expect(
      await db.auditEvent.count({ where: { targetId: { in: ids }, action: 'domain.status.expire' } }),
    ).toBe(4)
    // And once more: nothing left to do.
    const again = await runDailyBilling({ db, asOf: d('2027-05-20'), steps })
    expect(again.steps.map((s) => s.changed)).toEqual([0, 0, 0, 0])
  })
})

async function atSandboxFor(name: string, expiresAt: string) {
  await db.sandboxDomain.create({
    data: {
      name,
      registeredAt: d('2025-01-01'),
      expiresAt: d(expiresAt),
      nameservers: ['ns1.berth.test', 'ns2.berth.test'],
      isLocked: true,
      status: 'clientTransferProhibited',
      eppCode: 'epp-code',
    },
  })
}
