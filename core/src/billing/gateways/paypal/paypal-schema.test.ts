import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaIssues, startFakePayPal, type FakePayPal } from '../../../../../tests/fakes/paypal'
import type { GatewaySettings } from '../payment-gateway'
import { paypalGateway } from '.'

/**
 * What Berth sends to PayPal validates against PayPal's published request schemas (OpenAPI specs
 * in tests/fakes/fixtures/paypal). The fake refuses schema violations itself too, so every other
 * adapter test is also a schema test; this one checks the recorded bodies explicitly.
 */
let fake: FakePayPal
let settings: GatewaySettings

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

describe('requests Berth sends match PayPal’s OpenAPI request schemas', () => {
  it.each([
    ['USD', 1999n, 2, 'Invoice INV-1'],
    ['JPY', 120_000n, 0, 'Hébergement mensuel — ümlaut & symbols <ok>'],
    ['HUF', 990_000n, 2, 'x'.repeat(300)], // the description is cut to PayPal's 127 characters
  ])('create order: %s %s', async (currency, amount, exponent, description) => {
    const started = await paypalGateway.createCheckout(settings, {
      paymentSessionId: `ps-schema-${currency}`,
      invoiceId: 'inv_1',
      invoiceNumber: `INV-${currency}-1`,
      clientId: 'c1',
      clientEmail: 'jane@example.com',
      currency,
      amount,
      exponent,
      description,
      returnUrl: 'https://portal.example.com/billing/pay/paypal/return?invoice=1',
      cancelUrl: 'https://portal.example.com/invoices/1',
    })
    const sent = fake.requests.find(
      (r) => r.path === '/v2/checkout/orders' && r.paypalRequestId === `ps-schema-${currency}`,
    )!
    expect(schemaIssues('orders#order_request', sent.body)).toEqual([])
    expect(started.gatewaySessionId).toBeTruthy()
  })

  it('refund', async () => {
    const started = await paypalGateway.createCheckout(settings, {
      paymentSessionId: 'ps-schema-refund',
      invoiceId: 'inv_2',
      invoiceNumber: 'INV-2',
      clientId: 'c1',
      clientEmail: 'jane@example.com',
      currency: 'EUR',
      amount: 4200n,
      exponent: 2,
      description: 'Invoice INV-2',
      returnUrl: 'https://portal.example.com/r',
      cancelUrl: 'https://portal.example.com/c',
    })
    fake.approveOrder(started.gatewaySessionId)
    const [paid] = await paypalGateway.completeCheckout(settings, {
      gatewaySessionId: started.gatewaySessionId,
      query: {},
    })
    expect(paid?.kind).toBe('payment.succeeded')
    const captureId = fake.captureOf(started.gatewaySessionId).id as string
    await paypalGateway.refund(settings, {
      gatewayTransactionId: captureId,
      amount: 1234n,
      currency: 'EUR',
      exponent: 2,
      reason: 'Downgrade',
      idempotencyKey: 'refund-schema-1',
    })
    const sent = fake.requests.filter((r) => r.path.endsWith('/refund')).at(-1)!
    expect(sent.body).toEqual({ amount: { currency_code: 'EUR', value: '12.34' } })
    expect(schemaIssues('payments#refund_request', sent.body)).toEqual([])
  })

  it('verify-webhook-signature', async () => {
    const signed = fake.signedWebhook({
      id: 'WH-SCHEMA-1',
      event_type: 'CHECKOUT.ORDER.APPROVED',
      resource_type: 'checkout-order',
      resource: { id: 'ORDER1' },
    })
    await paypalGateway.verifyWebhook(settings, { rawBody: signed.body, headers: signed.headers })
    const sent = fake.requests.filter((r) => r.path === '/v1/notifications/verify-webhook-signature').at(-1)!
    expect(schemaIssues('webhooks#verify_webhook_signature', sent.body)).toEqual([])
  })

  it('the check is live: the fake refuses a body the schema refuses, as PayPal would', async () => {
    expect(
      schemaIssues('orders#order_request', {
        intent: 'CAPTURE',
        purchase_units: [{ amount: { currency_code: 'USD', value: '19,99' } }],
      }),
    ).toEqual([
      expect.objectContaining({ field: '/purchase_units/0/amount/value', issue: 'INVALID_PARAMETER_SYNTAX' }),
    ])
    const token = (await (
      await fetch(`${fake.url}/v1/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string }
    const response = await fetch(`${fake.url}/v2/checkout/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ intent: 'CAPTURE', purchase_units: [{ amount: { currency_code: 'USD' } }] }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      name: 'INVALID_REQUEST',
      details: [expect.objectContaining({ issue: 'MISSING_REQUIRED_PARAMETER' })],
    })
  })
})
