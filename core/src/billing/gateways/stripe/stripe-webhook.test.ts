import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type Stripe from 'stripe'
import { startFakeStripe, type FakeStripe } from '../../../../../tests/fakes/stripe'
import { WebhookSignatureError, type GatewaySettings } from '../payment-gateway'
import { stripeGateway } from '.'

let fake: FakeStripe
let settings: GatewaySettings
let n = 0

beforeAll(async () => {
  fake = await startFakeStripe()
  process.env.BERTH_STRIPE_API_BASE = fake.url
  settings = {
    isTestMode: true,
    secrets: { secretKey: fake.secretKey, webhookSecret: fake.webhookSecret },
    publicConfig: {},
  }
})
afterAll(async () => {
  delete process.env.BERTH_STRIPE_API_BASE
  await fake.stop()
})

async function openSession(amount = 2500n) {
  n += 1
  const paymentSessionId = `ps_webhook_${n}`
  const started = await stripeGateway.createCheckout(settings, {
    paymentSessionId,
    invoiceId: `inv_${n}`,
    invoiceNumber: `INV-${n}`,
    clientId: 'c1',
    clientEmail: 'jane@example.com',
    currency: 'EUR',
    amount,
    exponent: 2,
    description: `Invoice INV-${n}`,
    returnUrl: 'http://portal.test/return',
    cancelUrl: 'http://portal.test/cancel',
  })
  return { paymentSessionId, sessionId: started.gatewaySessionId }
}

async function verify(event: Stripe.Event) {
  const signed = fake.signedWebhook(event)
  return stripeGateway.verifyWebhook(settings, { rawBody: signed.payload, headers: signed.headers })
}

describe('signature verification', () => {
  it('accepts a correctly signed event and returns its id, type and payload', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const verified = await verify(event)
    expect(verified.eventId).toBe(event.id)
    expect(verified.type).toBe('checkout.session.completed')
    expect(verified.payload).toMatchObject({ id: event.id, data: { object: { id: sessionId } } })
  })

  it('gives the same events again from the stored payload (staff reprocessing), and refuses what is not a Stripe event', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const verified = await verify(event)
    expect(verified.events.length).toBeGreaterThan(0)
    const stored = JSON.parse(JSON.stringify(verified.payload)) as unknown
    expect(await stripeGateway.eventsOfStoredWebhook(settings, stored)).toEqual(verified.events)
    await expect(
      stripeGateway.eventsOfStoredWebhook(settings, { rawBody: '{}', truncated: false }),
    ).rejects.toThrow('The stored event is not a Stripe event.')
  })

  it('finds the Stripe-Signature header whatever its case', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const signed = fake.signedWebhook(event)
    const headers = { 'Stripe-Signature': signed.headers['stripe-signature'] }
    await expect(
      stripeGateway.verifyWebhook(settings, { rawBody: signed.payload, headers }),
    ).resolves.toMatchObject({ eventId: event.id })
  })

  it('refuses a body changed after signing', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const signed = fake.signedWebhook(event)
    const tampered = signed.payload.replace('"amount_total": 2500', '"amount_total": 1')
    expect(tampered).not.toBe(signed.payload)
    await expect(
      stripeGateway.verifyWebhook(settings, { rawBody: tampered, headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
  })

  it('refuses an event signed with another secret', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const signed = fake.signedWebhook(event, { secret: 'whsec_someone_else' })
    await expect(
      stripeGateway.verifyWebhook(settings, { rawBody: signed.payload, headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
  })

  it('refuses a replay whose signature is older than 5 minutes, accepts one just inside', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const old = fake.signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    await expect(
      stripeGateway.verifyWebhook(settings, { rawBody: old.payload, headers: old.headers }),
    ).rejects.toThrow(/too old|tolerance/i)
    const recent = fake.signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 290 })
    await expect(
      stripeGateway.verifyWebhook(settings, { rawBody: recent.payload, headers: recent.headers }),
    ).resolves.toMatchObject({ eventId: event.id })
  })

  it('refuses a missing or malformed Stripe-Signature header', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId)
    const signed = fake.signedWebhook(event)
    await expect(
      stripeGateway.verifyWebhook(settings, { rawBody: signed.payload, headers: {} }),
    ).rejects.toThrow(WebhookSignatureError)
    await expect(
      stripeGateway.verifyWebhook(settings, {
        rawBody: signed.payload,
        headers: { 'stripe-signature': 'garbage' },
      }),
    ).rejects.toThrow(WebhookSignatureError)
  })
})

describe('event mapping', () => {
  it('checkout.session.completed (card) → payment.succeeded with the fee', async () => {
    const { sessionId, paymentSessionId } = await openSession()
    const { event, paymentIntent, charge } = fake.completeCheckout(sessionId)
    const { events } = await verify(event)
    const fee = BigInt(fake.balanceTransaction(charge.balance_transaction as string).fee)
    expect(events).toEqual([
      {
        kind: 'payment.succeeded',
        gatewayTransactionId: paymentIntent.id,
        gatewaySessionId: sessionId,
        paymentSessionId,
        amount: 2500n,
        currency: 'EUR',
        fee,
        occurredAt: new Date(charge.created * 1000),
      },
    ])
  })

  it('checkout.session.completed (asynchronous method) → payment.pending', async () => {
    const { sessionId, paymentSessionId } = await openSession()
    const { event } = fake.completeCheckout(sessionId, { async: true })
    expect((await verify(event)).events).toEqual([
      { kind: 'payment.pending', gatewaySessionId: sessionId, paymentSessionId, reason: expect.any(String) },
    ])
  })

  it('checkout.session.async_payment_succeeded → payment.succeeded', async () => {
    const { sessionId, paymentSessionId } = await openSession()
    fake.completeCheckout(sessionId, { async: true })
    const { event, paymentIntent } = fake.succeedAsyncPayment(sessionId)
    expect((await verify(event)).events).toEqual([
      expect.objectContaining({
        kind: 'payment.succeeded',
        gatewayTransactionId: paymentIntent.id,
        paymentSessionId,
        amount: 2500n,
        currency: 'EUR',
      }),
    ])
  })

  it('checkout.session.async_payment_failed → payment.failed, and its payment_intent.payment_failed too', async () => {
    const { sessionId, paymentSessionId } = await openSession()
    fake.completeCheckout(sessionId, { async: true })
    const { event } = fake.failAsyncPayment(sessionId)
    expect((await verify(event)).events).toEqual([
      { kind: 'payment.failed', gatewaySessionId: sessionId, paymentSessionId, reason: expect.any(String) },
    ])
    const intentFailed = fake.lastEvent('payment_intent.payment_failed')
    expect((await verify(intentFailed)).events).toEqual([
      { kind: 'payment.failed', paymentSessionId, reason: expect.stringMatching(/insufficient funds/) },
    ])
  })

  it('payment_intent.payment_failed (declined card) → payment.failed with the decline message', async () => {
    const { sessionId, paymentSessionId } = await openSession()
    const { event } = fake.declineCard(sessionId)
    expect((await verify(event)).events).toEqual([
      { kind: 'payment.failed', paymentSessionId, reason: 'Your card was declined.' },
    ])
  })

  it('payment_intent.payment_failed for a payment Berth did not start → nothing', async () => {
    const { sessionId } = await openSession()
    const { event } = fake.declineCard(sessionId)
    const foreign = structuredClone(event)
    ;(foreign.data.object as Stripe.PaymentIntent).metadata = {}
    expect((await verify(foreign)).events).toEqual([])
  })

  it('checkout.session.expired → payment.failed', async () => {
    const { sessionId, paymentSessionId } = await openSession()
    const { event } = fake.expireSession(sessionId)
    expect((await verify(event)).events).toEqual([
      { kind: 'payment.failed', gatewaySessionId: sessionId, paymentSessionId, reason: expect.any(String) },
    ])
  })

  it('refund.created and charge.refunded → refund.succeeded against the PaymentIntent', async () => {
    const { sessionId } = await openSession(3000n)
    const { paymentIntent } = fake.completeCheckout(sessionId)
    const first = fake.createRefund({ paymentIntent: paymentIntent.id, amount: 1000 })
    const second = fake.createRefund({ paymentIntent: paymentIntent.id, amount: 500 })
    const expected = (r: Stripe.Refund) => ({
      kind: 'refund.succeeded',
      gatewayRefundId: r.id,
      gatewayTransactionId: paymentIntent.id,
      amount: BigInt(r.amount),
      currency: 'EUR',
      occurredAt: new Date(r.created * 1000),
    })
    const created = fake
      .eventsOfType('refund.created')
      .filter((e) => (e.data.object as Stripe.Refund).payment_intent === paymentIntent.id)
    expect((await verify(created[0]!)).events).toEqual([expected(first)])
    // charge.refunded carries the charge: every succeeded refund on it is reported (core dedupes by refund id)
    const chargeRefunded = fake.lastEvent('charge.refunded')
    const { events } = await verify(chargeRefunded)
    expect(events).toHaveLength(2)
    expect(events).toEqual(expect.arrayContaining([expected(first), expected(second)]))
  })

  it('a refund event without payment_intent finds it through the charge', async () => {
    const { sessionId } = await openSession()
    const { paymentIntent } = fake.completeCheckout(sessionId)
    fake.createRefund({ paymentIntent: paymentIntent.id, amount: 100 })
    const event = structuredClone(fake.lastEvent('refund.created'))
    ;(event.data.object as Stripe.Refund).payment_intent = null
    expect((await verify(event)).events).toEqual([
      expect.objectContaining({ kind: 'refund.succeeded', gatewayTransactionId: paymentIntent.id }),
    ])
  })

  it('a pending refund reports nothing until refund.updated says succeeded; refund.failed reports nothing', async () => {
    const { sessionId } = await openSession()
    const { paymentIntent } = fake.completeCheckout(sessionId)
    fake.setNextRefundStatus('pending')
    const pendingA = fake.createRefund({ paymentIntent: paymentIntent.id, amount: 100 })
    const pendingB = fake.createRefund({ paymentIntent: paymentIntent.id, amount: 200 })
    fake.setNextRefundStatus('succeeded')
    expect((await verify(fake.lastEvent('refund.created'))).events).toEqual([])
    fake.settleRefund(pendingA.id, 'succeeded')
    expect((await verify(fake.lastEvent('refund.updated'))).events).toEqual([
      expect.objectContaining({ kind: 'refund.succeeded', gatewayRefundId: pendingA.id, amount: 100n }),
    ])
    fake.settleRefund(pendingB.id, 'failed')
    expect((await verify(fake.lastEvent('refund.updated'))).events).toEqual([])
    expect((await verify(fake.lastEvent('refund.failed'))).events).toEqual([])
  })

  it('charge.dispute.created / updated / closed → dispute events with the status mapped', async () => {
    const { sessionId } = await openSession()
    const { paymentIntent } = fake.completeCheckout(sessionId)
    const { dispute, event: created } = fake.createDispute(paymentIntent.id, {
      reason: 'product_not_received',
    })
    const base = {
      gatewayDisputeId: dispute.id,
      gatewayTransactionId: paymentIntent.id,
      amount: 2500n,
      currency: 'EUR',
      reason: 'product_not_received',
    }
    expect((await verify(created)).events).toEqual([
      {
        kind: 'dispute.opened',
        ...base,
        status: 'OPEN',
        evidenceDueAt: new Date(dispute.evidence_details.due_by! * 1000),
      },
    ])
    const { event: updated } = fake.updateDispute(dispute.id, 'under_review')
    expect((await verify(updated)).events).toEqual([
      expect.objectContaining({ kind: 'dispute.updated', ...base, status: 'UNDER_REVIEW' }),
    ])
    const { event: closed } = fake.closeDispute(dispute.id, 'lost')
    expect((await verify(closed)).events).toEqual([
      expect.objectContaining({ kind: 'dispute.closed', ...base, status: 'LOST' }),
    ])
  })

  it.each([
    ['warning_needs_response', 'OPEN'],
    ['needs_response', 'OPEN'],
    ['warning_under_review', 'UNDER_REVIEW'],
    ['under_review', 'UNDER_REVIEW'],
    ['won', 'WON'],
    ['warning_closed', 'WON'],
    ['lost', 'LOST'],
  ] as const)('dispute status %s → %s', async (stripeStatus, status) => {
    const { sessionId } = await openSession()
    const { paymentIntent } = fake.completeCheckout(sessionId)
    const { event } = fake.createDispute(paymentIntent.id, { status: stripeStatus })
    expect((await verify(event)).events).toEqual([expect.objectContaining({ status })])
  })

  it('event types Berth does not use → no events', async () => {
    const { sessionId } = await openSession()
    fake.completeCheckout(sessionId)
    for (const type of ['payment_intent.succeeded', 'charge.succeeded']) {
      const verified = await verify(fake.lastEvent(type))
      expect(verified.events).toEqual([])
      expect(verified.type).toBe(type)
    }
    const unknown = {
      ...fake.lastEvent('charge.succeeded'),
      id: 'evt_unknown',
      type: 'customer.created',
    } as unknown as Stripe.Event
    expect((await verify(unknown)).events).toEqual([])
  })
})
