import { createPublicKey, verify } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaIssues, startFakePayPal, type FakePayPal, type Json } from '../fakes/paypal'

/** The fake PayPal itself, over HTTP: PayPal's shapes (checked against its OpenAPI schemas) and rules. */
let fake: FakePayPal
let token: string
let receiver: {
  server: Server
  url: string
  received: { headers: Record<string, string | string[] | undefined>; body: string }[]
}

async function startReceiver() {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/paypal`,
    received,
  }
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json }
}

const orderRequest = (invoiceId = 'INV-1') => ({
  intent: 'CAPTURE',
  purchase_units: [
    { custom_id: 'ps_1', invoice_id: invoiceId, amount: { currency_code: 'USD', value: '100.00' } },
  ],
  payment_source: {
    paypal: {
      experience_context: {
        return_url: 'http://portal.test/return',
        cancel_url: 'http://portal.test/cancel',
      },
    },
  },
})

beforeAll(async () => {
  receiver = await startReceiver()
  fake = await startFakePayPal({ webhookUrl: receiver.url })
  const response = await fetch(`${fake.url}/v1/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  })
  const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number }
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 32_400 })
  token = body.access_token
})
afterAll(async () => {
  await fake.stop()
  await new Promise<void>((r) => receiver.server.close(() => r()))
})

describe('fake PayPal OAuth', () => {
  it('refuses wrong client credentials and a missing grant type', async () => {
    const wrong = await fetch(`${fake.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${fake.clientId}:nope`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client Authentication failed',
    })
    const noGrant = await fetch(`${fake.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
      },
    })
    expect(noGrant.status).toBe(400)
  })

  it('refuses API calls without a valid bearer token', async () => {
    const response = await fetch(`${fake.url}/v2/checkout/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(orderRequest()),
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ name: 'AUTHENTICATION_FAILURE' })
  })
})

describe('fake PayPal Orders v2 and payments', () => {
  it('creates, approves and captures an order; every answer matches PayPal’s response schemas', async () => {
    const minimal = await call('POST', '/v2/checkout/orders', orderRequest(), {
      'paypal-request-id': 'req-minimal',
    })
    expect(minimal.status).toBe(201)
    expect(Object.keys(minimal.body).sort()).toEqual(['id', 'links', 'status'])
    const created = await call('POST', '/v2/checkout/orders', orderRequest(), {
      'paypal-request-id': 'req-1',
      prefer: 'return=representation',
    })
    expect(created.status).toBe(201)
    expect(schemaIssues('orders#order', created.body)).toEqual([])
    expect(created.body).toMatchObject({
      status: 'PAYER_ACTION_REQUIRED',
      links: expect.arrayContaining([expect.objectContaining({ rel: 'payer-action' })]),
    })
    const replay = await call('POST', '/v2/checkout/orders', orderRequest(), {
      'paypal-request-id': 'req-1',
      prefer: 'return=representation',
    })
    expect(replay.status).toBe(200)
    expect(replay.body.id).toBe(created.body.id)

    const id = created.body.id as string
    const early = await call(
      'POST',
      `/v2/checkout/orders/${id}/capture`,
      {},
      { 'paypal-request-id': `cap-${id}` },
    )
    expect(early.status).toBe(422)
    expect(early.body).toMatchObject({
      name: 'UNPROCESSABLE_ENTITY',
      details: [{ issue: 'ORDER_NOT_APPROVED' }],
    })

    fake.approveOrder(id)
    expect(schemaIssues('orders#order', (await call('GET', `/v2/checkout/orders/${id}`)).body)).toEqual([])
    const captured = await call(
      'POST',
      `/v2/checkout/orders/${id}/capture`,
      {},
      { 'paypal-request-id': `cap-${id}`, prefer: 'return=representation' },
    )
    expect(captured.status).toBe(201)
    expect(schemaIssues('orders#order', captured.body)).toEqual([])
    const capture = ((captured.body.purchase_units as Json[])[0]!.payments as { captures: Json[] })
      .captures[0]!
    expect(capture).toMatchObject({
      status: 'COMPLETED',
      amount: { currency_code: 'USD', value: '100.00' },
      custom_id: 'ps_1',
      invoice_id: 'INV-1',
      seller_receivable_breakdown: {
        paypal_fee: { currency_code: 'USD', value: '3.98' },
        net_amount: { value: '96.02' },
      },
    })
    expect(
      (await call('POST', `/v2/checkout/orders/${id}/capture`, {}, { 'paypal-request-id': `cap-${id}` }))
        .status,
    ).toBe(200)
    const again = await call(
      'POST',
      `/v2/checkout/orders/${id}/capture`,
      {},
      { 'paypal-request-id': 'another' },
    )
    expect(again.body).toMatchObject({ details: [{ issue: 'ORDER_ALREADY_CAPTURED' }] })

    const got = await call('GET', `/v2/payments/captures/${capture.id as string}`)
    expect(schemaIssues('payments#capture-2', got.body)).toEqual([])
    expect(got.body).toMatchObject({ supplementary_data: { related_ids: { order_id: id } } })

    const refund = await call(
      'POST',
      `/v2/payments/captures/${capture.id as string}/refund`,
      { amount: { currency_code: 'USD', value: '10.00' } },
      { prefer: 'return=representation' },
    )
    expect(refund.status).toBe(201)
    expect(schemaIssues('payments#refund', refund.body)).toEqual([])
    expect(refund.body).toMatchObject({
      status: 'COMPLETED',
      amount: { value: '10.00' },
      seller_payable_breakdown: { total_refunded_amount: { value: '10.00' } },
    })
    const tooMuch = await call('POST', `/v2/payments/captures/${capture.id as string}/refund`, {
      amount: { currency_code: 'USD', value: '90.01' },
    })
    expect(tooMuch.body).toMatchObject({ details: [{ issue: 'REFUND_AMOUNT_EXCEEDED' }] })
    const badDecimals = await call('POST', `/v2/payments/captures/${capture.id as string}/refund`, {
      amount: { currency_code: 'USD', value: '1.001' },
    })
    expect(badDecimals.body).toMatchObject({ details: [{ issue: 'DECIMAL_PRECISION' }] })
    const rest = await call('POST', `/v2/payments/captures/${capture.id as string}/refund`, {})
    expect(rest.status).toBe(201)
    expect(fake.capture(capture.id as string).status).toBe('REFUNDED')
    expect(
      (await call('POST', `/v2/payments/captures/${capture.id as string}/refund`, {})).body,
    ).toMatchObject({ details: [{ issue: 'CAPTURE_FULLY_REFUNDED' }] })
  })

  it('refuses what PayPal refuses: bad JSON, schema violations, unsupported currency and decimals', async () => {
    const bad = await fetch(`${fake.url}/v2/checkout/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{',
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ details: [{ issue: 'MALFORMED_REQUEST_JSON' }] })
    const schema = await call('POST', '/v2/checkout/orders', { intent: 'CAPTURE', purchase_units: [] })
    expect(schema).toMatchObject({
      status: 400,
      body: {
        name: 'INVALID_REQUEST',
        details: [expect.objectContaining({ issue: 'INVALID_ARRAY_MIN_ITEMS' })],
      },
    })
    const idr = orderRequest()
    idr.purchase_units[0]!.amount = { currency_code: 'IDR', value: '1000' }
    expect((await call('POST', '/v2/checkout/orders', idr)).body).toMatchObject({
      details: [{ issue: 'CURRENCY_NOT_SUPPORTED' }],
    })
    const jpy = orderRequest()
    jpy.purchase_units[0]!.amount = { currency_code: 'JPY', value: '1000.50' }
    expect((await call('POST', '/v2/checkout/orders', jpy)).body).toMatchObject({
      details: [{ issue: 'DECIMALS_NOT_SUPPORTED' }],
    })
  })

  it('serves the approval page that sends the buyer back with token and PayerID', async () => {
    const created = await call('POST', '/v2/checkout/orders', orderRequest())
    const id = created.body.id as string
    const page = await fetch(`${fake.url}/checkoutnow?token=${id}`)
    expect(await page.text()).toContain('Fake PayPal checkout')
    const back = await fetch(`${fake.url}/checkoutnow?token=${id}`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'approve' }),
      redirect: 'manual',
    })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`http://portal.test/return?token=${id}&PayerID=QYR5Z8XDVJNXQ`)
    expect(fake.order(id).status).toBe('APPROVED')
  })
})

describe('fake PayPal webhooks', () => {
  it('signs with SHA256withRSA over id|time|webhook id|crc32(body), checkable with the key at the cert URL', async () => {
    const event = fake.events.at(-1)!
    const signed = fake.signedWebhook(event)
    const pem = await (await fetch(signed.headers['paypal-cert-url']!)).text()
    const message = `${signed.headers['paypal-transmission-id']}|${signed.headers['paypal-transmission-time']}|${fake.webhookId}|${crc32(Buffer.from(signed.body))}`
    expect(
      verify(
        'sha256',
        Buffer.from(message),
        createPublicKey(pem),
        Buffer.from(signed.headers['paypal-transmission-sig']!, 'base64'),
      ),
    ).toBe(true)
    expect(schemaIssues('webhooks#event', JSON.parse(signed.body))).toEqual([])
  })

  it('verify-webhook-signature: SUCCESS only for an untouched event it signed', async () => {
    const event = fake.events.at(-1)!
    const signed = fake.signedWebhook(event)
    const request = (body: string, headers = signed.headers) =>
      `{"auth_algo":"${headers['paypal-auth-algo']}","cert_url":"${headers['paypal-cert-url']}","transmission_id":"${headers['paypal-transmission-id']}","transmission_sig":"${headers['paypal-transmission-sig']}","transmission_time":"${headers['paypal-transmission-time']}","webhook_id":"${fake.webhookId}","webhook_event":${body}}`
    const ask = async (body: string) => {
      const r = await fetch(`${fake.url}/v1/notifications/verify-webhook-signature`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      })
      const answer = (await r.json()) as Json
      expect(schemaIssues('webhooks#verify_webhook_signature_response', answer)).toEqual([])
      return answer.verification_status
    }
    expect(await ask(request(signed.body))).toBe('SUCCESS')
    expect(await ask(request(signed.body.replace('"event_version":"1.0"', '"event_version":"1.1"')))).toBe(
      'FAILURE',
    )
    expect(
      await ask(
        request(signed.body, {
          ...signed.headers,
          'paypal-transmission-id': 'c0ffee00-0000-4000-8000-000000000000',
        }),
      ),
    ).toBe('FAILURE')
    // Base64 signatures may start with "+" or "/": answered (FAILURE here, the bytes differ), never 400.
    for (const first of ['+', '/']) {
      const sig = `${first}${signed.headers['paypal-transmission-sig']!.slice(1)}`
      expect(await ask(request(signed.body, { ...signed.headers, 'paypal-transmission-sig': sig }))).toBe(
        'FAILURE',
      )
    }
    const missing = await fetch(`${fake.url}/v1/notifications/verify-webhook-signature`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ webhook_id: fake.webhookId }),
    })
    expect(missing.status).toBe(400)
  })

  it('delivers generated events, signed, to the configured URL', async () => {
    await fake.flushWebhooks()
    expect(receiver.received.length).toBeGreaterThan(0)
    const types = receiver.received.map((r) => (JSON.parse(r.body) as Json).event_type)
    expect(types).toEqual(
      expect.arrayContaining([
        'CHECKOUT.ORDER.APPROVED',
        'PAYMENT.CAPTURE.COMPLETED',
        'PAYMENT.CAPTURE.REFUNDED',
      ]),
    )
    expect(receiver.received[0]!.headers).toMatchObject({
      'paypal-auth-algo': 'SHA256withRSA',
      'paypal-transmission-id': expect.any(String),
    })
    expect(fake.deliveries.every((d) => d.status === 200)).toBe(true)
  })

  it('had no internal errors', () => {
    expect(fake.serverErrors).toEqual([])
  })
})
