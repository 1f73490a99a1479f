import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakePayPal, type FakePayPal, type Json } from '../../../../../tests/fakes/paypal'
import { GatewayError, type CheckoutRequest, type GatewaySettings } from '../payment-gateway'
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

function checkout(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  seq += 1
  return {
    paymentSessionId: `ps-${seq}-${Math.random().toString(36).slice(2)}`,
    invoiceId: `inv_${seq}`,
    invoiceNumber: `INV-2026-${String(seq).padStart(4, '0')}`,
    clientId: 'client_1',
    clientEmail: 'jane@example.com',
    currency: 'USD',
    amount: 1999n,
    exponent: 2,
    description: `Invoice INV-2026-${seq}`,
    returnUrl: 'http://portal.test/pay/paypal/return',
    cancelUrl: 'http://portal.test/invoices/inv_1',
    ...overrides,
  }
}

const lastRequest = (method: string, pattern: RegExp) =>
  fake.requests.filter((r) => r.method === method && pattern.test(r.path)).at(-1)!

async function approvedOrder(
  overrides: Partial<CheckoutRequest> = {},
  outcome?: 'COMPLETED' | 'PENDING' | 'DECLINED' | 'INSTRUMENT_DECLINED',
) {
  const request = checkout(overrides)
  const started = await paypalGateway.createCheckout(settings, request)
  fake.approveOrder(started.gatewaySessionId, { captureOutcome: outcome })
  return { request, orderId: started.gatewaySessionId }
}

describe('createCheckout', () => {
  it('creates an Orders v2 order carrying our ids, and sends the browser to the payer-action link', async () => {
    const request = checkout()
    const started = await paypalGateway.createCheckout(settings, request)
    expect(started.redirectUrl).toBe(`${fake.url}/checkoutnow?token=${started.gatewaySessionId}`)
    const sent = lastRequest('POST', /^\/v2\/checkout\/orders$/)
    expect(sent.paypalRequestId).toBe(request.paymentSessionId)
    expect(sent.prefer).toBe('return=representation')
    expect(sent.body).toEqual({
      intent: 'CAPTURE',
      purchase_units: [
        {
          custom_id: request.paymentSessionId,
          invoice_id: request.invoiceNumber,
          description: request.description,
          amount: { currency_code: 'USD', value: '19.99' },
        },
      ],
      payment_source: {
        paypal: {
          experience_context: {
            return_url: request.returnUrl,
            cancel_url: request.cancelUrl,
            user_action: 'PAY_NOW',
            shipping_preference: 'NO_SHIPPING',
            landing_page: 'NO_PREFERENCE',
          },
        },
      },
    })
    expect(fake.order(started.gatewaySessionId)).toMatchObject({
      status: 'PAYER_ACTION_REQUIRED',
      purchase_units: [{ custom_id: request.paymentSessionId }],
    })
  })

  it('returns the same order when called twice for one payment session (PayPal-Request-Id)', async () => {
    const request = checkout()
    const first = await paypalGateway.createCheckout(settings, request)
    const second = await paypalGateway.createCheckout(settings, request)
    expect(second.gatewaySessionId).toBe(first.gatewaySessionId)
  })

  it.each([
    ['JPY', 5000n, 0, '5000'],
    ['HUF', 150_000n, 2, '1500'],
    ['EUR', 5n, 2, '0.05'],
    ['USD', 2n ** 53n + 1n, 2, '90071992547409.93'],
  ])('sends %s %s (exponent %s) as "%s"', async (currency, amount, exponent, value) => {
    const started = await paypalGateway.createCheckout(settings, checkout({ currency, amount, exponent }))
    expect((fake.order(started.gatewaySessionId).purchase_units as Json[])[0]!.amount).toEqual({
      currency_code: currency,
      value,
    })
  })

  it.each([
    ['IDR', 100_000n, 2, 'unsupported_currency'],
    ['HUF', 150_050n, 2, 'invalid_amount'],
    ['USD', 1999n, 3, 'invalid_currency'],
    ['USD', 0n, 2, 'invalid_amount'],
    ['USD', 10n ** 17n, 2, 'amount_too_large'],
  ])('refuses %s %s (exponent %s) before calling PayPal: %s', async (currency, amount, exponent, code) => {
    const before = fake.requests.length
    await expect(
      paypalGateway.createCheckout(settings, checkout({ currency, amount, exponent })),
    ).rejects.toMatchObject({ name: 'GatewayError', gatewayCode: code })
    expect(fake.requests.length).toBe(before)
  })

  it('gets one OAuth token and reuses it, and replaces a token PayPal stopped accepting', async () => {
    await paypalGateway.createCheckout(settings, checkout())
    const tokensBefore = fake.tokenRequests
    await paypalGateway.createCheckout(settings, checkout())
    await paypalGateway.createCheckout(settings, checkout())
    expect(fake.tokenRequests).toBe(tokensBefore)
    fake.expireTokens()
    await paypalGateway.createCheckout(settings, checkout())
    expect(fake.tokenRequests).toBe(tokensBefore + 1)
  })
})

describe('completeCheckout', () => {
  it('reports nothing when the buyer has not approved', async () => {
    const started = await paypalGateway.createCheckout(settings, checkout())
    expect(
      await paypalGateway.completeCheckout(settings, {
        gatewaySessionId: started.gatewaySessionId,
        query: {},
      }),
    ).toEqual([])
  })

  it('captures an approved order: payment.succeeded with the capture id and PayPal fee', async () => {
    const { request, orderId } = await approvedOrder({ amount: 10_000n })
    const events = await paypalGateway.completeCheckout(settings, {
      gatewaySessionId: orderId,
      query: { token: orderId, PayerID: 'QYR5Z8XDVJNXQ' },
    })
    const capture = fake.captureOf(orderId)
    expect(capture.seller_receivable_breakdown).toMatchObject({
      paypal_fee: { currency_code: 'USD', value: '3.98' },
    })
    expect(events).toEqual([
      {
        kind: 'payment.succeeded',
        gatewayTransactionId: capture.id,
        gatewaySessionId: orderId,
        paymentSessionId: request.paymentSessionId,
        amount: 10_000n,
        currency: 'USD',
        fee: 398n,
        occurredAt: new Date(capture.create_time as string),
      },
    ])
    expect(lastRequest('POST', /\/capture$/).paypalRequestId).toBe(`capture-${orderId}`)
    // the browser comes back twice: same answer, one capture
    expect(await paypalGateway.completeCheckout(settings, { gatewaySessionId: orderId, query: {} })).toEqual(
      events,
    )
  })

  it('reads the order when it was captured under another request id (ORDER_ALREADY_CAPTURED)', async () => {
    const { orderId } = await approvedOrder()
    const token = await fetch(`${fake.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json() as Promise<{ access_token: string }>)
    const other = await fetch(`${fake.url}/v2/checkout/orders/${orderId}/capture`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token.access_token}`,
        'content-type': 'application/json',
        'paypal-request-id': 'someone-else',
      },
      body: '{}',
    })
    expect(other.status).toBe(201)
    const events = await paypalGateway.completeCheckout(settings, { gatewaySessionId: orderId, query: {} })
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'payment.succeeded',
        gatewayTransactionId: fake.captureOf(orderId).id,
      }),
    ])
  })

  it('reports a PENDING capture as payment.pending, a DECLINED one as payment.failed', async () => {
    const pending = await approvedOrder({}, 'PENDING')
    expect(
      await paypalGateway.completeCheckout(settings, { gatewaySessionId: pending.orderId, query: {} }),
    ).toEqual([
      {
        kind: 'payment.pending',
        gatewaySessionId: pending.orderId,
        paymentSessionId: pending.request.paymentSessionId,
        reason: 'PayPal holds the payment: ECHECK',
      },
    ])
    const declined = await approvedOrder({}, 'DECLINED')
    expect(
      await paypalGateway.completeCheckout(settings, { gatewaySessionId: declined.orderId, query: {} }),
    ).toEqual([
      expect.objectContaining({
        kind: 'payment.failed',
        gatewaySessionId: declined.orderId,
        paymentSessionId: declined.request.paymentSessionId,
      }),
    ])
  })

  it('reports INSTRUMENT_DECLINED as failed, and captures when the buyer comes back with another source', async () => {
    const { orderId } = await approvedOrder({}, 'INSTRUMENT_DECLINED')
    expect(await paypalGateway.completeCheckout(settings, { gatewaySessionId: orderId, query: {} })).toEqual([
      expect.objectContaining({
        kind: 'payment.failed',
        reason: expect.stringContaining('INSTRUMENT_DECLINED'),
      }),
    ])
    expect(await paypalGateway.completeCheckout(settings, { gatewaySessionId: orderId, query: {} })).toEqual([
      expect.objectContaining({ kind: 'payment.succeeded' }),
    ])
  })

  it('reports DUPLICATE_INVOICE_ID (account blocks repeated invoice numbers) as failed', async () => {
    const strict = await startFakePayPal({ uniqueInvoiceIds: true })
    process.env.BERTH_PAYPAL_API_BASE = strict.url
    try {
      const s = {
        ...settings,
        secrets: { clientSecret: strict.clientSecret },
        publicConfig: { clientId: strict.clientId, webhookId: strict.webhookId },
      }
      const pay = async (paymentSessionId: string) => {
        const started = await paypalGateway.createCheckout(
          s,
          checkout({ paymentSessionId, invoiceNumber: 'INV-SAME' }),
        )
        strict.approveOrder(started.gatewaySessionId)
        return paypalGateway.completeCheckout(s, { gatewaySessionId: started.gatewaySessionId, query: {} })
      }
      expect(await pay('ps-dup-1')).toEqual([expect.objectContaining({ kind: 'payment.succeeded' })])
      expect(await pay('ps-dup-2')).toEqual([
        expect.objectContaining({
          kind: 'payment.failed',
          reason: expect.stringContaining('DUPLICATE_INVOICE_ID'),
        }),
      ])
    } finally {
      process.env.BERTH_PAYPAL_API_BASE = fake.url
      await strict.stop()
    }
  })

  it('turns an unknown order into a GatewayError naming PayPal’s reason', async () => {
    const error = await paypalGateway
      .completeCheckout(settings, { gatewaySessionId: 'NOSUCHORDER000000', query: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).message).toMatch(
      /^PayPal could not capture the payment: Specified resource ID does not exist/,
    )
    expect((error as GatewayError).gatewayCode).toBe('INVALID_RESOURCE_ID')
  })
})

describe('refund', () => {
  async function capturedPayment(amount = 5000n) {
    const { orderId } = await approvedOrder({ amount })
    await paypalGateway.completeCheckout(settings, { gatewaySessionId: orderId, query: {} })
    return fake.captureOf(orderId).id as string
  }

  it('refunds part of a capture, once per idempotency key (PayPal-Request-Id)', async () => {
    const captureId = await capturedPayment()
    const request = {
      gatewayTransactionId: captureId,
      amount: 500n,
      currency: 'USD',
      exponent: 2,
      reason: 'goodwill',
      idempotencyKey: `refund-${seq}`,
    }
    const result = await paypalGateway.refund(settings, request)
    expect(result.status).toBe('succeeded')
    const sent = lastRequest('POST', /\/refund$/)
    expect(sent).toMatchObject({
      path: `/v2/payments/captures/${captureId}/refund`,
      paypalRequestId: request.idempotencyKey,
      body: { amount: { currency_code: 'USD', value: '5.00' } },
    })
    expect(await paypalGateway.refund(settings, request)).toEqual(result)
    expect(fake.capture(captureId).status).toBe('PARTIALLY_REFUNDED')
    expect(fake.refund(result.gatewayRefundId).amount).toEqual({ currency_code: 'USD', value: '5.00' })
  })

  it('reports a pending refund as pending', async () => {
    const captureId = await capturedPayment()
    fake.setNextRefundStatus('PENDING')
    try {
      expect(
        (
          await paypalGateway.refund(settings, {
            gatewayTransactionId: captureId,
            amount: 100n,
            currency: 'USD',
            exponent: 2,
            idempotencyKey: `r-p-${seq}`,
          })
        ).status,
      ).toBe('pending')
    } finally {
      fake.setNextRefundStatus('COMPLETED')
    }
  })

  it.each([
    [5001n, 'USD', 'REFUND_AMOUNT_EXCEEDED'],
    [100n, 'EUR', 'REFUND_CAPTURE_CURRENCY_MISMATCH'],
  ])('refuses %s %s with PayPal’s reason (%s)', async (amount, currency, code) => {
    const captureId = await capturedPayment()
    const error = await paypalGateway
      .refund(settings, {
        gatewayTransactionId: captureId,
        amount,
        currency,
        exponent: 2,
        idempotencyKey: `r-x-${seq}-${code}`,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).gatewayCode).toBe(code)
    expect((error as GatewayError).message).toMatch(
      /^PayPal could not refund the payment: .+\(PayPal debug id [0-9a-f]+\)$/,
    )
  })
})

describe('testConnection and settings', () => {
  it('passes with the right credentials, asking for a fresh token', async () => {
    const before = fake.tokenRequests
    await expect(paypalGateway.testConnection(settings)).resolves.toBeUndefined()
    expect(fake.tokenRequests).toBe(before + 1)
  })

  it('fails with a wrong secret, or without a webhook id', async () => {
    await expect(
      paypalGateway.testConnection({ ...settings, secrets: { clientSecret: 'wrong' } }),
    ).rejects.toThrow('PayPal refused the client ID or secret')
    await expect(
      paypalGateway.testConnection({ ...settings, publicConfig: { clientId: fake.clientId } }),
    ).rejects.toMatchObject({ gatewayCode: 'not_configured' })
    await expect(
      paypalGateway.createCheckout({ ...settings, secrets: {} }, checkout()),
    ).rejects.toMatchObject({ gatewayCode: 'not_configured' })
  })

  it('says when PayPal cannot be reached', async () => {
    process.env.BERTH_PAYPAL_API_BASE = 'http://127.0.0.1:9'
    try {
      await expect(paypalGateway.testConnection(settings)).rejects.toMatchObject({
        name: 'GatewayError',
        gatewayCode: 'unreachable',
      })
    } finally {
      process.env.BERTH_PAYPAL_API_BASE = fake.url
    }
  })

  it('declares its settings', () => {
    expect(paypalGateway.secretFields.map((f) => f.key)).toEqual(['clientSecret'])
    expect(paypalGateway.publicFields.map((f) => f.key)).toEqual(['clientId', 'webhookId'])
  })
})
