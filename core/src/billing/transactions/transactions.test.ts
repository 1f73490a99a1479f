import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  expectDomainError,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import type { Ctx } from '../../shared'
import { recordManualPayment } from '../invoices/record-manual-payment'
import { refundPayment } from '../payments/refund-payment'
import { csvField, exportTransactionsCsv } from './export-transactions-csv'
import { listTransactions } from './list-transactions'

let billing: Ctx
let alice: Awaited<ReturnType<typeof makeBillingClient>>
let bob: Awaited<ReturnType<typeof makeBillingClient>>

beforeAll(async () => {
  billing = (await makeBillingTeam()).billing.ctx
  alice = await makeBillingClient({ companyName: '=HYPERLINK("http://evil.example","click")' })
  bob = await makeBillingClient({ companyName: 'Bob, "The Builder" Ltd' })
  await getDb().currency.create({ data: { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0 } })
  await getDb().client.update({ where: { id: bob.clientId }, data: { currencyCode: 'JPY' } })
  const a1 = await makeInvoice(billing, alice.clientId, [item(1234)])
  const paid = await recordManualPayment(billing, {
    invoiceId: a1.id,
    method: 'bank_transfer',
    amount: 1234,
    reference: 'A-1',
    paidOn: '2025-03-10',
    note: '-1+1 note',
  })
  await refundPayment(billing, { transactionId: paid.transactionId, amount: 234, reason: '@refund reason' })
  const b1 = await makeInvoice(billing, bob.clientId, [item(5000)])
  await recordManualPayment(billing, {
    invoiceId: b1.id,
    method: 'cash',
    amount: 5000,
    reference: 'B-1',
    paidOn: '2025-04-01',
  })
})

describe('listTransactions', () => {
  it('a client sees only its own, whatever it asks for', async () => {
    const own = await listTransactions(alice.ctx, { clientId: bob.clientId })
    expect(own.items.map((t) => [t.type, t.amount])).toEqual([
      ['REFUND', 234n],
      ['PAYMENT', 1234n],
    ])
    expect(own.items.every((t) => t.clientId === alice.clientId)).toBe(true)
  })

  it('staff filter by client, gateway, type and dates', async () => {
    const all = await listTransactions(billing)
    expect(all.total).toBe(3)
    expect(
      (await listTransactions(billing, { clientId: bob.clientId })).items.map((t) => t.currency.code),
    ).toEqual(['JPY'])
    expect((await listTransactions(billing, { type: 'REFUND' })).items.map((t) => t.amount)).toEqual([234n])
    expect((await listTransactions(billing, { gateway: 'manual' })).total).toBe(3)
    expect((await listTransactions(billing, { gateway: 'stripe' })).total).toBe(0)
    expect(
      (await listTransactions(billing, { from: '2025-03-10', to: '2025-03-10' })).items.map(
        (t) => t.gatewayTransactionId,
      ),
    ).toEqual(['A-1'])
    expect(
      (await listTransactions(billing, { from: '2025-03-11', to: '2025-04-01' })).items.map(
        (t) => t.gatewayTransactionId,
      ),
    ).toEqual(['B-1'])
    expect((await listTransactions(billing, { pageSize: 1, page: 2 })).items).toHaveLength(1)
    expect(
      (await expectDomainError(listTransactions(billing, { from: '2025-05-01', to: '2025-04-01' }))).field,
    ).toBe('to')
    const support = await makeStaff('Support')
    expect((await expectDomainError(listTransactions(support.ctx))).code).toBe('FORBIDDEN')
  })
})

describe('exportTransactionsCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('csvField(%j) = %j', (input, expected) => {
    expect(csvField(input)).toBe(expected)
  })

  it('exports RFC 4180 CSV with decimal amounts in each currency exponent, safe from formulas', async () => {
    const csv = await exportTransactionsCsv(billing)
    expect(csv.endsWith('\r\n')).toBe(true)
    const lines = csv.split('\r\n').filter(Boolean)
    expect(lines[0]).toBe(
      'Date,Transaction ID,Type,Status,Client ID,Client,Invoice,Gateway,Gateway reference,Currency,Amount,Fee,Description',
    )
    expect(lines).toHaveLength(4)
    const bobLine = lines.find((l) => l.includes('JPY'))!
    expect(bobLine).toContain(',"Bob, ""The Builder"" Ltd",')
    expect(bobLine).toMatch(/,JPY,5000,0,Cash$/)
    const aliceRefund = lines.find((l) => l.includes(',REFUND,'))!
    expect(aliceRefund).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`)
    expect(aliceRefund).toMatch(/,USD,2\.34,0\.00,'@refund reason$/)
    const alicePayment = lines.find((l) => l.includes(',PAYMENT,') && l.includes('USD'))!
    expect(alicePayment).toMatch(/^2025-03-10T00:00:00\.000Z,/)
    expect(alicePayment).toMatch(/,12\.34,0\.00,Bank transfer: -1\+1 note$/)
    const own = await exportTransactionsCsv(bob.ctx, { clientId: alice.clientId })
    expect(own.split('\r\n').filter(Boolean)).toHaveLength(2)
  })
})
