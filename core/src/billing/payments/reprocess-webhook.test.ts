import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff, REQUEST } from '@berth/tests/support/factories'
import {
  billingCounts,
  enableTestGateway,
  expectDomainError,
  item,
  makeBillingClient,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { anonymousCtx, type Ctx } from '../../shared'
import type { GatewayEvent } from '../gateways/payment-gateway'
import { signTestWebhook, testWebhookBody, TEST_SIGNATURE_HEADER } from '../gateways/test'
import { getInvoice } from '../invoices/get-invoice'
import { receiveWebhook } from './receive-webhook'
import { reprocessWebhookEvent } from './reprocess-webhook'
import { startPayment } from './start-payment'

/**
 * Staff reprocessing a FAILED webhook event from what was stored when its signature was verified:
 * refused while it still cannot apply (the new error stored, nothing written), applied once it can,
 * once only however often it is asked, and only by staff who manage billing.
 */
let billing: Ctx
let support: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  support = (await makeStaff('Support')).ctx
  await enableTestGateway(team.admin.ctx)
})

const db = getDb()
const visitor = () => anonymousCtx(db, REQUEST)

function delivery(eventId: string, events: GatewayEvent[]) {
  const rawBody = testWebhookBody(eventId, events)
  return {
    provider: 'test',
    rawBody,
    headers: { [TEST_SIGNATURE_HEADER]: signTestWebhook(rawBody), 'content-type': 'application/json' },
    ip: '198.51.100.9',
  }
}

/** An invoice with a test-gateway session, a payment event for it, and a refund event that came before it. */
async function refundBeforePayment(tag: string) {
  const client = await makeBillingClient()
  const inv = await makeInvoice(billing, client.clientId, [item(4000)])
  const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
  const paid: GatewayEvent = {
    kind: 'payment.succeeded',
    gatewayTransactionId: `tpay_${tag}`,
    paymentSessionId: started.paymentSessionId,
    gatewaySessionId: started.gatewaySessionId,
    amount: 4000n,
    currency: 'USD',
    fee: 0n,
    occurredAt: new Date(),
  }
  const refund: GatewayEvent = {
    kind: 'refund.succeeded',
    gatewayRefundId: `tre_${tag}`,
    gatewayTransactionId: `tpay_${tag}`,
    amount: 1500n,
    currency: 'USD',
    occurredAt: new Date(),
  }
  expect((await receiveWebhook(visitor(), delivery(`evt_refund_${tag}`, [refund]))).status).toBe(500)
  const event = await db.webhookEvent.findUniqueOrThrow({
    where: { provider_eventId: { provider: 'test', eventId: `evt_refund_${tag}` } },
  })
  expect(event).toMatchObject({ status: 'FAILED', attempts: 1 })
  return { client, inv, paid, event }
}

describe('reprocessWebhookEvent', () => {
  it('refuses while the event still cannot apply, storing the new error; applies it once it can; then refuses again', async () => {
    const { client, inv, paid, event } = await refundBeforePayment('later')

    const before = await billingCounts()
    const early = await expectDomainError(reprocessWebhookEvent(billing, event.id))
    expect(early.code).toBe('GATEWAY_ERROR')
    expect(early.message).toBe(
      'The event still cannot be applied: retry later: refund tre_later: payment tpay_later is not recorded yet',
    )
    expect(await billingCounts()).toEqual(before)
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: 'FAILED',
      attempts: 2,
    })

    expect((await receiveWebhook(visitor(), delivery('evt_pay_later', [paid]))).status).toBe(200)
    expect(await reprocessWebhookEvent(billing, event.id)).toEqual({
      webhookEventId: event.id,
      status: 'PROCESSED',
    })
    const row = await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })
    expect(row).toMatchObject({ status: 'PROCESSED', error: null, attempts: 3 })
    expect(await getInvoice(client.ctx, { invoiceId: inv.id })).toMatchObject({
      status: 'PAID',
      amountPaid: 2500n,
      refunded: 1500n,
    }) // paid net of the refund
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'webhook.reprocess', targetId: event.id },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', targetType: 'WebhookEvent' })
    expect(audit.after).toMatchObject({
      status: 'PROCESSED',
      eventId: 'evt_refund_later',
      outcomes: ['refunded'],
    })

    const again = await expectDomainError(reprocessWebhookEvent(billing, event.id))
    expect([again.code, again.message]).toEqual([
      'INVALID_TRANSITION',
      'This event is processed: only a failed event can be processed again.',
    ])
    // and the gateway's own redelivery is now a duplicate
    expect(
      (
        await receiveWebhook(
          visitor(),
          delivery('evt_refund_later', [
            {
              kind: 'refund.succeeded',
              gatewayRefundId: 'tre_later',
              gatewayTransactionId: 'tpay_later',
              amount: 1500n,
              currency: 'USD',
              occurredAt: new Date(),
            },
          ]),
        )
      ).body,
    ).toMatchObject({ duplicate: true })
    expect(await db.transaction.count({ where: { invoiceId: inv.id, type: 'REFUND' } })).toBe(1)
  })

  it('applies once when staff ask several times at once', async () => {
    const { inv, paid, event } = await refundBeforePayment('race')
    expect((await receiveWebhook(visitor(), delivery('evt_pay_race', [paid]))).status).toBe(200)
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map(() => reprocessWebhookEvent(billing, event.id)),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => ((o as PromiseRejectedResult).reason as { code: string }).code),
    ).toEqual(['INVALID_TRANSITION', 'INVALID_TRANSITION', 'INVALID_TRANSITION'])
    expect(await db.transaction.count({ where: { invoiceId: inv.id, type: 'REFUND' } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'webhook.reprocess', targetId: event.id } })).toBe(1)
  })

  it('is refused to staff without billing.manage, for events that did not fail, and for ids that are not events, writing nothing', async () => {
    const { event } = await refundBeforePayment('refused')
    const rejected = await receiveWebhook(visitor(), {
      ...delivery('evt_forged', []),
      headers: { [TEST_SIGNATURE_HEADER]: 't=1,v1=00' },
    })
    const before = await billingCounts()
    expect((await expectDomainError(reprocessWebhookEvent(support, event.id))).code).toBe('FORBIDDEN')
    expect(
      (await expectDomainError(reprocessWebhookEvent(anonymousCtx(db, REQUEST), event.id))).code,
    ).toMatch(/FORBIDDEN|UNAUTHENTICATED/)
    const bad = await expectDomainError(reprocessWebhookEvent(billing, 'not-an-id'))
    expect([bad.code, bad.message]).toEqual(['VALIDATION_FAILED', 'Choose an existing webhook event.'])
    expect(
      (await expectDomainError(reprocessWebhookEvent(billing, '0190ffff-0000-7000-8000-000000000000'))).code,
    ).toBe('NOT_FOUND')
    const forged = await expectDomainError(reprocessWebhookEvent(billing, rejected.webhookEventId!))
    expect(forged.message).toBe('This event is rejected: only a failed event can be processed again.')
    expect(await billingCounts()).toEqual(before)
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: 'FAILED',
      attempts: 1,
    })
  })
})
