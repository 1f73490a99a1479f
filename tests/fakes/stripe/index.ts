import type Stripe from 'stripe'
import {
  escapeHtml,
  html,
  json,
  postWebhook,
  redirect,
  startHttpServer,
  type FakeRequest,
  type FakeResponse,
} from '../http'
import { parseStripeForm, type FormValue } from './form'
import {
  buildBalance,
  buildBalanceTransaction,
  buildCharge,
  buildDispute,
  buildEvent,
  buildPaymentIntent,
  buildRefund,
  buildSession,
  newId,
  type SessionInput,
} from './objects'
import { stripeSignatureHeader } from './signature'

export { stripeSignatureHeader } from './signature'

/**
 * A fake Stripe API for tests: the endpoints Berth calls, with Stripe's request encoding,
 * authentication, validation, idempotency, error bodies and webhook signatures, and objects
 * built from Stripe's own fixtures. See tests/fakes/README.md.
 */
export interface FakeStripeOptions {
  /** the only key the fake accepts (Authorization: Bearer …) */
  secretKey?: string
  /** the webhook endpoint secret events are signed with */
  webhookSecret?: string
  /** when set, every event the fake generates is signed and POSTed there, in order */
  webhookUrl?: string
  /** balance transactions in this currency (the account's settlement currency); default: the charge's */
  settlementCurrency?: string
  /** charge currency → settlement currency rate, when settlementCurrency differs */
  exchangeRate?: number
  /** Stripe's fee for a charge, in the settlement currency's minor units; default 2.9% + 30 */
  fee?: (amount: number, currency: string) => number
}

export interface RecordedStripeRequest {
  method: string
  path: string
  params: Record<string, FormValue>
  idempotencyKey?: string
  stripeVersion?: string
}

export interface SignedStripeWebhook {
  payload: string
  headers: { 'stripe-signature': string; 'content-type': string }
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>

/** The API version the fake's events claim (stripe-node 23.1's pinned version). */
export const FAKE_STRIPE_API_VERSION = '2026-10-28.endive'

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message)
  }
}

const invalid = (message: string, param?: string, code = param ? 'parameter_invalid' : undefined) =>
  new StripeApiError(400, 'invalid_request_error', message, code, param)
const missing = (param: string) =>
  new StripeApiError(
    400,
    'invalid_request_error',
    `Missing required param: ${param}.`,
    'parameter_missing',
    param,
  )
const noSuch = (kind: string, id: string) =>
  new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', 'id')

const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()))
/** Stripe's documented minimum charge amounts for a few currencies (minor units). */
const MINIMUMS: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  jpy: 50,
  cad: 50,
  aud: 50,
  chf: 50,
  sek: 300,
  nok: 300,
  dkk: 250,
}
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
])
/** zero-decimal currencies that Stripe's API takes as two-decimal (whole multiples of 100) */
const AS_TWO_DECIMAL = new Set(['isk', 'ugx'])

const defaultFee = (amount: number, currency: string) =>
  ZERO_DECIMAL.has(currency) ? Math.round((amount * 36) / 1000) : Math.round((amount * 29) / 1000) + 30

const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined)
const obj = (v: FormValue | undefined): Record<string, FormValue> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : undefined
const list = (v: FormValue | undefined): FormValue[] =>
  Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []

function integer(value: FormValue | undefined, param: string, { min = 0 } = {}): number {
  const s = str(value)
  if (s === undefined) throw missing(param)
  if (!/^-?\d+$/.test(s)) throw invalid(`Invalid integer: ${s}`, param)
  const n = Number(s)
  if (!Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${s}`, param)
  if (n < min)
    throw invalid(
      min > 0 ? `Invalid positive integer` : `This value must be greater than or equal to ${min}.`,
      param,
    )
  return n
}

function metadataOf(value: FormValue | undefined, param = 'metadata'): Record<string, string> {
  if (value === undefined || value === '') return {}
  const m = obj(value)
  if (!m) throw invalid('Invalid object', param)
  const entries = Object.entries(m)
  if (entries.length > 50) throw invalid('You can specify up to 50 keys in metadata.', param)
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw invalid('Invalid metadata value', `${param}[${k}]`)
    if (k.length > 40)
      throw invalid(
        `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters.`,
        `${param}[${k}]`,
      )
    if (v.length > 500)
      throw invalid(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
        `${param}[${k}]`,
      )
  }
  return m as Record<string, string>
}

function url(value: FormValue | undefined, param: string): string | null {
  const s = str(value)
  if (s === undefined) return null
  try {
    const u = new URL(s.replace('{CHECKOUT_SESSION_ID}', 'x'))
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error()
  } catch {
    throw invalid('Not a valid URL', param, 'url_invalid')
  }
  return s
}

export async function startFakeStripe(initialOptions: FakeStripeOptions = {}) {
  const options = { ...initialOptions }
  const secretKey = options.secretKey ?? 'sk_test_berthfake0000000000000000'
  const webhookSecret = options.webhookSecret ?? 'whsec_berthfake000000000000000000000000'
  const fee = options.fee ?? defaultFee

  const objects = new Map<string, { object: string; id: string }>()
  const sessionExtras = new Map<string, SessionInput>()
  const idempotent = new Map<string, { fingerprint: string; response: FakeResponse }>()
  const requests: RecordedStripeRequest[] = []
  const events: Stripe.Event[] = []
  const deliveries: { eventId: string; status: number | 'error'; body: string }[] = []
  const serverErrors: unknown[] = []
  let nextRefundStatus: 'succeeded' | 'pending' = 'succeeded'
  let deliveryQueue = Promise.resolve()

  const put = <T extends { id: string; object: string }>(o: T): T => {
    objects.set(o.id, o)
    return o
  }
  function get<T>(kind: string, id: string): T {
    const found = objects.get(id)
    if (!found || found.object !== kind) throw noSuch(kind, id)
    return found as T
  }
  const session = (id: string) => get<Stripe.Checkout.Session>('checkout.session', id)
  const paymentIntent = (id: string) => get<Stripe.PaymentIntent>('payment_intent', id)
  const charge = (id: string) => get<Stripe.Charge>('charge', id)
  const refund = (id: string) => get<Stripe.Refund>('refund', id)
  const dispute = (id: string) => get<Stripe.Dispute>('dispute', id)

  function emit(type: string, object: unknown, previousAttributes?: Record<string, unknown>): Stripe.Event {
    const event = buildEvent(type, object, FAKE_STRIPE_API_VERSION, previousAttributes)
    events.push(event)
    put(event as unknown as { id: string; object: string })
    const target = options.webhookUrl
    if (target) {
      deliveryQueue = deliveryQueue.then(async () => {
        try {
          const r = await deliverWebhook(target, event)
          deliveries.push({ eventId: event.id, status: r.status, body: r.body })
        } catch (error) {
          deliveries.push({ eventId: event.id, status: 'error', body: String(error) })
        }
      })
    }
    return event
  }

  function signedWebhook(
    event: unknown,
    opts: { timestamp?: number; secret?: string; payload?: string } = {},
  ): SignedStripeWebhook {
    const payload = opts.payload ?? JSON.stringify(event, null, 2)
    return {
      payload,
      headers: {
        'stripe-signature': stripeSignatureHeader(payload, opts.secret ?? webhookSecret, opts.timestamp),
        'content-type': 'application/json; charset=utf-8',
      },
    }
  }

  async function deliverWebhook(
    target: string,
    event: unknown,
    opts: { timestamp?: number; secret?: string } = {},
  ) {
    const signed = signedWebhook(event, opts)
    return postWebhook(target, signed.payload, signed.headers)
  }

  // ---- expansion ------------------------------------------------------------------------
  function expand<T>(object: T, paths: FormValue[]): T {
    const out = structuredClone(object) as unknown as Record<string, unknown>
    for (const p of paths) {
      const path = str(p)
      if (!path) continue
      const segments = path.split('.')
      if (segments.length > 4)
        throw invalid(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand')
      let node: Record<string, unknown> | null = out
      for (const segment of segments) {
        if (node === null) break
        if (!(segment in node)) throw invalid(`This property cannot be expanded (${segment}).`, 'expand')
        let value = node[segment]
        if (typeof value === 'string') {
          const found = objects.get(value)
          if (!found) throw invalid(`This property cannot be expanded (${segment}).`, 'expand')
          value = structuredClone(found)
          node[segment] = value
        } else if (value !== null && typeof value !== 'object') {
          throw invalid(`This property cannot be expanded (${segment}).`, 'expand')
        }
        node = value as Record<string, unknown> | null
      }
    }
    return out as T
  }

  // ---- money movements --------------------------------------------------------------------
  function settle(ch: Stripe.Charge, intent: Stripe.PaymentIntent) {
    const settlement = options.settlementCurrency?.toLowerCase() ?? ch.currency
    const rate = settlement === ch.currency ? null : (options.exchangeRate ?? 1)
    const amount = rate === null ? ch.amount : Math.round(ch.amount * rate)
    const txn = put(
      buildBalanceTransaction(ch.id, amount, fee(amount, settlement), settlement, 'charge', rate),
    )
    Object.assign(ch, {
      status: 'succeeded',
      paid: true,
      captured: true,
      amount_captured: ch.amount,
      balance_transaction: txn.id,
    })
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: intent.amount,
      processing: null,
      last_payment_error: null,
      latest_charge: ch.id,
    })
  }

  function newCharge(
    s: Stripe.Checkout.Session,
    status: 'succeeded' | 'pending' | 'failed',
  ): { intent: Stripe.PaymentIntent; ch: Stripe.Charge } {
    const extras = sessionExtras.get(s.id)!
    const intent = s.payment_intent
      ? paymentIntent(s.payment_intent as string)
      : put(buildPaymentIntent(s, extras.paymentIntentData))
    const ch = put(buildCharge(intent, status, s.customer_email))
    Object.assign(intent, { latest_charge: ch.id, payment_method: ch.payment_method })
    s.payment_intent = intent.id
    return { intent, ch }
  }

  function openSession(sessionId: string): Stripe.Checkout.Session {
    const s = session(sessionId)
    if (s.status !== 'open') throw new Error(`checkout session ${sessionId} is ${s.status}, not open`)
    return s
  }

  /** The customer paid on the hosted page: card (paid now) or an asynchronous method (processing). */
  function completeCheckout(sessionId: string, opts: { async?: boolean } = {}) {
    const s = openSession(sessionId)
    const { intent, ch } = newCharge(s, opts.async ? 'pending' : 'succeeded')
    if (opts.async) {
      Object.assign(intent, {
        status: 'processing',
        processing: { type: 'us_bank_account' },
        payment_method_types: ['us_bank_account'],
      })
    } else {
      settle(ch, intent)
    }
    Object.assign(s, {
      status: 'complete',
      payment_status: opts.async ? 'unpaid' : 'paid',
      customer_details: {
        address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94103', state: null },
        email: s.customer_email ?? 'jenny.rosen@example.com',
        name: 'Jenny Rosen',
        phone: null,
        tax_exempt: 'none',
        tax_ids: [],
        business_name: null,
        individual_name: null,
      },
    })
    if (opts.async) {
      emit('payment_intent.processing', intent)
    } else {
      emit('charge.succeeded', ch)
      emit('payment_intent.succeeded', intent)
    }
    const completed = emit('checkout.session.completed', s)
    return { session: s, paymentIntent: intent, charge: ch, event: completed }
  }

  function processingSession(sessionId: string) {
    const s = session(sessionId)
    if (s.status !== 'complete' || s.payment_status !== 'unpaid' || !s.payment_intent)
      throw new Error(`checkout session ${sessionId} has no processing payment`)
    const intent = paymentIntent(s.payment_intent as string)
    if (intent.status !== 'processing')
      throw new Error(`payment ${intent.id} is ${intent.status}, not processing`)
    return { s, intent, ch: charge(intent.latest_charge as string) }
  }

  /** The asynchronous payment of a completed session cleared. */
  function succeedAsyncPayment(sessionId: string) {
    const { s, intent, ch } = processingSession(sessionId)
    settle(ch, intent)
    s.payment_status = 'paid'
    emit('charge.succeeded', ch)
    emit('payment_intent.succeeded', intent)
    const event = emit('checkout.session.async_payment_succeeded', s)
    return { session: s, paymentIntent: intent, charge: ch, event }
  }

  /** The asynchronous payment of a completed session failed (e.g. the bank debit bounced). */
  function failAsyncPayment(
    sessionId: string,
    message = "The customer's bank account has insufficient funds to cover this payment.",
  ) {
    const { s, intent, ch } = processingSession(sessionId)
    Object.assign(ch, {
      status: 'failed',
      paid: false,
      failure_code: 'insufficient_funds',
      failure_message: message,
    })
    Object.assign(intent, {
      status: 'requires_payment_method',
      processing: null,
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'insufficient_funds',
        message,
        charge: ch.id,
        payment_method: null,
      },
    })
    emit('charge.failed', ch)
    emit('payment_intent.payment_failed', intent)
    const event = emit('checkout.session.async_payment_failed', s)
    return { session: s, paymentIntent: intent, charge: ch, event }
  }

  /** A card attempt on the hosted page is declined; the session stays open for another try. */
  function declineCard(sessionId: string, message = 'Your card was declined.') {
    const s = openSession(sessionId)
    const { intent, ch } = newCharge(s, 'failed')
    Object.assign(ch, { failure_code: 'card_declined', failure_message: message })
    Object.assign(intent, {
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message,
        charge: ch.id,
      },
    })
    emit('charge.failed', ch)
    const event = emit('payment_intent.payment_failed', intent)
    return { session: s, paymentIntent: intent, charge: ch, event }
  }

  function expireSession(sessionId: string) {
    const s = openSession(sessionId)
    s.status = 'expired'
    s.url = null
    const event = emit('checkout.session.expired', s)
    return { session: s, event }
  }

  function chargeFor(id: string): Stripe.Charge {
    if (id.startsWith('ch_') || id.startsWith('py_')) return charge(id)
    const intent = paymentIntent(id)
    if (intent.status !== 'succeeded' || !intent.latest_charge) {
      throw invalid(
        `This PaymentIntent (${id}) does not have a successful charge to refund.`,
        'payment_intent',
        'charge_not_refundable',
      )
    }
    return charge(intent.latest_charge as string)
  }

  function applyRefund(re: Stripe.Refund, ch: Stripe.Charge) {
    const settlement = options.settlementCurrency?.toLowerCase() ?? ch.currency
    const rate = settlement === ch.currency ? null : (options.exchangeRate ?? 1)
    const amount = rate === null ? re.amount : Math.round(re.amount * rate)
    const txn = put(buildBalanceTransaction(re.id, -amount, 0, settlement, 'refund', rate))
    re.balance_transaction = txn.id
  }

  function createRefund(input: {
    paymentIntent?: string
    charge?: string
    amount?: number
    metadata?: Record<string, string>
  }): Stripe.Refund {
    const ch = chargeFor(input.charge ?? input.paymentIntent ?? '')
    const remaining = ch.amount_captured - ch.amount_refunded
    if (remaining <= 0)
      throw invalid(`Charge ${ch.id} has already been refunded.`, undefined, 'charge_already_refunded')
    const amount = input.amount ?? remaining
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${amount} ${ch.currency}) is greater than unrefunded amount on charge (${remaining} ${ch.currency})`,
        'amount',
        'amount_too_large',
      )
    }
    const previousRefunded = ch.amount_refunded
    const re = put(buildRefund(ch, amount, nextRefundStatus, input.metadata ?? {}))
    ch.amount_refunded += amount
    ch.refunds?.data.unshift(re)
    emit('refund.created', re)
    if (re.status === 'succeeded') {
      applyRefund(re, ch)
      ch.refunded = ch.amount_refunded === ch.amount_captured
      emit('charge.refunded', ch, { amount_refunded: previousRefunded, refunded: false })
    }
    return re
  }

  /** A pending refund (see setNextRefundStatus) finishes. */
  function settleRefund(refundId: string, status: 'succeeded' | 'failed') {
    const re = refund(refundId)
    if (re.status !== 'pending') throw new Error(`refund ${refundId} is ${re.status}, not pending`)
    const ch = charge(re.charge as string)
    re.status = status
    if (status === 'succeeded') {
      applyRefund(re, ch)
      const previousRefunded = ch.amount_refunded
      ch.refunded = ch.amount_refunded === ch.amount_captured
      emit('refund.updated', re, { status: 'pending' })
      emit('charge.refunded', ch, { amount_refunded: previousRefunded })
    } else {
      ch.amount_refunded -= re.amount
      re.failure_reason = 'lost_or_stolen_card'
      emit('refund.updated', re, { status: 'pending' })
      emit('refund.failed', re)
    }
    return re
  }

  function createDispute(
    paymentIntentOrCharge: string,
    opts: { reason?: string; amount?: number; status?: Stripe.Dispute.Status } = {},
  ) {
    const ch = chargeFor(paymentIntentOrCharge)
    const dp = put(
      buildDispute(
        ch,
        opts.amount ?? ch.amount,
        opts.reason ?? 'fraudulent',
        opts.status ?? 'needs_response',
      ),
    )
    ch.disputed = true
    const event = emit('charge.dispute.created', dp)
    return { dispute: dp, event }
  }

  function updateDispute(disputeId: string, status: Stripe.Dispute.Status) {
    const dp = dispute(disputeId)
    const previous = dp.status
    dp.status = status
    if (status === 'under_review') dp.evidence_details.has_evidence = true
    const event = emit('charge.dispute.updated', dp, { status: previous })
    return { dispute: dp, event }
  }

  function closeDispute(disputeId: string, outcome: 'won' | 'lost') {
    const dp = dispute(disputeId)
    dp.status = outcome
    const event = emit('charge.dispute.closed', dp, { status: 'under_review' })
    return { dispute: dp, event }
  }

  // ---- API ---------------------------------------------------------------------------------
  function createSession(p: Record<string, FormValue>, baseUrl: string): Stripe.Checkout.Session {
    const mode = str(p.mode)
    if (!mode) throw missing('mode')
    if (!['payment', 'setup', 'subscription'].includes(mode))
      throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, 'mode')
    if (mode !== 'payment') throw invalid(`The fake only implements mode=payment (got ${mode}).`, 'mode')
    const items = list(p.line_items)
    if (items.length === 0)
      throw invalid('`line_items` is required in `payment` mode.', 'line_items', 'parameter_missing')
    if (items.length > 1) throw invalid('The fake takes one line item.', 'line_items')
    const item = obj(items[0])
    if (!item) throw invalid('Invalid array', 'line_items')
    if (item.price !== undefined)
      throw invalid('The fake takes price_data, not a saved price.', 'line_items[0][price]')
    const priceData = obj(item.price_data)
    if (!priceData)
      throw invalid(
        'You must specify either `price` or `price_data` in each line item.',
        'line_items[0]',
        'parameter_missing',
      )
    const quantity = integer(item.quantity, 'line_items[0][quantity]', { min: 1 })
    const currency = str(priceData.currency)
    if (!currency) throw missing('line_items[0][price_data][currency]')
    if (!CURRENCIES.has(currency.toLowerCase()))
      throw invalid(`Invalid currency: ${currency}.`, 'line_items[0][price_data][currency]')
    const cur = currency.toLowerCase()
    const unitAmount = integer(priceData.unit_amount, 'line_items[0][price_data][unit_amount]')
    const product = obj(priceData.product_data)
    if (!product && priceData.product === undefined)
      throw invalid(
        'You must specify either `product` or `product_data` when creating a price.',
        'line_items[0][price_data]',
        'parameter_missing',
      )
    const productName = str(product?.name)
    if (product && !productName) throw missing('line_items[0][price_data][product_data][name]')
    const amount = unitAmount * quantity
    if (AS_TWO_DECIMAL.has(cur) && amount % 100 !== 0) {
      throw invalid(
        `Amounts in ${cur.toUpperCase()} must be whole numbers sent as a multiple of 100.`,
        'line_items[0][price_data][unit_amount]',
        'invalid_amount',
      )
    }
    const max = cur === 'idr' ? 999_999_999_999 : 99_999_999
    if (amount > max)
      throw invalid(
        `The Checkout Session's total amount due must be no more than ${max} ${cur}.`,
        undefined,
        'amount_too_large',
      )
    if (amount < (MINIMUMS[cur] ?? 1)) {
      throw invalid(
        `The Checkout Session's total amount due must add up to at least ${MINIMUMS[cur] ?? 1} ${cur}.`,
        undefined,
        'amount_too_small',
      )
    }
    const clientReferenceId = str(p.client_reference_id) ?? null
    if (clientReferenceId !== null && clientReferenceId.length > 200)
      throw invalid('client_reference_id can be at most 200 characters.', 'client_reference_id')
    const customerEmail = str(p.customer_email) ?? null
    if (customerEmail !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail))
      throw invalid(`Invalid email address: ${customerEmail}`, 'customer_email', 'email_invalid')
    const successUrl = url(p.success_url, 'success_url')
    const cancelUrl = url(p.cancel_url, 'cancel_url')
    const pid = obj(p.payment_intent_data) ?? {}
    const input: SessionInput = {
      currency: cur,
      amount,
      quantity,
      unitAmount,
      productName: productName ?? 'Product',
      metadata: metadataOf(p.metadata),
      clientReferenceId,
      customerEmail,
      successUrl,
      cancelUrl,
      paymentIntentData: {
        metadata: metadataOf(pid.metadata, 'payment_intent_data[metadata]'),
        description: str(pid.description) ?? null,
      },
    }
    const s = put(buildSession(input, baseUrl))
    sessionExtras.set(s.id, input)
    return s
  }

  function authenticate(req: FakeRequest) {
    const header = req.headers.authorization ?? ''
    let key: string | undefined
    if (header.startsWith('Bearer ')) key = header.slice(7)
    else if (header.startsWith('Basic '))
      key = Buffer.from(header.slice(6), 'base64').toString().split(':')[0]
    if (!key) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      )
    }
    if (key !== secretKey)
      throw new StripeApiError(
        401,
        'invalid_request_error',
        `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
        'api_key_invalid',
      )
  }

  const listOf = <T>(data: T[], path: string) => ({ object: 'list', data, has_more: false, url: path })

  function api(req: FakeRequest, p: Record<string, FormValue>, baseUrl: string): unknown {
    const expandPaths = list(p.expand)
    const route = `${req.method} ${req.path}`
    let m: RegExpExecArray | null
    if (route === 'POST /v1/checkout/sessions') return expand(createSession(p, baseUrl), expandPaths)
    if (route === 'GET /v1/checkout/sessions') {
      const pi = str(p.payment_intent)
      const found = [...objects.values()].filter(
        (o): o is Stripe.Checkout.Session =>
          o.object === 'checkout.session' && (!pi || (o as Stripe.Checkout.Session).payment_intent === pi),
      )
      return listOf(found.reverse(), '/v1/checkout/sessions')
    }
    if ((m = /^GET \/v1\/checkout\/sessions\/([^/]+)$/.exec(route)))
      return expand(session(m[1]!), expandPaths)
    if ((m = /^POST \/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(route))) {
      const s = session(m[1]!)
      if (s.status !== 'open')
        throw invalid(
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
        )
      return expand(expireSession(s.id).session, expandPaths)
    }
    if ((m = /^GET \/v1\/payment_intents\/([^/]+)$/.exec(route)))
      return expand(paymentIntent(m[1]!), expandPaths)
    if ((m = /^GET \/v1\/charges\/([^/]+)$/.exec(route))) return expand(charge(m[1]!), expandPaths)
    if ((m = /^GET \/v1\/balance_transactions\/([^/]+)$/.exec(route)))
      return expand(get('balance_transaction', m[1]!), expandPaths)
    if ((m = /^GET \/v1\/refunds\/([^/]+)$/.exec(route))) return expand(refund(m[1]!), expandPaths)
    if ((m = /^GET \/v1\/disputes\/([^/]+)$/.exec(route))) return expand(dispute(m[1]!), expandPaths)
    if ((m = /^GET \/v1\/events\/([^/]+)$/.exec(route))) return get('event', m[1]!)
    if (route === 'GET /v1/events') return listOf([...events].reverse(), '/v1/events')
    if (route === 'POST /v1/refunds') {
      const pi = str(p.payment_intent)
      const ch = str(p.charge)
      if (!pi && !ch)
        throw invalid(
          'One of the following params should be provided for this request: payment_intent or charge.',
          undefined,
          'parameter_missing',
        )
      const amount = p.amount === undefined ? undefined : integer(p.amount, 'amount', { min: 1 })
      const reason = str(p.reason)
      if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason))
        throw invalid('Invalid reason', 'reason')
      if (pi) paymentIntent(pi)
      const re = createRefund({ paymentIntent: pi, charge: ch, amount, metadata: metadataOf(p.metadata) })
      if (reason) re.reason = reason as Stripe.Refund.Reason
      return expand(re, expandPaths)
    }
    if (route === 'GET /v1/refunds') {
      const ch = str(p.charge)
      const pi = str(p.payment_intent)
      const found = [...objects.values()].filter(
        (o): o is Stripe.Refund =>
          o.object === 'refund' &&
          (!ch || (o as Stripe.Refund).charge === ch) &&
          (!pi || (o as Stripe.Refund).payment_intent === pi),
      )
      return listOf(found.reverse(), '/v1/refunds')
    }
    if (route === 'GET /v1/balance') return buildBalance(options.settlementCurrency?.toLowerCase() ?? 'usd')
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    )
  }

  // ---- the hosted checkout page (for browser tests) -------------------------------------------
  function checkoutPage(s: Stripe.Checkout.Session, notice = ''): FakeResponse {
    const extras = sessionExtras.get(s.id)
    const amount = `${s.amount_total} ${s.currency?.toUpperCase()} (minor units)`
    return html(
      200,
      `<!doctype html><html><head><title>Fake Stripe Checkout</title></head><body>
<h1>Fake Stripe Checkout</h1><p>Test mode: no real money.</p>
<p data-testid="product">${escapeHtml(extras?.productName ?? '')}</p><p data-testid="amount">${escapeHtml(amount)}</p>
${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}
${s.status === 'open' ? `<form method="post"><button name="action" value="pay">Pay</button> <button name="action" value="pay_async">Pay by bank debit (processing)</button> <button name="action" value="decline">Pay with a declined card</button> <button name="action" value="cancel">Cancel</button></form>` : `<p>This checkout is ${escapeHtml(s.status ?? '')}.</p>`}
</body></html>`,
    )
  }

  function hosted(req: FakeRequest, sessionId: string): FakeResponse {
    const s = session(sessionId)
    if (req.method === 'GET') return checkoutPage(s)
    const action = new URLSearchParams(req.rawBody).get('action')
    if (action === 'cancel') return redirect(s.cancel_url ?? '/')
    if (action === 'decline') {
      declineCard(s.id)
      return checkoutPage(s, 'Your card was declined.')
    }
    if (action === 'pay' || action === 'pay_async') {
      completeCheckout(s.id, { async: action === 'pay_async' })
      return redirect((s.success_url ?? '/').replace('{CHECKOUT_SESSION_ID}', s.id))
    }
    return checkoutPage(s, 'Unknown action')
  }

  const server = await startHttpServer(
    (req) => {
      const baseUrl = server.url
      const hostedMatch = /^\/c\/pay\/([^/]+)$/.exec(req.path)
      if (hostedMatch) return hosted(req, hostedMatch[1]!)
      if (!req.path.startsWith('/v1/'))
        throw new StripeApiError(
          404,
          'invalid_request_error',
          `Unrecognized request URL (${req.method}: ${req.path}).`,
        )
      authenticate(req)
      const params =
        req.method === 'GET' || req.method === 'DELETE'
          ? parseStripeForm(req.query.toString())
          : parseStripeForm(req.rawBody)
      const idempotencyKey =
        typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined
      requests.push({
        method: req.method,
        path: req.path,
        params,
        idempotencyKey,
        stripeVersion:
          typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : undefined,
      })
      const requestId = newId('req', 14)
      if (req.method === 'POST' && idempotencyKey) {
        if (idempotencyKey.length > 255) throw invalid('Idempotency keys can be at most 255 characters.')
        const fingerprint = `${req.method} ${req.path}\n${req.rawBody}`
        const seen = idempotent.get(idempotencyKey)
        if (seen) {
          if (seen.fingerprint !== fingerprint) {
            throw new StripeApiError(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            )
          }
          return {
            ...seen.response,
            headers: { ...seen.response.headers, 'idempotent-replayed': 'true', 'request-id': requestId },
          }
        }
        let response: FakeResponse
        try {
          response = json(200, api(req, params, baseUrl), {
            'request-id': requestId,
            'idempotency-key': idempotencyKey,
          })
        } catch (error) {
          response = toResponse(error)
        }
        // Stripe stores the first result, errors included (but not 5xx), and replays it.
        if (response.status < 500) idempotent.set(idempotencyKey, { fingerprint, response })
        return response
      }
      return json(200, api(req, params, baseUrl), { 'request-id': requestId })
    },
    (error) => toResponse(error),
  )

  function toResponse(error: unknown): FakeResponse {
    if (error instanceof StripeApiError) {
      return json(error.status, {
        error: {
          ...(error.code
            ? {
                code: error.code,
                doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}`,
              }
            : {}),
          message: error.message,
          ...(error.param ? { param: error.param } : {}),
          request_log_url: `https://dashboard.stripe.com/test/logs/${newId('req', 14)}`,
          type: error.type,
        },
      })
    }
    serverErrors.push(error)
    return json(500, { error: { message: 'An unknown error occurred', type: 'api_error' } })
  }

  return {
    url: server.url,
    port: server.port,
    secretKey,
    webhookSecret,
    /** every API request received, parsed */
    requests,
    /** every event generated, oldest first */
    events,
    /** automatic webhook deliveries (options.webhookUrl) */
    deliveries,
    /** unexpected exceptions inside the fake (answered with 500) */
    serverErrors,
    session,
    paymentIntent,
    charge,
    refund,
    dispute,
    balanceTransaction: (id: string) => get<Stripe.BalanceTransaction>('balance_transaction', id),
    eventsOfType: (type: string) => events.filter((e) => e.type === type),
    lastEvent(type: string): Stripe.Event {
      const found = events.filter((e) => e.type === type).at(-1)
      if (!found) throw new Error(`the fake Stripe generated no ${type} event`)
      return found
    },
    completeCheckout,
    succeedAsyncPayment,
    failAsyncPayment,
    declineCard,
    expireSession,
    /** a refund made outside Berth (the Stripe Dashboard) */
    createRefund: (input: { paymentIntent?: string; charge?: string; amount?: number }) =>
      createRefund(input),
    /** the next refunds start `pending` (bank methods) until settleRefund */
    setNextRefundStatus(status: 'succeeded' | 'pending') {
      nextRefundStatus = status
    },
    settleRefund,
    createDispute,
    updateDispute,
    closeDispute,
    signedWebhook,
    deliverWebhook,
    /** resolves when every automatic delivery queued so far has been attempted */
    flushWebhooks: () => deliveryQueue,
    /** start (or stop, with undefined) delivering every new event to this URL */
    setWebhookUrl(url: string | undefined) {
      options.webhookUrl = url
    },
    stop: server.stop,
  }
}
