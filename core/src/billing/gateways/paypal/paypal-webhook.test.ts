import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakePayPal, type FakePayPal, type Json } from '../../../../../tests/fakes/paypal'
import { GatewayError, WebhookSignatureError, type GatewaySettings } from '../payment-gateway'
import { paypalGateway } from '.'

let fake: FakePayPal
let settings: GatewaySettings
let seq = 0

beforeAll(async () => {
  fake = await startFakePayPal()
  process.env.BERTH_PAYPAL_API_BASE = fake.url
  settings = {
    isTestMode: true,
    secrets: { clientSecret: fake.clientSecret },
    publicConfig: { clientId: fake.clientId, webhookId: fake.webhookId },
  }
})
afterAll(async () => {
  delete process.env.BERTH_PAYPAL_API_BASE
  await fake.stop()
})

async function paidOrder(outcome?: 'COMPLETED' | 'PENDING' | 'DECLINED', amount = 2500n) {
  seq += 1
  const paymentSessionId = `ps-wh-${seq}`
  const started = await paypalGateway.createCheckout(settings, {
    paymentSessionId,
    invoiceId: `inv_${seq}`,
    invoiceNumber: `INV-WH-${seq}`,
    clientId: 'c1',
    clientEmail: 'jane@example.com',
    currency: 'EUR',
    amount,
    exponent: 2,
    description: 'Hosting',
    returnUrl: 'http://portal.test/return',
    cancelUrl: 'http://portal.test/cancel',
  })
  fake.approveOrder(started.gatewaySessionId, { captureOutcome: outcome })
  await paypalGateway.completeCheckout(settings, { gatewaySessionId: started.gatewaySessionId, query: {} })
  const capture = fake.captureOf(started.gatewaySessionId)
  return { paymentSessionId, orderId: started.gatewaySessionId, captureId: capture.id as string, capture }
}

async function verify(event: Json) {
  const signed = fake.signedWebhook(event)
  return paypalGateway.verifyWebhook(settings, { rawBody: signed.body, headers: signed.headers })
}

describe('signature verification (PayPal verify-webhook-signature)', () => {
  it('accepts an event PayPal signed, and returns its id, type and payload', async () => {
    const { captureId } = await paidOrder()
    const event = fake.lastEvent('PAYMENT.CAPTURE.COMPLETED')
    const verified = await verify(event)
    expect(verified).toMatchObject({
      eventId: event.id,
      type: 'PAYMENT.CAPTURE.COMPLETED',
      payload: { id: event.id, resource: { id: captureId } },
    })
    const sent = fake.requests.filter((r) => r.path === '/v1/notifications/verify-webhook-signature').at(-1)!
    expect(sent.body).toMatchObject({
      webhook_id: fake.webhookId,
      auth_algo: 'SHA256withRSA',
      webhook_event: { id: event.id },
    })
  })

  it('gives the same events again from the stored payload (staff reprocessing), and refuses what is not a PayPal event', async () => {
    await paidOrder()
    const verified = await verify(fake.lastEvent('PAYMENT.CAPTURE.COMPLETED'))
    expect(verified.events.length).toBeGreaterThan(0)
    const stored = JSON.parse(JSON.stringify(verified.payload)) as unknown
    expect(await paypalGateway.eventsOfStoredWebhook(settings, stored)).toEqual(verified.events)
    await expect(
      paypalGateway.eventsOfStoredWebhook(settings, { rawBody: '{}', truncated: false }),
    ).rejects.toThrow('The stored event is not a PayPal event.')
  })

  it('finds the transmission headers whatever their case', async () => {
    await paidOrder()
    const event = fake.lastEvent('PAYMENT.CAPTURE.COMPLETED')
    const signed = fake.signedWebhook(event)
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toUpperCase(), v]))
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: signed.body, headers }),
    ).resolves.toMatchObject({ eventId: event.id })
  })

  it('refuses a body changed after signing', async () => {
    await paidOrder()
    const signed = fake.signedWebhook(fake.lastEvent('PAYMENT.CAPTURE.COMPLETED'))
    const tampered = signed.body.replace('"value":"25.00"', '"value":"2500.00"')
    expect(tampered).not.toBe(signed.body)
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: tampered, headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
  })

  it('refuses a transmission PayPal never sent (forged headers) and one checked against another webhook id', async () => {
    await paidOrder()
    const event = fake.lastEvent('PAYMENT.CAPTURE.COMPLETED')
    const signed = fake.signedWebhook(event)
    const forged = { ...signed.headers, 'paypal-transmission-id': '6f3a0b52-0000-4000-8000-000000000000' }
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: signed.body, headers: forged }),
    ).rejects.toThrow(WebhookSignatureError)
    const otherWebhook = {
      ...settings,
      publicConfig: { ...settings.publicConfig, webhookId: '9XX99999XX999999X' },
    }
    await expect(
      paypalGateway.verifyWebhook(otherWebhook, { rawBody: signed.body, headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
    const signedForOther = fake.signedWebhook(event, { webhookId: '9XX99999XX999999X' })
    await expect(
      paypalGateway.verifyWebhook(settings, {
        rawBody: signedForOther.body,
        headers: signedForOther.headers,
      }),
    ).rejects.toThrow(WebhookSignatureError)
  })

  it('refuses missing transmission headers and bodies that are not events, without asking PayPal', async () => {
    await paidOrder()
    const signed = fake.signedWebhook(fake.lastEvent('PAYMENT.CAPTURE.COMPLETED'))
    const before = fake.requests.length
    const { 'paypal-transmission-sig': _sig, ...withoutSig } = signed.headers
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: signed.body, headers: withoutSig }),
    ).rejects.toThrow(/PAYPAL-TRANSMISSION-SIG/)
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: 'not json', headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: '[1,2]', headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: '{"a":1}, {"b":2}', headers: signed.headers }),
    ).rejects.toThrow(WebhookSignatureError)
    expect(fake.requests.length).toBe(before)
  })

  it('forwards the event byte for byte (a re-serialized event would not match its signature)', async () => {
    await paidOrder()
    const event = fake.lastEvent('PAYMENT.CAPTURE.COMPLETED')
    // PayPal's body may escape characters that JSON.stringify would write literally, and be spaced
    const body = JSON.stringify(event, null, 1).replace(
      '"summary": "Payment completed',
      '"summary": "Paiement r\\u00e9ussi, payment completed',
    )
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body)
    const signed = fake.signedWebhook(event, { body })
    await expect(
      paypalGateway.verifyWebhook(settings, { rawBody: signed.body, headers: signed.headers }),
    ).resolves.toMatchObject({ eventId: event.id })
  })

  it('is a GatewayError, not a signature error, when PayPal cannot be asked', async () => {
    await paidOrder()
    const signed = fake.signedWebhook(fake.lastEvent('PAYMENT.CAPTURE.COMPLETED'))
    process.env.BERTH_PAYPAL_API_BASE = 'http://127.0.0.1:9'
    try {
      const error = await paypalGateway
        .verifyWebhook(settings, { rawBody: signed.body, headers: signed.headers })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(GatewayError)
    } finally {
      process.env.BERTH_PAYPAL_API_BASE = fake.url
    }
  })

  it('needs the webhook id setting', async () => {
    const signed = fake.signedWebhook({ id: 'WH-1', event_type: 'PAYMENT.CAPTURE.COMPLETED' })
    await expect(
      paypalGateway.verifyWebhook(
        { ...settings, publicConfig: { clientId: fake.clientId } },
        { rawBody: signed.body, headers: signed.headers },
      ),
    ).rejects.toMatchObject({
      gatewayCode: 'not_configured',
    })
  })
})

describe('event mapping', () => {
  it('PAYMENT.CAPTURE.COMPLETED → payment.succeeded with order id, our session id and the fee', async () => {
    const { paymentSessionId, orderId, captureId, capture } = await paidOrder()
    const { events } = await verify(fake.lastEvent('PAYMENT.CAPTURE.COMPLETED'))
    expect(events).toEqual([
      {
        kind: 'payment.succeeded',
        gatewayTransactionId: captureId,
        gatewaySessionId: orderId,
        paymentSessionId,
        amount: 2500n,
        currency: 'EUR',
        fee: 136n, // 3.49% of 25.00 = 0.87 + 0.49
        occurredAt: new Date(capture.create_time as string),
      },
    ])
  })

  it('PAYMENT.CAPTURE.PENDING → payment.pending; then COMPLETED or DENIED', async () => {
    const a = await paidOrder('PENDING')
    expect((await verify(fake.lastEvent('PAYMENT.CAPTURE.PENDING'))).events).toEqual([
      {
        kind: 'payment.pending',
        gatewaySessionId: a.orderId,
        paymentSessionId: a.paymentSessionId,
        reason: 'PayPal holds the payment: ECHECK',
      },
    ])
    const completed = fake.completePendingCapture(a.captureId)
    expect((await verify(completed)).events).toEqual([
      expect.objectContaining({ kind: 'payment.succeeded', gatewayTransactionId: a.captureId, fee: 136n }),
    ])

    const b = await paidOrder('PENDING')
    const denied = fake.denyPendingCapture(b.captureId)
    expect((await verify(denied)).events).toEqual([
      {
        kind: 'payment.failed',
        gatewaySessionId: b.orderId,
        paymentSessionId: b.paymentSessionId,
        reason: expect.stringContaining('declined'),
      },
    ])
  })

  it('PAYMENT.CAPTURE.DECLINED → payment.failed', async () => {
    const { orderId } = await paidOrder('DECLINED')
    expect((await verify(fake.lastEvent('PAYMENT.CAPTURE.DECLINED'))).events).toEqual([
      expect.objectContaining({ kind: 'payment.failed', gatewaySessionId: orderId }),
    ])
  })

  it('PAYMENT.CAPTURE.REFUNDED → refund.succeeded against the capture (from the refund’s "up" link)', async () => {
    const { captureId } = await paidOrder()
    const result = await paypalGateway.refund(settings, {
      gatewayTransactionId: captureId,
      amount: 1000n,
      currency: 'EUR',
      exponent: 2,
      idempotencyKey: `wh-r-${seq}`,
    })
    const event = fake.lastEvent('PAYMENT.CAPTURE.REFUNDED')
    const refund = fake.refund(result.gatewayRefundId)
    expect((await verify(event)).events).toEqual([
      {
        kind: 'refund.succeeded',
        gatewayRefundId: result.gatewayRefundId,
        gatewayTransactionId: captureId,
        amount: 1000n,
        currency: 'EUR',
        occurredAt: new Date(refund.update_time as string),
      },
    ])
  })

  it('PAYMENT.CAPTURE.REVERSED → refund.succeeded for what PayPal took back', async () => {
    const { captureId } = await paidOrder()
    const reversal = fake.reverseCapture(captureId)
    expect((await verify(fake.lastEvent('PAYMENT.CAPTURE.REVERSED'))).events).toEqual([
      expect.objectContaining({
        kind: 'refund.succeeded',
        gatewayRefundId: reversal.id,
        gatewayTransactionId: captureId,
        amount: 2500n,
      }),
    ])
  })

  it('a refund event without the link to its capture is an error, not a silent drop', async () => {
    const { captureId } = await paidOrder()
    fake.createRefund(captureId)
    const event = structuredClone(fake.lastEvent('PAYMENT.CAPTURE.REFUNDED'))
    ;(event.resource as Json).links = []
    await expect(verify(event)).rejects.toMatchObject({
      name: 'GatewayError',
      gatewayCode: 'missing_capture',
    })
  })

  it('CUSTOMER.DISPUTE.CREATED / UPDATED / RESOLVED → dispute events', async () => {
    const { captureId } = await paidOrder()
    const { dispute, event: created } = fake.createDispute(captureId)
    const base = {
      gatewayDisputeId: dispute.dispute_id,
      gatewayTransactionId: captureId,
      amount: 2500n,
      currency: 'EUR',
      reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
    }
    expect((await verify(created)).events).toEqual([
      {
        kind: 'dispute.opened',
        ...base,
        status: 'OPEN',
        evidenceDueAt: new Date(dispute.seller_response_due_date as string),
      },
    ])
    const { event: updated } = fake.updateDispute(dispute.dispute_id as string, 'UNDER_REVIEW')
    expect((await verify(updated)).events).toEqual([
      expect.objectContaining({ kind: 'dispute.updated', ...base, status: 'UNDER_REVIEW' }),
    ])
    const { event: resolved } = fake.resolveDispute(dispute.dispute_id as string, 'RESOLVED_SELLER_FAVOUR')
    expect((await verify(resolved)).events).toEqual([
      expect.objectContaining({ kind: 'dispute.closed', ...base, status: 'WON' }),
    ])
  })

  it.each([
    ['RESOLVED_BUYER_FAVOUR', 'LOST'],
    ['ACCEPTED', 'LOST'],
    ['RESOLVED_SELLER_FAVOUR', 'WON'],
    ['CANCELED_BY_BUYER', 'WON'],
    ['DENIED', 'WON'],
  ] as const)('a dispute resolved %s → %s', async (outcome, status) => {
    const { captureId } = await paidOrder()
    const { dispute } = fake.createDispute(captureId)
    const { event } = fake.resolveDispute(dispute.dispute_id as string, outcome)
    expect((await verify(event)).events).toEqual([
      expect.objectContaining({ kind: 'dispute.closed', status }),
    ])
  })

  it('WAITING_FOR_SELLER_RESPONSE is still an open dispute', async () => {
    const { captureId } = await paidOrder()
    const { dispute } = fake.createDispute(captureId)
    const { event } = fake.updateDispute(dispute.dispute_id as string, 'WAITING_FOR_SELLER_RESPONSE')
    expect((await verify(event)).events).toEqual([
      expect.objectContaining({ kind: 'dispute.updated', status: 'OPEN' }),
    ])
  })

  it('event types Berth does not use → no events', async () => {
    await paidOrder()
    for (const type of ['CHECKOUT.ORDER.APPROVED', 'CHECKOUT.ORDER.COMPLETED']) {
      const verified = await verify(fake.lastEvent(type))
      expect(verified).toMatchObject({ type, events: [] })
    }
    const unknown = {
      ...fake.lastEvent('CHECKOUT.ORDER.COMPLETED'),
      id: 'WH-UNKNOWN',
      event_type: 'BILLING.SUBSCRIPTION.CREATED',
    }
    expect((await verify(unknown)).events).toEqual([])
  })
})
