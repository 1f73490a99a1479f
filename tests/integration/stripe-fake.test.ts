import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeStripe, stripeSignatureHeader, type FakeStripe } from '../fakes/stripe'

/** The fake Stripe itself, driven by the real stripe-node SDK: it must behave like Stripe. */
let fake: FakeStripe
let stripe: Stripe
let receiver: {
  server: Server
  url: string
  received: { headers: Record<string, string | string[] | undefined>; body: string }[]
}

const fixture = (name: string) =>
  (
    JSON.parse(readFileSync(new URL('../fakes/fixtures/stripe/fixtures3.json', import.meta.url), 'utf8')) as {
      resources: Record<string, object>
    }
  ).resources[name]!

async function startReceiver() {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/stripe`,
    received,
  }
}

beforeAll(async () => {
  receiver = await startReceiver()
  fake = await startFakeStripe({ webhookUrl: receiver.url })
  stripe = new Stripe(fake.secretKey, {
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  })
})
afterAll(async () => {
  await fake.stop()
  await new Promise<void>((r) => receiver.server.close(() => r()))
})

const sessionParams = (amount = 1500): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  line_items: [
    {
      quantity: 1,
      price_data: { currency: 'usd', unit_amount: amount, product_data: { name: 'Invoice INV-1' } },
    },
  ],
  client_reference_id: 'ps_1',
  metadata: { paymentSessionId: 'ps_1' },
  success_url: 'http://portal.test/return?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://portal.test/cancel',
})

describe('fake Stripe API', () => {
  it('answers with objects that carry every field of Stripe’s own fixtures', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams())
    expect(Object.keys(session).sort()).toEqual(Object.keys(fixture('checkout.session')).sort())
    const paid = fake.completeCheckout(session.id)
    const intent = await stripe.paymentIntents.retrieve(paid.paymentIntent.id, {
      expand: ['latest_charge.balance_transaction'],
    })
    expect(Object.keys(intent).sort()).toEqual(Object.keys(fixture('payment_intent')).sort())
    const charge = intent.latest_charge as Stripe.Charge
    expect(Object.keys(charge).sort()).toEqual(Object.keys(fixture('charge')).sort())
    expect(Object.keys(charge.balance_transaction as object).sort()).toEqual(
      Object.keys(fixture('balance_transaction')).sort(),
    )
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 1500,
      amount_received: 1500,
      currency: 'usd',
    })
  })

  it('refuses a wrong key, missing or invalid params, and unknown expansions like Stripe', async () => {
    const wrong = new Stripe('sk_test_wrong', {
      host: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      telemetry: false,
    })
    await expect(wrong.balance.retrieve()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    await expect(
      stripe.checkout.sessions.create({
        ...sessionParams(),
        mode: undefined,
      } as unknown as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'parameter_missing',
      param: 'mode',
    })
    const badCurrency = sessionParams()
    badCurrency.line_items![0]!.price_data!.currency = 'xxq'
    await expect(stripe.checkout.sessions.create(badCurrency)).rejects.toMatchObject({
      param: 'line_items[0][price_data][currency]',
    })
    await expect(stripe.checkout.sessions.create(sessionParams(10))).rejects.toMatchObject({
      code: 'amount_too_small',
    })
    await expect(
      stripe.checkout.sessions.create({ ...sessionParams(), success_url: 'not a url' }),
    ).rejects.toMatchObject({ code: 'url_invalid' })
    const session = await stripe.checkout.sessions.create(sessionParams())
    await expect(stripe.checkout.sessions.retrieve(session.id, { expand: ['nope'] })).rejects.toMatchObject({
      param: 'expand',
    })
    await expect(stripe.checkout.sessions.retrieve('cs_test_missing')).rejects.toMatchObject({
      code: 'resource_missing',
      statusCode: 404,
    })
  })

  it('replays the first answer for a repeated idempotency key, refuses it with other params', async () => {
    const first = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'key-1' })
    const again = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'key-1' })
    expect(again.id).toBe(first.id)
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true')
    await expect(
      stripe.checkout.sessions.create(sessionParams(1600), { idempotencyKey: 'key-1' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
  })

  it('refunds with Stripe’s limits', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams(1000))
    const { paymentIntent } = fake.completeCheckout(session.id)
    const refund = await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 400 })
    expect(refund).toMatchObject({ status: 'succeeded', amount: 400, payment_intent: paymentIntent.id })
    await expect(
      stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 700 }),
    ).rejects.toMatchObject({ code: 'amount_too_large' })
    await stripe.refunds.create({ payment_intent: paymentIntent.id })
    await expect(
      stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 1 }),
    ).rejects.toMatchObject({ code: 'charge_already_refunded' })
    const listed = await stripe.refunds.list({ charge: paymentIntent.latest_charge as string })
    expect(listed.data.map((r) => r.amount).sort()).toEqual([400, 600])
    expect((await stripe.charges.retrieve(paymentIntent.latest_charge as string)).refunded).toBe(true)
  })
})

describe('fake Stripe webhooks', () => {
  it('signs exactly like Stripe (same header as stripe-node’s generateTestHeaderString)', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event' })
    const timestamp = 1_750_000_000
    const ours = stripeSignatureHeader(payload, fake.webhookSecret, timestamp)
    const sdk = stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret, timestamp })
    expect(ours).toBe(sdk)
    expect(ours).toMatch(/^t=1750000000,v1=[0-9a-f]{64}$/)
  })

  it('produces events stripe-node accepts, and delivers them to the configured URL in order', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams())
    const before = receiver.received.length
    fake.completeCheckout(session.id)
    await fake.flushWebhooks()
    const delivered = receiver.received.slice(before)
    expect(delivered.map((d) => (JSON.parse(d.body) as Stripe.Event).type)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ])
    for (const d of delivered) {
      const event = stripe.webhooks.constructEvent(
        d.body,
        d.headers['stripe-signature'] as string,
        fake.webhookSecret,
        300,
      )
      expect(event.id).toMatch(/^evt_/)
    }
    expect(fake.deliveries.slice(-3).every((d) => d.status === 200)).toBe(true)
  })

  it('deliverWebhook posts one event with an old signature on request (for replay tests)', async () => {
    const event = fake.events.at(-1)!
    const old = Math.floor(Date.now() / 1000) - 3600
    const result = await fake.deliverWebhook(receiver.url, event, { timestamp: old })
    expect(result.status).toBe(200)
    const last = receiver.received.at(-1)!
    expect(() =>
      stripe.webhooks.constructEvent(
        last.body,
        last.headers['stripe-signature'] as string,
        fake.webhookSecret,
        300,
      ),
    ).toThrow(/timestamp/i)
  })

  it('serves a hosted checkout page that pays and sends the browser to success_url', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams())
    const page = await fetch(session.url!)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Fake Stripe Checkout')
    const paid = await fetch(session.url!, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay' }),
      redirect: 'manual',
    })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`http://portal.test/return?session_id=${session.id}`)
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
    })
    const other = await stripe.checkout.sessions.create(sessionParams())
    const cancelled = await fetch(other.url!, {
      method: 'POST',
      body: new URLSearchParams({ action: 'cancel' }),
      redirect: 'manual',
    })
    expect(cancelled.headers.get('location')).toBe('http://portal.test/cancel')
  })

  it('had no internal errors', () => {
    expect(fake.serverErrors).toEqual([])
  })
})
