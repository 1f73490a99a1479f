import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff, REQUEST } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  billingCounts,
  enableTestGateway,
  expectDomainError,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { anonymousCtx, type Ctx } from '../../shared'
import type { GatewayEvent } from '../gateways/payment-gateway'
import { signTestWebhook, testWebhookBody, TEST_SIGNATURE_HEADER } from '../gateways/test'
import { addCredit } from '../credit/add-credit'
import { applyCreditToInvoice } from '../credit/apply-credit-to-invoice'
import { createAddFundsInvoice } from '../credit/create-add-funds-invoice'
import { getCreditBalance } from '../credit/get-credit-balance'
import { getInvoice } from '../invoices/get-invoice'
import { recordManualPayment } from '../invoices/record-manual-payment'
import { completePayment } from './complete-payment'
import { receiveWebhook } from './receive-webhook'
import { refundPayment } from './refund-payment'
import { startPayment } from './start-payment'

let billing: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await enableTestGateway(team.admin.ctx)
})

async function paidByGateway(amount: number) {
  const client = await makeBillingClient()
  const inv = await makeInvoice(billing, client.clientId, [item(amount)])
  const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
  await completePayment(client.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId })
  const payment = await getDb().transaction.findFirstOrThrow({
    where: { invoiceId: inv.id, type: 'PAYMENT' },
  })
  return { client, inv, payment }
}

function webhook(eventId: string, events: GatewayEvent[]) {
  const rawBody = testWebhookBody(eventId, events)
  return receiveWebhook(anonymousCtx(getDb(), REQUEST), {
    provider: 'test',
    rawBody,
    headers: { [TEST_SIGNATURE_HEADER]: signTestWebhook(rawBody) },
  })
}

describe('refundPayment', () => {
  it('partial then full refund through the gateway: PAID stays PAID, then REFUNDED; emails and audit', async () => {
    const { client, inv, payment } = await paidByGateway(5000)
    const first = await refundPayment(billing, {
      transactionId: payment.id,
      amount: 2000,
      reason: 'Downtime credit',
    })
    expect(first).toMatchObject({
      amount: 2000n,
      status: 'SUCCEEDED',
      invoiceStatus: 'PAID',
      toCredit: false,
    })
    const refundRow = await getDb().transaction.findUniqueOrThrow({
      where: { id: first.refundTransactionId },
    })
    expect(refundRow).toMatchObject({
      type: 'REFUND',
      gateway: 'test',
      refundOfId: payment.id,
      amount: 2000n,
      description: 'Downtime credit',
    })
    expect(refundRow.gatewayTransactionId).toMatch(/^tre_/)
    expect(await getInvoice(client.ctx, { invoiceId: inv.id })).toMatchObject({
      status: 'PAID',
      amountPaid: 3000n,
      balance: 0n,
      refunded: 2000n,
    })

    const rest = await refundPayment(billing, { transactionId: payment.id, reason: 'Cancelled service' })
    expect(rest).toMatchObject({ amount: 3000n, invoiceStatus: 'REFUNDED' })
    expect(await getInvoice(client.ctx, { invoiceId: inv.id })).toMatchObject({
      status: 'REFUNDED',
      amountPaid: 0n,
      balance: 0n,
      refunded: 5000n,
    })
    const mails = await getDb().emailLog.findMany({
      where: { clientId: client.clientId, template: 'refund-issued' },
      orderBy: { queuedAt: 'asc' },
    })
    expect(mails.map((m) => (m.props as { amount: string }).amount)).toEqual(['$20.00', '$30.00'])
    expect(
      await getDb().auditEvent.count({ where: { action: 'transaction.refund', targetId: payment.id } }),
    ).toBe(2)

    // The gateway's webhook for the same refund changes nothing.
    const before = await billingCounts()
    const res = await webhook('evt_refund_echo', [
      {
        kind: 'refund.succeeded',
        gatewayRefundId: refundRow.gatewayTransactionId,
        gatewayTransactionId: payment.gatewayTransactionId,
        amount: 2000n,
        currency: 'USD',
        occurredAt: new Date(),
      },
    ])
    expect(res.status).toBe(200)
    expect({ ...(await billingCounts()), webhookEvents: before.webhookEvents }).toEqual(before)
  })

  it('refuses more than was paid minus refunded, and says how much is left; nothing written', async () => {
    const { payment } = await paidByGateway(5000)
    await refundPayment(billing, { transactionId: payment.id, amount: 4000, reason: 'Most of it' })
    const support = await makeStaff('Support')
    const client = await makeBillingClient()
    const before = await billingCounts()
    const over = await expectDomainError(
      refundPayment(billing, { transactionId: payment.id, amount: 1001, reason: 'Too much' }),
    )
    expect(over).toMatchObject({
      code: 'REFUND_EXCEEDS_PAID',
      field: 'amount',
      message: 'You can refund at most $10.00 of this payment ($40.00 already refunded).',
    })
    await refundPayment(billing, { transactionId: payment.id, reason: 'The rest' })
    const after = await billingCounts()
    expect(
      (await expectDomainError(refundPayment(billing, { transactionId: payment.id, reason: 'Again' })))
        .message,
    ).toBe('This payment has already been refunded in full.')
    expect(
      (
        await expectDomainError(
          refundPayment(billing, { transactionId: payment.id, amount: 0, reason: 'Zero' }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED')
    expect(
      (
        await expectDomainError(
          refundPayment(billing, { transactionId: payment.id, amount: 100, reason: '' }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED')
    expect(
      (await expectDomainError(refundPayment(billing, { transactionId: randomUUID(), reason: 'Nothing' })))
        .code,
    ).toBe('NOT_FOUND')
    expect(
      (await expectDomainError(refundPayment(support.ctx, { transactionId: payment.id, reason: 'Support' })))
        .code,
    ).toBe('FORBIDDEN')
    expect(
      (await expectDomainError(refundPayment(client.ctx, { transactionId: payment.id, reason: 'Me' }))).code,
    ).toBe('FORBIDDEN')
    const refundId = (await getDb().transaction.findFirstOrThrow({ where: { refundOfId: payment.id } })).id
    expect(
      (
        await expectDomainError(
          refundPayment(billing, { transactionId: refundId, reason: 'A refund of a refund' }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED')
    expect(await billingCounts()).toEqual(after)
    expect(after.transactions).toBe(before.transactions + 1)
  })

  it('two staff refunding the same payment at once: never more than paid', async () => {
    const { inv, payment } = await paidByGateway(5000)
    const results = await Promise.allSettled(
      [1, 2, 3].map(() =>
        refundPayment(billing, { transactionId: payment.id, amount: 3000, reason: 'Concurrent' }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code),
    ).toEqual(['REFUND_EXCEEDS_PAID', 'REFUND_EXCEEDS_PAID'])
    const refunded = await getDb().transaction.aggregate({
      where: { invoiceId: inv.id, type: 'REFUND' },
      _sum: { amount: true },
    })
    expect(refunded._sum.amount).toBe(3000n)
  })

  it('a manual payment refunds as a recorded manual refund; an unpaid invoice reopens its balance', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(10000)])
    const paid = await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 4000,
      reference: 'WIRE-9',
    })
    const refund = await refundPayment(billing, {
      transactionId: paid.transactionId,
      amount: 1500,
      reason: 'Sent back by bank',
    })
    const row = await getDb().transaction.findUniqueOrThrow({ where: { id: refund.refundTransactionId } })
    expect(row.gateway).toBe('manual')
    expect(row.gatewayTransactionId).toMatch(/^REF-\d{8}-/)
    expect(await getInvoice(billing, { invoiceId: inv.id })).toMatchObject({
      status: 'UNPAID',
      amountPaid: 2500n,
      balance: 7500n,
    })
  })

  it('a credit payment refunds back to credit', async () => {
    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 3000, reason: 'Prepaid' })
    const inv = await makeInvoice(billing, client.clientId, [item(3000)])
    const applied = await applyCreditToInvoice(client.ctx, { invoiceId: inv.id })
    const refund = await refundPayment(billing, { transactionId: applied.transactionId, reason: 'Undo' })
    expect(refund).toMatchObject({ toCredit: true, invoiceStatus: 'REFUNDED' })
    expect((await getCreditBalance(client.ctx)).balance).toBe(3000n)
    expect(await getInvoice(client.ctx, { invoiceId: inv.id })).toMatchObject({
      creditApplied: 0n,
      amountPaid: 0n,
    })
    const mail = await getDb().emailLog.findFirstOrThrow({
      where: { clientId: client.clientId, template: 'refund-issued' },
    })
    expect(mail.props).toMatchObject({ toCredit: true })
  })

  it('an overpayment refund takes back the credit it created first; spent add-funds credit cannot be refunded', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(1000)])
    const over = await recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: 1500 })
    expect(over.credited).toBe(500n)
    await refundPayment(billing, {
      transactionId: over.transactionId,
      amount: 500,
      reason: 'Give back the extra',
    })
    expect((await getCreditBalance(client.ctx)).balance).toBe(0n)
    expect(await getInvoice(client.ctx, { invoiceId: inv.id })).toMatchObject({
      status: 'PAID',
      amountPaid: 1000n,
    })

    const funds = await createAddFundsInvoice(client.ctx, { amount: 2000 })
    const topUp = await recordManualPayment(billing, {
      invoiceId: funds.id,
      method: 'bank_transfer',
      amount: 2000,
    })
    const other = await makeInvoice(billing, client.clientId, [item(1500)])
    await applyCreditToInvoice(client.ctx, { invoiceId: other.id })
    const before = await billingCounts()
    const refused = await expectDomainError(
      refundPayment(billing, { transactionId: topUp.transactionId, reason: 'Refund the top-up' }),
    )
    expect(refused).toMatchObject({
      code: 'INSUFFICIENT_CREDIT',
      message:
        '$15.00 of this payment became account credit that the client has already spent: refund at most $5.00.',
    })
    expect(await billingCounts()).toEqual(before)
    const ok = await refundPayment(billing, {
      transactionId: topUp.transactionId,
      amount: 500,
      reason: 'The unspent part',
    })
    expect(ok.invoiceStatus).toBe('PAID')
    expect((await getCreditBalance(client.ctx)).balance).toBe(0n)
  })
})

describe('disputes', () => {
  it('a lost dispute records a chargeback and reopens the balance; winning later reverses it; replays change nothing', async () => {
    const { client, inv, payment } = await paidByGateway(5000)
    const dispute = (status: 'OPEN' | 'LOST' | 'WON'): GatewayEvent => ({
      kind: status === 'OPEN' ? 'dispute.opened' : 'dispute.closed',
      gatewayDisputeId: 'dp_1',
      gatewayTransactionId: payment.gatewayTransactionId,
      amount: 5000n,
      currency: 'USD',
      status,
      reason: 'fraudulent',
      evidenceDueAt: new Date('2030-01-01T00:00:00Z'),
    })
    expect((await webhook('evt_dp_open', [dispute('OPEN')])).status).toBe(200)
    expect(await getDb().dispute.findFirstOrThrow({ where: { gatewayDisputeId: 'dp_1' } })).toMatchObject({
      status: 'OPEN',
      amount: 5000n,
      reason: 'fraudulent',
      transactionId: payment.id,
    })
    expect((await getInvoice(client.ctx, { invoiceId: inv.id })).status).toBe('PAID')

    expect((await webhook('evt_dp_lost', [dispute('LOST')])).status).toBe(200)
    expect((await webhook('evt_dp_lost_again', [dispute('LOST')])).status).toBe(200)
    const lost = await getInvoice(billing, { invoiceId: inv.id })
    expect(lost).toMatchObject({ status: 'UNPAID', amountPaid: 0n, balance: 5000n, paidAt: null })
    expect(lost.transactions.filter((t) => t.type === 'CHARGEBACK')).toHaveLength(1)
    expect((await getDb().dispute.findFirstOrThrow({ where: { gatewayDisputeId: 'dp_1' } })).status).toBe(
      'LOST',
    )
    expect(
      (
        await expectDomainError(
          refundPayment(billing, { transactionId: payment.id, reason: 'After chargeback' }),
        )
      ).code,
    ).toBe('REFUND_EXCEEDS_PAID')

    expect((await webhook('evt_dp_won', [dispute('WON')])).status).toBe(200)
    const won = await getInvoice(billing, { invoiceId: inv.id })
    expect(won).toMatchObject({ status: 'PAID', amountPaid: 5000n, balance: 0n })
    expect(won.transactions.map((t) => t.type).sort()).toEqual([
      'CHARGEBACK',
      'CHARGEBACK_REVERSAL',
      'PAYMENT',
    ])
    expect(
      await getDb().auditEvent.count({ where: { action: { in: ['dispute.open', 'dispute.update'] } } }),
    ).toBeGreaterThanOrEqual(3)
  })

  it('a dispute for a payment not recorded yet is retried later', async () => {
    const res = await webhook('evt_dp_ghost', [
      {
        kind: 'dispute.opened',
        gatewayDisputeId: 'dp_ghost',
        gatewayTransactionId: 'tpay_nobody',
        amount: 100n,
        currency: 'USD',
        status: 'OPEN',
      },
    ])
    expect(res.status).toBe(500)
    expect(await getDb().dispute.count({ where: { gatewayDisputeId: 'dp_ghost' } })).toBe(0)
  })
})
