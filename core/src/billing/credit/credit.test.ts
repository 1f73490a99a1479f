import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  billingCounts,
  expectDomainError,
  item,
  makeBillingTeam,
  makeInvoice,
  onDb,
  parallelClients,
} from '@berth/tests/support/billing-factories'
import { updateSettings } from '../../settings'
import type { Ctx } from '../../shared'
import { getInvoice } from '../invoices/get-invoice'
import { recordManualPayment } from '../invoices/record-manual-payment'
import { addCredit } from './add-credit'
import { applyCreditToInvoice } from './apply-credit-to-invoice'
import { createAddFundsInvoice } from './create-add-funds-invoice'
import { getCreditBalance } from './get-credit-balance'
import { listCreditEntries } from './list-credit-entries'
import { removeCredit } from './remove-credit'

let billing: Ctx
let admin: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  admin = team.admin.ctx
})

async function ledgerSum(clientId: string) {
  const agg = await getDb().creditEntry.aggregate({ where: { clientId }, _sum: { amount: true } })
  return agg._sum.amount ?? 0n
}

describe('staff adjustments', () => {
  it('adds and removes credit with a reason, keeps the ledger and balance in step, emails the client', async () => {
    const client = await makeBillingClient()
    const added = await addCredit(billing, {
      clientId: client.clientId,
      amount: '2500',
      reason: 'Goodwill for downtime',
    })
    expect(added).toMatchObject({ currency: 'USD', amount: 2500n, balance: 2500n })
    const removed = await removeCredit(billing, {
      clientId: client.clientId,
      amount: 1000,
      reason: 'Correction',
    })
    expect(removed.balance).toBe(1500n)
    expect(await getCreditBalance(client.ctx)).toMatchObject({
      balance: 1500n,
      currency: { code: 'USD', exponent: 2 },
      others: [],
    })
    expect(await ledgerSum(client.clientId)).toBe(1500n)
    const entries = await listCreditEntries(client.ctx)
    expect(entries.items.map((e) => [e.kind, e.amount, e.balanceAfter, e.reason])).toEqual([
      ['ADJUSTMENT', -1000n, 1500n, 'Correction'],
      ['ADJUSTMENT', 2500n, 2500n, 'Goodwill for downtime'],
    ])
    const mail = await getDb().emailLog.findFirstOrThrow({
      where: { clientId: client.clientId, template: 'credit-added' },
    })
    expect(mail.props).toMatchObject({ amount: '$25.00', balance: '$25.00', reason: 'Goodwill for downtime' })
    expect(
      await getDb().auditEvent.count({
        where: { clientId: client.clientId, action: { in: ['credit.add', 'credit.remove'] } },
      }),
    ).toBe(2)
  })

  it('refuses going negative, a missing reason, bad amounts, unknown clients and the wrong people, writing nothing', async () => {
    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 500, reason: 'Start' })
    const support = await makeStaff('Support')
    const before = await billingCounts()
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => removeCredit(billing, { clientId: client.clientId, amount: 501, reason: 'Too much' }),
        'INSUFFICIENT_CREDIT',
      ],
      [() => addCredit(billing, { clientId: client.clientId, amount: 100, reason: '' }), 'VALIDATION_FAILED'],
      [
        () => addCredit(billing, { clientId: client.clientId, amount: 0, reason: 'Zero' }),
        'VALIDATION_FAILED',
      ],
      [
        () => addCredit(billing, { clientId: client.clientId, amount: -100, reason: 'Negative' }),
        'VALIDATION_FAILED',
      ],
      [
        () => addCredit(billing, { clientId: client.clientId, amount: '10.50', reason: 'Decimal' }),
        'VALIDATION_FAILED',
      ],
      [() => addCredit(billing, { clientId: randomUUID(), amount: 100, reason: 'Nobody' }), 'NOT_FOUND'],
      [
        () => addCredit(support.ctx, { clientId: client.clientId, amount: 100, reason: 'Not allowed' }),
        'FORBIDDEN',
      ],
      [
        () => addCredit(client.ctx, { clientId: client.clientId, amount: 100, reason: 'Myself' }),
        'FORBIDDEN',
      ],
    ]
    for (const [call, code] of cases) expect((await expectDomainError(call())).code).toBe(code)
    expect(await billingCounts()).toEqual(before)
  })

  it('the ledger is append-only and the balance cannot go negative, even by hand', async () => {
    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 100, reason: 'Start' })
    await expect(
      getDb()
        .$executeRaw`UPDATE "CreditEntry" SET "amount" = 1000000 WHERE "clientId" = ${client.clientId}::uuid`,
    ).rejects.toThrow(/append-only/)
    await expect(
      getDb()
        .$executeRaw`UPDATE "CreditBalance" SET "balance" = -1 WHERE "clientId" = ${client.clientId}::uuid`,
    ).rejects.toThrow(/CreditBalance_non_negative/)
  })
})

describe('applyCreditToInvoice', () => {
  it('pays in part, then the rest by default amount; never more than the balances', async () => {
    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 5000, reason: 'Prepaid' })
    const inv = await makeInvoice(billing, client.clientId, [item(3000)])
    const part = await applyCreditToInvoice(client.ctx, { invoiceId: inv.id, amount: 1000 })
    expect(part).toMatchObject({ applied: 1000n, invoiceBalance: 2000n, creditBalance: 4000n })
    expect(
      (await expectDomainError(applyCreditToInvoice(client.ctx, { invoiceId: inv.id, amount: 2001 })))
        .message,
    ).toBe('That is more than the invoice balance.')
    const rest = await applyCreditToInvoice(client.ctx, { invoiceId: inv.id })
    expect(rest).toMatchObject({ applied: 2000n, invoiceBalance: 0n, creditBalance: 2000n })
    const paid = await getInvoice(client.ctx, { invoiceId: inv.id })
    expect(paid).toMatchObject({ status: 'PAID', amountPaid: 3000n, creditApplied: 3000n })
    expect(paid.transactions.map((t) => [t.gateway, t.amount, t.method])).toEqual([
      ['credit', 1000n, 'Account credit'],
      ['credit', 2000n, 'Account credit'],
    ])
    expect(await ledgerSum(client.clientId)).toBe(2000n)
    const jobs = await getDb().$queryRaw<
      { data: { invoiceId: string } }[]
    >`SELECT data FROM pgboss.job WHERE name = 'invoice.paid'`
    expect(jobs.filter((j) => j.data.invoiceId === inv.id)).toHaveLength(1)
  })

  it('refuses: more than the credit, paid and cancelled invoices, add-funds invoices, other clients (NOT_FOUND), writing nothing', async () => {
    const client = await makeBillingClient()
    const other = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 500, reason: 'Prepaid' })
    const inv = await makeInvoice(billing, client.clientId, [item(3000)])
    const paid = await makeInvoice(billing, client.clientId, [item(100)])
    await recordManualPayment(billing, { invoiceId: paid.id, method: 'cash', amount: 100 })
    const othersInvoice = await makeInvoice(billing, other.clientId, [item(100)])
    const funds = await createAddFundsInvoice(client.ctx, { amount: 2000 })
    const broke = await makeBillingClient()
    const brokeInvoice = await makeInvoice(billing, broke.clientId, [item(100)])
    const before = await billingCounts()
    const cases: [() => Promise<unknown>, string, string?][] = [
      [
        () => applyCreditToInvoice(client.ctx, { invoiceId: inv.id, amount: 501 }),
        'INSUFFICIENT_CREDIT',
        'There is not enough account credit for this.',
      ],
      [
        () => applyCreditToInvoice(client.ctx, { invoiceId: paid.id }),
        'INVOICE_ALREADY_PAID',
        'This invoice is already paid.',
      ],
      [
        () => applyCreditToInvoice(client.ctx, { invoiceId: funds.id, amount: 100 }),
        'INVOICE_NOT_PAYABLE',
        'Account credit cannot pay for adding funds.',
      ],
      [() => applyCreditToInvoice(client.ctx, { invoiceId: othersInvoice.id, amount: 100 }), 'NOT_FOUND'],
      [() => applyCreditToInvoice(client.ctx, { invoiceId: 'nope' }), 'NOT_FOUND'],
      [() => applyCreditToInvoice(client.ctx, { invoiceId: inv.id, amount: 0 }), 'VALIDATION_FAILED'],
      [
        () => applyCreditToInvoice(broke.ctx, { invoiceId: brokeInvoice.id }),
        'INSUFFICIENT_CREDIT',
        'There is no account credit to apply.',
      ],
    ]
    for (const [call, code, message] of cases) {
      const error = await expectDomainError(call())
      expect(error.code).toBe(code)
      if (message) expect(error.message).toBe(message)
    }
    expect(await billingCounts()).toEqual(before)
  })

  it('10 parallel spends of a balance that covers 3: exactly 3 succeed, never negative', async () => {
    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 3000, reason: 'Covers three' })
    const invoices = await Promise.all(
      Array.from({ length: 10 }, () => makeInvoice(billing, client.clientId, [item(1000)])),
    )
    const { clients, close } = parallelClients(5, 2)
    try {
      const results = await Promise.allSettled(
        invoices.map((inv, i) =>
          applyCreditToInvoice(onDb(client.ctx, clients[i % 5]!), { invoiceId: inv.id, amount: 1000 }),
        ),
      )
      const ok = results.filter((r) => r.status === 'fulfilled')
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(ok).toHaveLength(3)
      expect(refused.map((r) => r.reason.code)).toEqual(Array(7).fill('INSUFFICIENT_CREDIT'))
    } finally {
      await close()
    }
    expect((await getCreditBalance(client.ctx)).balance).toBe(0n)
    expect(await ledgerSum(client.clientId)).toBe(0n)
    expect(await getDb().transaction.count({ where: { clientId: client.clientId, gateway: 'credit' } })).toBe(
      3,
    )
    expect(await getDb().invoice.count({ where: { clientId: client.clientId, status: 'PAID' } })).toBe(3)
    const entries = await getDb().creditEntry.findMany({
      where: { clientId: client.clientId },
      orderBy: { createdAt: 'asc' },
    })
    expect(entries.every((e) => e.balanceAfter >= 0n)).toBe(true)
  })

  it('auto-applies credit when an invoice is published, if the setting is on', async () => {
    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 700, reason: 'Prepaid' })
    await updateSettings(admin, { 'billing.autoApplyCredit': true })
    try {
      const partly = await makeInvoice(billing, client.clientId, [item(1000)])
      expect(partly).toMatchObject({
        status: 'UNPAID',
        creditApplied: 700n,
        balance: 300n,
        displayStatus: 'PARTIALLY_PAID',
      })
      await addCredit(billing, { clientId: client.clientId, amount: 5000, reason: 'More' })
      const covered = await makeInvoice(billing, client.clientId, [item(1000)])
      expect(covered).toMatchObject({ status: 'PAID', creditApplied: 1000n, balance: 0n })
      const mail = await getDb().emailLog.findFirstOrThrow({
        where: {
          clientId: client.clientId,
          template: 'invoice-created',
          subject: { contains: covered.number! },
        },
      })
      expect(mail.props).toMatchObject({ isPaid: true })
    } finally {
      await updateSettings(admin, { 'billing.autoApplyCredit': false })
    }
  })
})

describe('add funds', () => {
  it('creates a published ADD_FUNDS invoice whose payment becomes credit', async () => {
    const client = await makeBillingClient()
    const inv = await createAddFundsInvoice(client.ctx, { amount: '5000' })
    expect(inv).toMatchObject({
      kind: 'ADD_FUNDS',
      status: 'UNPAID',
      total: 5000n,
      taxTotal: 0n,
      balance: 5000n,
    })
    expect(inv.number).not.toBeNull()
    expect(
      await getDb().emailLog.count({ where: { clientId: client.clientId, template: 'invoice-created' } }),
    ).toBe(0)
    const paid = await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 5000,
    })
    expect(paid).toMatchObject({ appliedToInvoice: 5000n, credited: 5000n, invoiceStatus: 'PAID' })
    expect((await getCreditBalance(client.ctx)).balance).toBe(5000n)
    const entries = await listCreditEntries(client.ctx)
    expect(entries.items[0]).toMatchObject({ kind: 'ADD_FUNDS', amount: 5000n, invoiceNumber: inv.number })
  })

  it('enforces the per-currency limits and refuses currencies without them', async () => {
    const client = await makeBillingClient()
    const before = await billingCounts()
    expect(await expectDomainError(createAddFundsInvoice(client.ctx, { amount: 999 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'amount',
      message: 'The minimum is $10.00.',
    })
    expect(await expectDomainError(createAddFundsInvoice(client.ctx, { amount: 100001 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The maximum is $1,000.00.',
    })
    await getDb().currency.create({ data: { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0 } })
    await getDb().client.update({ where: { id: client.clientId }, data: { currencyCode: 'JPY' } })
    expect(await expectDomainError(createAddFundsInvoice(client.ctx, { amount: 5000 }))).toMatchObject({
      message: 'Adding funds is not available in JPY.',
    })
    await getDb().client.update({ where: { id: client.clientId }, data: { currencyCode: 'USD' } })
    const support = await makeStaff('Support')
    expect(
      (
        await expectDomainError(
          createAddFundsInvoice(support.ctx, { amount: 5000, clientId: client.clientId }),
        )
      ).code,
    ).toBe('FORBIDDEN')
    expect((await expectDomainError(createAddFundsInvoice(billing, { amount: 5000 }))).code).toBe(
      'VALIDATION_FAILED',
    )
    const counts = await billingCounts()
    expect({ ...counts, staff: before.staff, auditEvents: before.auditEvents }).toEqual(before)
  })
})
