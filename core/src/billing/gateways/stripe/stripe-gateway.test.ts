import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeStripe, type FakeStripe } from '../../../../../tests/fakes/stripe'
import { GatewayError, type CheckoutRequest, type GatewaySettings } from '../payment-gateway'
import { stripeGateway } from '.'

let fake: FakeStripe
let settings: GatewaySettings
let seq = 0

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
beforeEach(() => {
  seq += 1
})

function checkout(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    paymentSessionId: `ps_${seq}_${Math.random().toString(36).slice(2)}`,
    invoiceId: `inv_${seq}`,
    invoiceNumber: `INV-2026-${String(seq).padStart(4, '0')}`,
    clientId: 'client_1',
    clientEmail: 'jane@example.com',
    currency: 'USD',
    amount: 1999n,
    exponent: 2,
    description: 'Invoice INV-2026-0001',
    returnUrl: 'http://portal.test/invoices/inv_1/paid',
    cancelUrl: 'http://portal.test/invoices/inv_1',
    ...overrides,
  }
}

describe('createCheckout', () => {
  it('creates a Checkout Session for the invoice, with our ids on it and our session id as idempotency key', async () => {
    const request = checkout()
    const started = await stripeGateway.createCheckout(settings, request)
    expect(started.gatewaySessionId).toMatch(/^cs_test_/)
    expect(started.redirectUrl).toBe(`${fake.url}/c/pay/${started.gatewaySessionId}`)

    const sent = fake.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')
      .at(-1)!
    expect(sent.idempotencyKey).toBe(`berth-checkout-${request.paymentSessionId}`)
    const metadata = {
      paymentSessionId: request.paymentSessionId,
      invoiceId: request.invoiceId,
      invoiceNumber: request.invoiceNumber,
      clientId: 'client_1',
    }
    expect(sent.params).toMatchObject({
      mode: 'payment',
      client_reference_id: request.paymentSessionId,
      customer_email: 'jane@example.com',
      line_items: [
        {
          quantity: '1',
          price_data: {
            currency: 'usd',
            unit_amount: '1999',
            product_data: { name: 'Invoice INV-2026-0001' },
          },
        },
      ],
      metadata,
      payment_intent_data: { metadata, description: `Invoice ${request.invoiceNumber}` },
      success_url: 'http://portal.test/invoices/inv_1/paid?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://portal.test/invoices/inv_1',
    })
    const session = fake.session(started.gatewaySessionId)
    expect(session).toMatchObject({
      amount_total: 1999,
      currency: 'usd',
      client_reference_id: request.paymentSessionId,
      metadata,
    })
  })

  it('returns the same session when called twice for one payment session', async () => {
    const request = checkout()
    const first = await stripeGateway.createCheckout(settings, request)
    const second = await stripeGateway.createCheckout(settings, request)
    expect(second.gatewaySessionId).toBe(first.gatewaySessionId)
  })

  it('keeps an existing query string on the return URL', async () => {
    const started = await stripeGateway.createCheckout(
      settings,
      checkout({ returnUrl: 'http://portal.test/pay/return?gateway=stripe' }),
    )
    expect(fake.session(started.gatewaySessionId).success_url).toBe(
      'http://portal.test/pay/return?gateway=stripe&session_id={CHECKOUT_SESSION_ID}',
    )
  })

  it('sends zero-decimal currencies as whole units', async () => {
    const started = await stripeGateway.createCheckout(
      settings,
      checkout({ currency: 'JPY', amount: 5000n, exponent: 0 }),
    )
    expect(fake.session(started.gatewaySessionId)).toMatchObject({ amount_total: 5000, currency: 'jpy' })
  })

  it('refuses an amount a number cannot hold before calling Stripe', async () => {
    const before = fake.requests.length
    const error = await stripeGateway
      .createCheckout(settings, checkout({ amount: 2n ** 53n + 1n }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).gatewayCode).toBe('amount_too_large')
    expect(fake.requests.length).toBe(before)
  })

  it("passes Stripe's own refusal on as a GatewayError (above Stripe's maximum)", async () => {
    const error = await stripeGateway
      .createCheckout(settings, checkout({ amount: 100_000_000n }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).gatewayCode).toBe('amount_too_large')
    expect((error as GatewayError).message).toMatch(/^Stripe could not start the checkout: .*no more than/)
  })
})

describe('completeCheckout', () => {
  it('reports nothing while the session is still open', async () => {
    const started = await stripeGateway.createCheckout(settings, checkout())
    expect(
      await stripeGateway.completeCheckout(settings, {
        gatewaySessionId: started.gatewaySessionId,
        query: {},
      }),
    ).toEqual([])
  })

  it('reports a card payment as succeeded with the PaymentIntent id and the fee from the balance transaction', async () => {
    const request = checkout()
    const started = await stripeGateway.createCheckout(settings, request)
    const paid = fake.completeCheckout(started.gatewaySessionId)
    const events = await stripeGateway.completeCheckout(settings, {
      gatewaySessionId: started.gatewaySessionId,
      query: { session_id: started.gatewaySessionId },
    })
    const fee = fake.balanceTransaction(paid.charge.balance_transaction as string).fee
    expect(fee).toBe(Math.round(1999 * 0.029) + 30)
    expect(events).toEqual([
      {
        kind: 'payment.succeeded',
        gatewayTransactionId: paid.paymentIntent.id,
        gatewaySessionId: started.gatewaySessionId,
        paymentSessionId: request.paymentSessionId,
        amount: 1999n,
        currency: 'USD',
        fee: BigInt(fee),
        occurredAt: new Date(paid.charge.created * 1000),
      },
    ])
  })

  it('reports an asynchronous method as pending, then failed or succeeded', async () => {
    const a = await stripeGateway.createCheckout(settings, checkout())
    fake.completeCheckout(a.gatewaySessionId, { async: true })
    const pending = await stripeGateway.completeCheckout(settings, {
      gatewaySessionId: a.gatewaySessionId,
      query: {},
    })
    expect(pending).toEqual([
      expect.objectContaining({ kind: 'payment.pending', gatewaySessionId: a.gatewaySessionId }),
    ])

    fake.failAsyncPayment(a.gatewaySessionId)
    const failed = await stripeGateway.completeCheckout(settings, {
      gatewaySessionId: a.gatewaySessionId,
      query: {},
    })
    expect(failed).toEqual([
      expect.objectContaining({
        kind: 'payment.failed',
        reason: expect.stringMatching(/insufficient funds/),
      }),
    ])

    const b = await stripeGateway.createCheckout(settings, checkout())
    fake.completeCheckout(b.gatewaySessionId, { async: true })
    const cleared = fake.succeedAsyncPayment(b.gatewaySessionId)
    const succeeded = await stripeGateway.completeCheckout(settings, {
      gatewaySessionId: b.gatewaySessionId,
      query: {},
    })
    expect(succeeded).toEqual([
      expect.objectContaining({
        kind: 'payment.succeeded',
        gatewayTransactionId: cleared.paymentIntent.id,
        amount: 1999n,
      }),
    ])
  })

  it('reports an expired session as failed', async () => {
    const started = await stripeGateway.createCheckout(settings, checkout())
    fake.expireSession(started.gatewaySessionId)
    const events = await stripeGateway.completeCheckout(settings, {
      gatewaySessionId: started.gatewaySessionId,
      query: {},
    })
    expect(events).toEqual([
      expect.objectContaining({ kind: 'payment.failed', gatewaySessionId: started.gatewaySessionId }),
    ])
  })

  it('turns an unknown session into a GatewayError', async () => {
    await expect(
      stripeGateway.completeCheckout(settings, { gatewaySessionId: 'cs_test_nope', query: {} }),
    ).rejects.toThrow(GatewayError)
  })
})

describe('the fee in another settlement currency', () => {
  it('scales the balance transaction fee back to the charge currency', async () => {
    const eurAccount = await startFakeStripe({ settlementCurrency: 'eur', exchangeRate: 0.9 })
    process.env.BERTH_STRIPE_API_BASE = eurAccount.url
    try {
      const s = {
        ...settings,
        secrets: { secretKey: eurAccount.secretKey, webhookSecret: eurAccount.webhookSecret },
      }
      const started = await stripeGateway.createCheckout(s, checkout({ amount: 10_000n }))
      const paid = eurAccount.completeCheckout(started.gatewaySessionId)
      const txn = eurAccount.balanceTransaction(paid.charge.balance_transaction as string)
      expect(txn).toMatchObject({ currency: 'eur', amount: 9000, fee: Math.round(9000 * 0.029) + 30 })
      const [event] = await stripeGateway.completeCheckout(s, {
        gatewaySessionId: started.gatewaySessionId,
        query: {},
      })
      // 291 EUR cents of fee on 9000 settled for 10000 charged → 323.33… → 323 USD cents
      expect(event).toMatchObject({ kind: 'payment.succeeded', amount: 10_000n, currency: 'USD', fee: 323n })
    } finally {
      process.env.BERTH_STRIPE_API_BASE = fake.url
      await eurAccount.stop()
    }
  })
})

describe('refund', () => {
  async function paidPayment(amount = 5000n) {
    const started = await stripeGateway.createCheckout(settings, checkout({ amount }))
    return fake.completeCheckout(started.gatewaySessionId).paymentIntent
  }

  it('refunds part of a payment, once per idempotency key', async () => {
    const intent = await paidPayment()
    const request = {
      gatewayTransactionId: intent.id,
      amount: 1500n,
      currency: 'USD',
      exponent: 2,
      reason: 'Cancelled within 7 days',
      idempotencyKey: `refund-${seq}`,
    }
    const result = await stripeGateway.refund(settings, request)
    expect(result.status).toBe('succeeded')
    expect(fake.refund(result.gatewayRefundId)).toMatchObject({
      amount: 1500,
      payment_intent: intent.id,
      metadata: { reason: 'Cancelled within 7 days' },
    })
    const again = await stripeGateway.refund(settings, request)
    expect(again.gatewayRefundId).toBe(result.gatewayRefundId)
    expect(fake.charge(intent.latest_charge as string).amount_refunded).toBe(1500)
    const sent = fake.requests.filter((r) => r.path === '/v1/refunds' && r.method === 'POST').at(-1)!
    expect(sent.idempotencyKey).toBe(request.idempotencyKey)
  })

  it('reports a pending refund as pending', async () => {
    const intent = await paidPayment()
    fake.setNextRefundStatus('pending')
    try {
      const result = await stripeGateway.refund(settings, {
        gatewayTransactionId: intent.id,
        amount: 100n,
        currency: 'USD',
        exponent: 2,
        idempotencyKey: `refund-p-${seq}`,
      })
      expect(result.status).toBe('pending')
    } finally {
      fake.setNextRefundStatus('succeeded')
    }
  })

  it('refuses more than what is left, with a message for staff', async () => {
    const intent = await paidPayment(1000n)
    const error = await stripeGateway
      .refund(settings, {
        gatewayTransactionId: intent.id,
        amount: 1001n,
        currency: 'USD',
        exponent: 2,
        idempotencyKey: `refund-x-${seq}`,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).message).toMatch(/^Stripe could not refund the payment: Refund amount/)
  })

  it('refuses a refund in another currency than the payment, before moving money', async () => {
    const intent = await paidPayment()
    const refundsBefore = fake.requests.filter((r) => r.path === '/v1/refunds').length
    await expect(
      stripeGateway.refund(settings, {
        gatewayTransactionId: intent.id,
        amount: 100n,
        currency: 'EUR',
        exponent: 2,
        idempotencyKey: `refund-c-${seq}`,
      }),
    ).rejects.toMatchObject({ name: 'GatewayError', gatewayCode: 'currency_mismatch' })
    expect(fake.requests.filter((r) => r.path === '/v1/refunds').length).toBe(refundsBefore)
  })
})

describe('testConnection and settings', () => {
  it('passes with the right key', async () => {
    await expect(stripeGateway.testConnection(settings)).resolves.toBeUndefined()
  })

  it('fails with a wrong key, a live key in test mode, or no webhook secret', async () => {
    await expect(
      stripeGateway.testConnection({
        ...settings,
        secrets: { ...settings.secrets, secretKey: 'sk_test_wrong' },
      }),
    ).rejects.toThrow('Stripe refused the secret key')
    await expect(
      stripeGateway.testConnection({
        ...settings,
        secrets: { ...settings.secrets, secretKey: 'sk_live_abc' },
      }),
    ).rejects.toMatchObject({
      gatewayCode: 'mode_mismatch',
    })
    await expect(stripeGateway.testConnection({ ...settings, isTestMode: false })).rejects.toMatchObject({
      gatewayCode: 'mode_mismatch',
    })
    await expect(
      stripeGateway.testConnection({ ...settings, secrets: { secretKey: fake.secretKey } }),
    ).rejects.toMatchObject({ gatewayCode: 'not_configured' })
    await expect(
      stripeGateway.testConnection({
        ...settings,
        secrets: { secretKey: 'pk_test_1', webhookSecret: fake.webhookSecret },
      }),
    ).rejects.toMatchObject({
      gatewayCode: 'bad_key',
    })
  })

  it('declares its settings', () => {
    expect(stripeGateway.secretFields.map((f) => f.key)).toEqual(['secretKey', 'webhookSecret'])
    expect(stripeGateway.publicFields).toEqual([])
  })
})
