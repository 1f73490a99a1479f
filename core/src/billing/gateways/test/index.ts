import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { applyRate } from '../../../money'
import {
  GatewayError,
  WebhookSignatureError,
  type GatewayEvent,
  type GatewaySettings,
  type PaymentGateway,
} from '../payment-gateway'

/**
 * Test gateway — no real money. For the demo and for tests: the checkout is a page of our own
 * portal (`/billing/test-gateway/<gatewaySessionId>`) with a "Pay (no real money)" button that
 * calls completePayment. It keeps no state: the checkout id carries the payment session, amount
 * and currency. `isDemoOnly`: core refuses to enable, list or use it when NODE_ENV=production.
 *
 * Webhooks (for tests and benchmarks) are signed like Stripe's: header `berth-test-signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the `webhookSecret` setting (or
 * TEST_GATEWAY_DEFAULT_SECRET), refused when older than 5 minutes. Body:
 * `{ "id": "evt_...", "type": "...", "events": [GatewayEvent with amounts as strings] }`.
 */
export const TEST_GATEWAY_ID = 'test'
export const TEST_GATEWAY_DEFAULT_SECRET = 'berth-test-gateway-secret'
export const TEST_SIGNATURE_HEADER = 'berth-test-signature'
const TOLERANCE_SECONDS = 300
const FEE_RATE = 29_000 // 2.9%, so the demo shows fees being recorded

function portalUrl(): string {
  return (process.env.PORTAL_URL ?? 'http://localhost:3000').replace(/\/$/, '')
}

/** `tcs_<paymentSessionId>_<amount>_<currency>`: what completeCheckout reads back. */
function checkoutId(paymentSessionId: string, amount: bigint, currency: string): string {
  return `tcs_${paymentSessionId}_${amount}_${currency}`
}

function parseCheckoutId(id: string): { paymentSessionId: string; amount: bigint; currency: string } {
  const m = /^tcs_([0-9a-f-]{36})_(\d{1,19})_([A-Z]{3})$/.exec(id)
  if (!m) throw new GatewayError('Unknown test checkout.', 'unknown_checkout')
  return { paymentSessionId: m[1]!, amount: BigInt(m[2]!), currency: m[3]! }
}

function secretOf(settings: GatewaySettings): string {
  return settings.secrets.webhookSecret || TEST_GATEWAY_DEFAULT_SECRET
}

/** Signs a test webhook body the way verifyWebhook expects (tests, benchmarks, the demo). */
export function signTestWebhook(
  body: string,
  secret: string = TEST_GATEWAY_DEFAULT_SECRET,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${v1}`
}

type WireEvent = Record<string, unknown> & { kind: GatewayEvent['kind'] }

/** GatewayEvent → JSON-safe (bigint as strings, dates as ISO), for test webhook bodies. */
export function testWebhookBody(
  id: string,
  events: GatewayEvent[],
  type = events[0]?.kind ?? 'event',
): string {
  return JSON.stringify({
    id,
    type,
    events: events.map((e) =>
      Object.fromEntries(
        Object.entries(e).map(([k, v]) => [
          k,
          typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v,
        ]),
      ),
    ),
  })
}

function parseEvent(e: WireEvent): GatewayEvent {
  const big = (v: unknown) => BigInt(String(v))
  const date = (v: unknown) => (v ? new Date(String(v)) : new Date())
  switch (e.kind) {
    case 'payment.succeeded':
      return {
        kind: e.kind,
        gatewayTransactionId: String(e.gatewayTransactionId),
        amount: big(e.amount),
        currency: String(e.currency),
        fee: big(e.fee ?? 0),
        occurredAt: date(e.occurredAt),
        ...(e.gatewaySessionId ? { gatewaySessionId: String(e.gatewaySessionId) } : {}),
        ...(e.paymentSessionId ? { paymentSessionId: String(e.paymentSessionId) } : {}),
      }
    case 'payment.pending':
    case 'payment.failed':
      return {
        kind: e.kind,
        reason: String(e.reason ?? ''),
        ...(e.gatewaySessionId ? { gatewaySessionId: String(e.gatewaySessionId) } : {}),
        ...(e.paymentSessionId ? { paymentSessionId: String(e.paymentSessionId) } : {}),
      } as GatewayEvent
    case 'refund.succeeded':
      return {
        kind: e.kind,
        gatewayRefundId: String(e.gatewayRefundId),
        gatewayTransactionId: String(e.gatewayTransactionId),
        amount: big(e.amount),
        currency: String(e.currency),
        occurredAt: date(e.occurredAt),
      }
    case 'dispute.opened':
    case 'dispute.updated':
    case 'dispute.closed':
      return {
        kind: e.kind,
        gatewayDisputeId: String(e.gatewayDisputeId),
        gatewayTransactionId: String(e.gatewayTransactionId),
        amount: big(e.amount),
        currency: String(e.currency),
        status: String(e.status) as 'OPEN' | 'UNDER_REVIEW' | 'WON' | 'LOST',
        ...(e.reason ? { reason: String(e.reason) } : {}),
        ...(e.evidenceDueAt ? { evidenceDueAt: date(e.evidenceDueAt) } : {}),
      }
    default:
      throw new Error(`unknown test event kind ${String((e as { kind: unknown }).kind)}`)
  }
}

export const testGateway: PaymentGateway = {
  id: TEST_GATEWAY_ID,
  displayName: 'Test gateway — no real money',
  // its checkout page in the portal reports the outcome itself: nothing to set up
  webhookEvents: [],
  isDemoOnly: true,
  secretFields: [
    {
      key: 'webhookSecret',
      label: 'Webhook signing secret',
      help: 'Optional; a built-in demo secret is used when empty.',
      isRequired: false,
    },
  ],
  publicFields: [],

  async createCheckout(_settings, request) {
    const id = checkoutId(request.paymentSessionId, request.amount, request.currency)
    return {
      gatewaySessionId: id,
      redirectUrl: `${portalUrl()}/billing/test-gateway/${encodeURIComponent(id)}`,
    }
  },

  async completeCheckout(_settings, { gatewaySessionId, query }) {
    const { paymentSessionId, amount, currency } = parseCheckoutId(gatewaySessionId)
    if (query.outcome === 'fail')
      return [
        {
          kind: 'payment.failed',
          gatewaySessionId,
          paymentSessionId,
          reason: 'The test gateway declined the payment (no real money).',
        },
      ]
    if (query.outcome === 'pending')
      return [
        {
          kind: 'payment.pending',
          gatewaySessionId,
          paymentSessionId,
          reason: 'Waiting for the (pretend) bank.',
        },
      ]
    return [
      {
        kind: 'payment.succeeded',
        gatewayTransactionId: `tpay_${paymentSessionId}`,
        gatewaySessionId,
        paymentSessionId,
        amount,
        currency,
        fee: applyRate(amount, FEE_RATE),
        occurredAt: new Date(),
      },
    ]
  },

  async verifyWebhook(settings, { rawBody, headers }) {
    const header = headers[TEST_SIGNATURE_HEADER] ?? headers[TEST_SIGNATURE_HEADER.toLowerCase()]
    if (!header) throw new WebhookSignatureError('missing signature header')
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]))
    const t = Number(parts.t)
    if (!Number.isInteger(t) || !parts.v1) throw new WebhookSignatureError('malformed signature header')
    const expected = createHmac('sha256', secretOf(settings)).update(`${t}.${rawBody}`).digest()
    const given = Buffer.from(parts.v1, 'hex')
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new WebhookSignatureError('signature does not match')
    if (Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS)
      throw new WebhookSignatureError('signature timestamp too old (replay?)')
    const body = JSON.parse(rawBody) as { id?: unknown; type?: unknown; events?: WireEvent[] }
    if (typeof body.id !== 'string' || !Array.isArray(body.events))
      throw new WebhookSignatureError('not a test gateway event')
    return {
      eventId: body.id,
      type: typeof body.type === 'string' ? body.type : 'event',
      payload: body,
      events: body.events.map(parseEvent),
    }
  },

  async eventsOfStoredWebhook(_settings, payload) {
    const body = payload as { events?: WireEvent[] } | null
    if (!body || typeof body !== 'object' || !Array.isArray(body.events))
      throw new GatewayError('The stored event is not a test gateway event.', 'invalid_event')
    return body.events.map(parseEvent)
  },

  async refund(_settings, request) {
    if (request.amount <= 0n) throw new GatewayError('The refund amount must be positive.', 'invalid_amount')
    // Idempotent like a real gateway: the same key gives the same refund.
    const id = createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)
    return { gatewayRefundId: `tre_${id}`, status: 'succeeded' }
  },

  async testConnection() {},
}
