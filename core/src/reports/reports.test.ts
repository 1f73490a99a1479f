import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  expectDomainError,
  item,
  makeBillingClient,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { makeClientWithService, makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { recordManualPayment, refundPayment, todayUtc } from '../billing'
import type { Ctx } from '../shared'
import {
  agingOfReceivables,
  churnByMonth,
  exportReportCsv,
  getBusinessDashboard,
  incomeByMonth,
  incomeByProduct,
  taxCollected,
} from '.'

/**
 * Fixtures (hand-computed expectations below):
 * - Four services ordered and paid today through checkout (clients in GB, USD, no tax rule yet):
 *   HOSTILE (monthly 1000 + setup 500) twice, ANNUAL (annual 10000, no setup) twice. One HOSTILE
 *   service is then terminated; all four are backdated to register on 2025-09-15 and the
 *   terminated one ends 2025-11-10. Today a refund of 100 is made on one HOSTILE payment.
 * - Then a 20 % GB VAT rule; alice (GB, USD) and bob (JP, JPY, untaxed) get invoices dated 2025:
 *   A1 1000 + 200 VAT paid 2025-03-10, refunded 300 (refund dated 2025-03-20);
 *   J1 ¥5000 paid 2025-02-05; unpaid A2..A8 and B2 with the due dates in `unpaid` below.
 */
const HOSTILE = '=HYPERLINK("http://evil.example","click")'
let billing: Ctx
let today: Date
let iso: (d: Date) => string
let hostileId: string
let annualId: string

const unpaid = [
  // [client, amount (before 20 % VAT for alice), issueDate, dueDate]
  ['alice', 100, '2024-12-01', '2025-01-01'], // 120, 104 days past due on 2025-04-15 → 90+
  ['alice', 200, '2025-02-01', '2025-03-20'], // 240, 26 → 0-30
  ['alice', 50, '2025-02-01', '2025-06-01'], // 60, not yet due
  ['alice', 300, '2025-01-01', '2025-02-10'], // 360, 64 → 61-90
  ['alice', 10, '2025-04-01', '2025-04-15'], // 12, due that day: 0 → 0-30
  ['alice', 400, '2025-02-01', '2025-02-13'], // 480, 61 → 61-90 (60 would be 31-60: see A7)
  ['alice', 25, '2025-01-15', '2025-02-14'], // 30, 60 → 31-60
  ['alice', 80, '2025-05-01', '2025-05-15'], // issued after 2025-04-15: not in that aging
  ['bob', 700, '2025-01-01', '2025-01-10'], // ¥700, 95 → 90+
] as const

beforeAll(async () => {
  iso = (d: Date) => d.toISOString().slice(0, 10)
  today = todayUtc()
  const db = getDb()
  billing = (await makeBillingTeam()).billing.ctx
  const admin = await superAdmin()
  hostileId = (
    await makeProduct(admin, { name: HOSTILE, prices: [{ cycle: 'MONTHLY', amount: 1000, setupFee: 500 }] })
  ).id
  annualId = (await makeProduct(admin, { name: 'Annual plan', prices: [{ cycle: 'ANNUAL', amount: 10000 }] }))
    .id
  const s1 = await makeClientWithService(hostileId)
  const s2 = await makeClientWithService(hostileId)
  await makeClientWithService(annualId, { cycle: 'ANNUAL' })
  await makeClientWithService(annualId, { cycle: 'ANNUAL' })
  await db.service.updateMany({ data: { registrationDate: new Date('2025-09-15') } })
  // Terminated as the daily run would leave it (status and the day it ended).
  await db.service.update({
    where: { id: s2.serviceId },
    data: { status: 'TERMINATED', terminationDate: new Date('2025-11-10') },
  })
  const s1Payment = await db.transaction.findFirstOrThrow({
    where: { invoiceId: s1.order.invoiceId, type: 'PAYMENT' },
    select: { id: true },
  })
  await refundPayment(billing, { transactionId: s1Payment.id, amount: 100, reason: 'goodwill' })

  await db.taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
  await db.currency.create({ data: { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0 } })
  const alice = await makeBillingClient({ country: 'GB' })
  const bob = await makeBillingClient({ country: 'JP', currencyCode: 'JPY' })
  const a1 = await makeInvoice(billing, alice.clientId, [item(1000)], {
    issueDate: '2025-03-01',
    dueDate: '2025-03-15',
  })
  const paid = await recordManualPayment(billing, {
    invoiceId: a1.id,
    method: 'bank_transfer',
    amount: 1200,
    reference: 'A-1',
    paidOn: '2025-03-10',
  })
  const refund = await refundPayment(billing, {
    transactionId: paid.transactionId,
    amount: 300,
    reason: 'partial',
  })
  await db.transaction.update({
    where: { id: refund.refundTransactionId },
    data: { createdAt: new Date('2025-03-20T12:00:00Z') },
  })
  const j1 = await makeInvoice(billing, bob.clientId, [item(5000)], {
    issueDate: '2025-02-01',
    dueDate: '2025-02-05',
  })
  await recordManualPayment(billing, {
    invoiceId: j1.id,
    method: 'cash',
    amount: 5000,
    reference: 'J-1',
    paidOn: '2025-02-05',
  })
  for (const [who, amount, issueDate, dueDate] of unpaid) {
    await makeInvoice(billing, (who === 'alice' ? alice : bob).clientId, [item(amount)], {
      issueDate,
      dueDate,
    })
  }
  await makeInvoice(billing, alice.clientId, [item(999)], { publish: false }) // a draft never counts
}, 120_000)

describe('access', () => {
  it('Support staff and clients are refused every report; nothing is read for them', async () => {
    const support = (await makeStaff('Support')).ctx
    const client = (await makeBillingClient()).ctx
    for (const ctx of [support, client]) {
      expect((await expectDomainError(getBusinessDashboard(ctx))).code).toBe('FORBIDDEN')
      expect(
        (await expectDomainError(incomeByMonth(ctx, { from: '2025-01-01', to: '2025-12-31' }))).code,
      ).toBe('FORBIDDEN')
      expect((await expectDomainError(agingOfReceivables(ctx, { asOf: '2025-04-15' }))).code).toBe(
        'FORBIDDEN',
      )
      expect(
        (await expectDomainError(exportReportCsv(ctx, 'tax', { from: '2025-01-01', to: '2025-12-31' }))).code,
      ).toBe('FORBIDDEN')
    }
  })

  it('bad ranges name the field', async () => {
    expect(
      (await expectDomainError(incomeByMonth(billing, { from: '2025-05-01', to: '2025-04-01' }))).field,
    ).toBe('to')
    expect(
      (await expectDomainError(churnByMonth(billing, { from: '2000-01-01', to: '2025-04-01' }))).field,
    ).toBe('from')
    expect((await expectDomainError(agingOfReceivables(billing, { asOf: '2025-02-30' }))).field).toBe('asOf')
    expect((await expectDomainError(exportReportCsv(billing, 'salaries', {}))).field).toBe('report')
  })
})

describe('incomeByMonth', () => {
  it('payments minus refunds per month, each currency on its own', async () => {
    const rows = await incomeByMonth(billing, { from: '2025-02-01', to: '2025-04-30' })
    expect(rows).toEqual([
      { month: '2025-02', currency: 'JPY', payments: 5000n, refunds: 0n, net: 5000n },
      { month: '2025-02', currency: 'USD', payments: 0n, refunds: 0n, net: 0n },
      { month: '2025-03', currency: 'JPY', payments: 0n, refunds: 0n, net: 0n },
      { month: '2025-03', currency: 'USD', payments: 1200n, refunds: 300n, net: 900n },
      { month: '2025-04', currency: 'JPY', payments: 0n, refunds: 0n, net: 0n },
      { month: '2025-04', currency: 'USD', payments: 0n, refunds: 0n, net: 0n },
    ])
    // The range's ends are whole days: the refund on 03-20 is out of a range ending 03-19.
    expect(
      (await incomeByMonth(billing, { from: '2025-03-01', to: '2025-03-19' })).find(
        (r) => r.currency === 'USD',
      ),
    ).toMatchObject({ refunds: 0n, net: 1200n })
  })
})

describe('getBusinessDashboard', () => {
  it('as of 2025-03-20: revenue today / month / year net of refunds per currency', async () => {
    const d = await getBusinessDashboard(billing, { asOf: '2025-03-20' })
    expect(d.revenue).toEqual([
      { currency: 'JPY', today: 0n, month: 0n, year: 5000n },
      { currency: 'USD', today: -300n, month: 900n, year: 900n },
    ])
    expect(d.chart.filter((r) => r.net !== 0n)).toEqual([
      { month: '2025-02', currency: 'JPY', payments: 5000n, refunds: 0n, net: 5000n },
      { month: '2025-03', currency: 'USD', payments: 1200n, refunds: 300n, net: 900n },
    ])
    expect(new Set(d.chart.map((r) => r.month)).size).toBe(12)
    expect(d.chart[0]!.month).toBe('2024-04')
  })

  it("as of today: the orders paid today less today's refund; MRR; counts; unpaid and overdue; last run", async () => {
    const d = await getBusinessDashboard(billing, { asOf: iso(today) })
    // 2 × (1000 + 500) + 2 × 10000 paid today, 100 refunded today.
    const usd = d.revenue.find((r) => r.currency === 'USD')!
    expect(usd.today).toBe(23_000n - 100n)
    expect(d.revenue.find((r) => r.currency === 'JPY')).toBeUndefined() // ¥5000 was in 2025
    // MRR: 1 monthly at 1000 (the other terminated) + round(2 × 10000 / 12) = 1000 + 1667.
    expect(d.mrr).toEqual([{ currency: 'USD', amount: 2667n }])
    expect(d.activeServices).toBe(3)
    expect(d.activeClients).toBe(await getDb().client.count({ where: { status: 'ACTIVE' } }))
    expect(d.activeClients).toBeGreaterThanOrEqual(6)
    // USD unpaid: 120 + 240 + 60 + 360 + 12 + 480 + 30 + 96 (A1 is PAID after a partial refund: checked below).
    expect(d.unpaid).toEqual([
      { currency: 'JPY', count: 1, amount: 700n },
      { currency: 'USD', count: 8, amount: 1398n },
    ])
    expect(d.overdue).toEqual([
      { currency: 'JPY', count: 1, amount: 700n },
      { currency: 'USD', count: 8, amount: 1398n },
    ])
    expect(d.lastRun).toBeNull()
    await getDb().jobRun.create({
      data: {
        job: 'billing-run.renewal-invoices',
        runKey: '2025-03-01',
        status: 'SUCCEEDED',
        startedAt: new Date('2025-03-01T02:00:00Z'),
      },
    })
    await getDb().jobRun.create({
      data: {
        job: 'billing-run.overdue-notices',
        runKey: '2025-03-02',
        status: 'FAILED',
        startedAt: new Date('2025-03-02T02:00:00Z'),
        message: 'one failed',
      },
    })
    await getDb().jobRun.create({
      data: {
        job: 'purge-expired-records',
        runKey: '2025-03-03',
        startedAt: new Date('2025-03-03T02:00:00Z'),
      },
    })
    expect((await getBusinessDashboard(billing, { asOf: iso(today) })).lastRun).toMatchObject({
      job: 'billing-run.overdue-notices',
      status: 'FAILED',
      message: 'one failed',
    })
  })
})

describe('agingOfReceivables', () => {
  it('buckets by days past due as of a date, per currency, leaving out invoices issued later', async () => {
    expect(
      (await getDb().invoice.findMany({ where: { total: 1200n }, select: { status: true } })).map(
        (i) => i.status,
      ),
    ).toEqual(['PAID'])
    const rows = await agingOfReceivables(billing, { asOf: '2025-04-15' })
    expect(rows).toEqual([
      {
        currency: 'JPY',
        total: { count: 1, amount: 700n },
        buckets: {
          notDue: { count: 0, amount: 0n },
          '0-30': { count: 0, amount: 0n },
          '31-60': { count: 0, amount: 0n },
          '61-90': { count: 0, amount: 0n },
          '90+': { count: 1, amount: 700n },
        },
      },
      {
        currency: 'USD',
        total: { count: 7, amount: 1302n },
        buckets: {
          notDue: { count: 1, amount: 60n },
          '0-30': { count: 2, amount: 252n },
          '31-60': { count: 1, amount: 30n },
          '61-90': { count: 2, amount: 840n },
          '90+': { count: 1, amount: 120n },
        },
      },
    ])
  })
})

describe('incomeByProduct', () => {
  it('lines of invoices paid in the range, by product, before tax; other lines apart', async () => {
    const rows = await incomeByProduct(billing, { from: iso(today), to: iso(today) })
    expect(rows).toEqual([
      { productId: annualId, productName: 'Annual plan', currency: 'USD', lines: 2, amount: 20_000n },
      { productId: hostileId, productName: HOSTILE, currency: 'USD', lines: 4, amount: 3000n },
    ])
    expect(await incomeByProduct(billing, { from: '2025-01-01', to: '2025-12-31' })).toEqual([
      { productId: null, productName: 'Other items', currency: 'JPY', lines: 1, amount: 5000n },
      { productId: null, productName: 'Other items', currency: 'USD', lines: 1, amount: 1000n },
    ])
  })
})

describe('churnByMonth', () => {
  it('terminated per month against those live at the month start', async () => {
    expect(await churnByMonth(billing, { from: '2025-09-10', to: '2025-12-01' })).toEqual([
      { month: '2025-09', activeAtStart: 0, churned: 0, rateBasisPoints: null },
      { month: '2025-10', activeAtStart: 4, churned: 0, rateBasisPoints: 0 },
      { month: '2025-11', activeAtStart: 4, churned: 1, rateBasisPoints: 2500 },
      { month: '2025-12', activeAtStart: 3, churned: 0, rateBasisPoints: 0 },
    ])
  })
})

describe('taxCollected', () => {
  it('tax of paid invoices by country and rate; untaxed and unpaid invoices add nothing', async () => {
    expect(await taxCollected(billing, { from: '2025-01-01', to: '2025-12-31' })).toEqual([
      { currency: 'USD', country: 'GB', taxName: 'VAT', rate: 200000, invoices: 1, base: 1000n, tax: 200n },
    ])
  })
})

describe('exportReportCsv', () => {
  it('a hostile product name comes out inert, amounts as decimals', async () => {
    const csv = await exportReportCsv(billing, 'income-by-product', { from: iso(today), to: iso(today) })
    expect(csv).toBe(
      [
        'Product,Currency,Lines,Amount',
        'Annual plan,USD,2,200.00',
        `"'=HYPERLINK(""http://evil.example"",""click"")",USD,4,30.00`,
        '',
      ].join('\r\n'),
    )
  })

  it('every report exports with its header and its numbers', async () => {
    const range = { from: '2025-01-01', to: '2025-12-31' }
    expect((await exportReportCsv(billing, 'income-by-month', range)).split('\r\n')).toContain(
      '2025-03,USD,12.00,3.00,9.00',
    )
    expect((await exportReportCsv(billing, 'income-by-month', range)).split('\r\n')).toContain(
      '2025-02,JPY,5000,0,5000',
    )
    expect((await exportReportCsv(billing, 'aging', { asOf: '2025-04-15' })).split('\r\n')[2]).toBe(
      'USD,1,0.60,2,2.52,1,0.30,2,8.40,1,1.20,7,13.02',
    )
    expect((await exportReportCsv(billing, 'churn', range)).split('\r\n')).toContain('2025-11,4,1,25.00')
    expect((await exportReportCsv(billing, 'tax', range)).split('\r\n')).toEqual([
      'Currency,Country,Tax,Rate %,Invoices,Taxable base,Tax collected',
      'USD,GB,VAT,20.0000,1,10.00,2.00',
      '',
    ])
  })
})
