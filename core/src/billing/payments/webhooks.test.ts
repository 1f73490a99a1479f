import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { REQUEST } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  billingCounts,
  enableTestGateway,
  item,
  makeBillingTeam,
  makeInvoice,
  parallelClients,
} from '@berth/tests/support/billing-factories'
import { anonymousCtx, type Ctx } from '../../shared'
import type { GatewayEvent } from '../gateways/payment-gateway'
import { signTestWebhook, testWebhookBody, TEST_SIGNATURE_HEADER } from '../gateways/test'
import { getCreditBalance } from '../credit/get-credit-balance'
import { getInvoice } from '../invoices/get-invoice'
import { completePayment } from './complete-payment'
import { receiveWebhook } from './receive-webhook'
import { startPayment } from './start-payment'

let billing: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await enableTestGateway(team.admin.ctx)
})

const visitor = () => anonymousCtx(getDb(), REQUEST)

function delivery(
  eventId: string,
  events: GatewayEvent[],
  options: { secret?: string; timestamp?: number } = {},
) {
  const rawBody = testWebhookBody(eventId, events)
  return {
    provider: 'test',
    rawBody,
    headers: {
      [TEST_SIGNATURE_HEADER]: signTestWebhook(rawBody, options.secret, options.timestamp),
      'content-type': 'application/json',
    },
    ip: '198.51.100.9',
  }
}

async function openSession(amount = 5000) {
  const client = await makeBillingClient()
  const inv = await makeInvoice(billing, client.clientId, [item(amount)])
  const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
  const paid = (gatewayTransactionId: string, value = BigInt(amount)): GatewayEvent => ({
    kind: 'payment.succeeded',
    gatewayTransactionId,
    paymentSessionId: started.paymentSessionId,
    gatewaySessionId: started.gatewaySessionId,
    amount: value,
    currency: 'USD',
    fee: 150n,
    occurredAt: new Date(),
  })
  return { client, inv, started, paid }
}

describe('receiveWebhook', () => {
  it('applies a signed payment event and answers 200; the same event again changes nothing', async () => {
    const { client, inv, paid } = await openSession()
    const first = await receiveWebhook(visitor(), delivery('evt_pay_1', [paid('tpay_1')]))
    expect(first).toMatchObject({ status: 200, body: { received: true } })
    const row = await getDb().webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'test', eventId: 'evt_pay_1' } },
    })
    expect(row).toMatchObject({
      status: 'PROCESSED',
      type: 'payment.succeeded',
      ip: '198.51.100.9',
      attempts: 1,
    })
    const before = await billingCounts()
    const again = await receiveWebhook(visitor(), delivery('evt_pay_1', [paid('tpay_1')]))
    expect(again).toMatchObject({ status: 200, body: { received: true, duplicate: true } })
    expect(await billingCounts()).toEqual(before)
    const invoice = await getInvoice(client.ctx, { invoiceId: inv.id })
    expect(invoice).toMatchObject({ status: 'PAID', amountPaid: 5000n })
    expect(invoice.transactions[0]).toMatchObject({ fee: 150n, gatewayTransactionId: 'tpay_1' })
  })

  it('the same event delivered 20 times at once over separate connections is applied exactly once', async () => {
    const { client, inv, paid } = await openSession()
    const d = delivery('evt_burst', [paid('tpay_burst')])
    const { clients, close } = parallelClients(5, 4)
    let results
    try {
      results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => receiveWebhook(anonymousCtx(clients[i % 5]!, REQUEST), d)),
      )
    } finally {
      await close()
    }
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(results.filter((r) => !r.body.duplicate)).toHaveLength(1)
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id } })).toBe(1)
    expect(await getDb().webhookEvent.count({ where: { eventId: 'evt_burst' } })).toBe(1)
    expect(
      await getDb().emailLog.count({ where: { clientId: client.clientId, template: 'payment-receipt' } }),
    ).toBe(1)
    expect((await getInvoice(client.ctx, { invoiceId: inv.id })).amountPaid).toBe(5000n)
  })

  it('different events reporting one charge (return URL first, then webhooks) apply once', async () => {
    const { client, inv, started } = await openSession()
    await completePayment(client.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId })
    const sameCharge: GatewayEvent = {
      kind: 'payment.succeeded',
      gatewayTransactionId: `tpay_${started.paymentSessionId}`,
      paymentSessionId: started.paymentSessionId,
      amount: 5000n,
      currency: 'USD',
      fee: 0n,
      occurredAt: new Date(),
    }
    const { clients, close } = parallelClients(3, 3)
    try {
      const results = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) =>
          receiveWebhook(anonymousCtx(clients[i % 3]!, REQUEST), delivery(`evt_late_${i}`, [sameCharge])),
        ),
      )
      expect(results.every((r) => r.status === 200)).toBe(true)
    } finally {
      await close()
    }
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id } })).toBe(1)
    expect((await getCreditBalance(client.ctx)).balance).toBe(0n)
  })

  it('forged, stale (replayed) and unsigned deliveries are refused with 400 and logged as REJECTED', async () => {
    const { inv, paid } = await openSession()
    const good = delivery('evt_forged', [paid('tpay_forged')])
    const forged = {
      ...good,
      headers: { [TEST_SIGNATURE_HEADER]: signTestWebhook(good.rawBody, 'not-the-secret') },
    }
    const tampered = { ...good, rawBody: good.rawBody.replace('"5000"', '"1"') }
    const stale = delivery('evt_stale', [paid('tpay_stale')], {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    })
    const unsigned = { ...good, headers: {} }
    for (const bad of [forged, tampered, stale, unsigned]) {
      const res = await receiveWebhook(visitor(), bad)
      expect(res).toMatchObject({ status: 400, body: { received: false, error: 'invalid signature' } })
    }
    const rejected = await getDb().webhookEvent.findMany({
      where: { status: 'REJECTED' },
      orderBy: { receivedAt: 'asc' },
    })
    expect(rejected.slice(-4).map((r) => r.error)).toEqual([
      'signature does not match',
      'signature does not match',
      'signature timestamp too old (replay?)',
      'missing signature header',
    ])
    expect(rejected.every((r) => r.eventId.startsWith('rejected:') && r.ip === '198.51.100.9')).toBe(true)
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id } })).toBe(0)
    expect(await receiveWebhook(visitor(), { ...good, provider: 'nope' })).toMatchObject({ status: 404 })
  })

  it('out of order: a refund before its payment fails (500, retried later), then applies after the payment', async () => {
    const { client, inv, paid } = await openSession()
    const refund: GatewayEvent = {
      kind: 'refund.succeeded',
      gatewayRefundId: 'tre_early',
      gatewayTransactionId: 'tpay_ooo',
      amount: 2000n,
      currency: 'USD',
      occurredAt: new Date(),
    }
    const early = await receiveWebhook(visitor(), delivery('evt_refund_early', [refund]))
    expect(early.status).toBe(500)
    const failed = await getDb().webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'test', eventId: 'evt_refund_early' } },
    })
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 })
    expect(failed.error).toMatch(/retry later: refund tre_early: payment tpay_ooo is not recorded yet/)
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id } })).toBe(0)

    expect((await receiveWebhook(visitor(), delivery('evt_pay_ooo', [paid('tpay_ooo')]))).status).toBe(200)
    const retried = await receiveWebhook(visitor(), delivery('evt_refund_early', [refund]))
    expect(retried).toMatchObject({ status: 200, body: { received: true } })
    expect((await getDb().webhookEvent.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe(
      'PROCESSED',
    )
    const after = await getInvoice(client.ctx, { invoiceId: inv.id })
    expect(after).toMatchObject({ status: 'PAID', amountPaid: 3000n, balance: 0n, refunded: 2000n })
    expect(after.transactions.map((t) => t.type).sort()).toEqual(['PAYMENT', 'REFUND'])
    expect(
      await getDb().emailLog.count({ where: { clientId: client.clientId, template: 'refund-issued' } }),
    ).toBe(1)
    // and the same refund again is a duplicate
    expect((await receiveWebhook(visitor(), delivery('evt_refund_again', [refund]))).status).toBe(200)
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id, type: 'REFUND' } })).toBe(1)
  })

  it('a payment for an unknown checkout fails for a retry; an event with nothing to do is IGNORED', async () => {
    const unknown: GatewayEvent = {
      kind: 'payment.succeeded',
      gatewayTransactionId: 'tpay_ghost',
      paymentSessionId: '0190ffff-0000-7000-8000-000000000000',
      amount: 100n,
      currency: 'USD',
      fee: 0n,
      occurredAt: new Date(),
    }
    expect((await receiveWebhook(visitor(), delivery('evt_ghost', [unknown]))).status).toBe(500)
    const pending: GatewayEvent = {
      kind: 'payment.pending',
      paymentSessionId: '0190ffff-0000-7000-8000-000000000000',
      reason: 'bank transfer pending',
    }
    expect((await receiveWebhook(visitor(), delivery('evt_pending', [pending]))).status).toBe(200)
    expect(
      (
        await getDb().webhookEvent.findUniqueOrThrow({
          where: { provider_eventId: { provider: 'test', eventId: 'evt_pending' } },
        })
      ).status,
    ).toBe('IGNORED')
  })

  it('a payment in another currency is not applied (FAILED for staff to look at)', async () => {
    const { inv, paid } = await openSession()
    const eur = { ...paid('tpay_eur'), currency: 'EUR' } as GatewayEvent
    expect((await receiveWebhook(visitor(), delivery('evt_eur', [eur]))).status).toBe(500)
    const row = await getDb().webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'test', eventId: 'evt_eur' } },
    })
    expect(row.error).toMatch(/CURRENCY_MISMATCH/)
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id } })).toBe(0)
  })
})
