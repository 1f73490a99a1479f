import { randomUUID } from 'node:crypto'
import {
  escapeHtml,
  html,
  json,
  postWebhook,
  randomId,
  redirect,
  startHttpServer,
  type FakeRequest,
  type FakeResponse,
} from '../http'
import { schemaIssues, type SchemaName } from './schemas'
import { checkTransmission, makeSigningKeys, rawMember, signTransmission } from './signature'

export { schemaIssues } from './schemas'

/**
 * A fake PayPal REST API for tests: OAuth client credentials, Orders v2 (create, get, capture),
 * captures refund and webhook signature verification, with PayPal's shapes, status codes and
 * error bodies; requests are checked against PayPal's OpenAPI schemas. See tests/fakes/README.md.
 */
export interface FakePayPalOptions {
  clientId?: string
  clientSecret?: string
  /** the webhook the fake signs events for (PayPal's webhook id) */
  webhookId?: string
  /** when set, every event the fake generates is signed and POSTed there, in order */
  webhookUrl?: string
  /** access token lifetime (PayPal: 32400 s) */
  tokenLifetimeSeconds?: number
  /** the account setting "block payments with a duplicate invoice ID" */
  uniqueInvoiceIds?: boolean
}

export type Json = Record<string, unknown>
export interface Money {
  currency_code: string
  value: string
}

export interface RecordedPayPalRequest {
  method: string
  path: string
  paypalRequestId?: string
  prefer?: string
  body: unknown
}

export interface SignedPayPalWebhook {
  body: string
  headers: Record<string, string>
}

export type CaptureOutcome = 'COMPLETED' | 'PENDING' | 'DECLINED' | 'INSTRUMENT_DECLINED'
export type FakePayPal = Awaited<ReturnType<typeof startFakePayPal>>

class PayPalApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message ?? body.error_description ?? body.name))
  }
}

const debugId = () => randomId(13, '0123456789abcdef')
const infoLink = (name: string) => [
  {
    href: `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${name.toLowerCase()}`,
    rel: 'information_link',
    method: 'GET',
  },
]

const unprocessable = (issue: string, description: string, field?: string) =>
  new PayPalApiError(422, {
    name: 'UNPROCESSABLE_ENTITY',
    details: [{ ...(field ? { field, location: 'body' } : {}), issue, description }],
    message:
      'The requested action could not be performed, semantically incorrect, or failed business validation.',
    debug_id: debugId(),
    links: infoLink(issue),
  })
const invalidRequest = (details: Json[]) =>
  new PayPalApiError(400, {
    name: 'INVALID_REQUEST',
    message: 'Request is not well-formed, syntactically incorrect, or violates schema.',
    debug_id: debugId(),
    details,
    links: infoLink('INVALID_REQUEST'),
  })
const notFound = () =>
  new PayPalApiError(404, {
    name: 'RESOURCE_NOT_FOUND',
    details: [
      {
        issue: 'INVALID_RESOURCE_ID',
        description: 'Specified resource ID does not exist. Please check the resource ID and try again.',
      },
    ],
    message: 'The specified resource does not exist.',
    debug_id: debugId(),
    links: infoLink('INVALID_RESOURCE_ID'),
  })
const authenticationFailure = () =>
  new PayPalApiError(401, {
    name: 'AUTHENTICATION_FAILURE',
    message:
      'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
    links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
  })

/** PayPal's currencies and the decimals it accepts in `value`. */
const DECIMALS: Record<string, number> = {
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 0,
  ILS: 2,
  JPY: 0,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  PHP: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TWD: 0,
  USD: 2,
}

/** A Money value in PayPal units (cents for USD, yen for JPY), as bigint. */
function units(money: Money, field: string): bigint {
  const decimals = DECIMALS[money.currency_code]
  if (decimals === undefined)
    throw unprocessable(
      'CURRENCY_NOT_SUPPORTED',
      'Currency code is not currently supported. Please refer https://developer.paypal.com/api/rest/reference/currency-codes/ for list of supported currency codes.',
      `${field}/currency_code`,
    )
  const [whole = '', fraction = ''] = money.value.replace(/^-/, '').split('.')
  if (fraction.length > decimals) {
    throw unprocessable(
      decimals === 0 ? 'DECIMALS_NOT_SUPPORTED' : 'DECIMAL_PRECISION',
      decimals === 0
        ? 'Currency does not support decimals.'
        : 'If the currency supports decimals, only two decimal place precision is supported.',
      `${field}/value`,
    )
  }
  const value =
    BigInt(`${whole || '0'}${fraction.padEnd(decimals, '0')}`) * (money.value.startsWith('-') ? -1n : 1n)
  if (value <= 0n)
    throw unprocessable(
      'CANNOT_BE_ZERO_OR_NEGATIVE',
      'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.',
      `${field}/value`,
    )
  return value
}

function money(currency: string, value: bigint): Money {
  const decimals = DECIMALS[currency] ?? 2
  const digits = value.toString().padStart(decimals + 1, '0')
  return {
    currency_code: currency,
    value: decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits,
  }
}

/** PayPal's standard rate: 3.49% + a fixed fee (0.49 in two-decimal currencies, 40 in whole-unit ones). */
const feeOf = (amount: bigint, currency: string) =>
  (amount * 349n + 5000n) / 10000n + ((DECIMALS[currency] ?? 2) === 0 ? 40n : 49n)

const paypalId = () => randomId(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

interface OrderState {
  order: Json
  unit: Json
  amount: bigint
  currency: string
  outcome: CaptureOutcome
  /** the experience context's return and cancel URLs */
  context: { return_url?: string; cancel_url?: string }
}
interface CaptureState {
  capture: Json
  orderId: string
  amount: bigint
  refunded: bigint
  currency: string
}

export async function startFakePayPal(initialOptions: FakePayPalOptions = {}) {
  const options = { ...initialOptions }
  const clientId =
    options.clientId ?? 'AfakeBerthClientId0000000000000000000000000000000000000000000000000000000000000'
  const clientSecret =
    options.clientSecret ?? 'EfakeBerthClientSecret00000000000000000000000000000000000000000000000000000000'
  const webhookId = options.webhookId ?? '1JE4291016473214C'
  const tokenLifetime = options.tokenLifetimeSeconds ?? 32_400
  const keys = makeSigningKeys()
  const merchant = { email_address: 'merchant@berth.example', merchant_id: 'C7CYMKZDG8D6E' }

  const tokens = new Map<string, number>() // access token → expiry (ms)
  const orders = new Map<string, OrderState>()
  const captures = new Map<string, CaptureState>()
  const refunds = new Map<string, Json>()
  const disputes = new Map<string, Json>()
  const replies = new Map<string, FakeResponse>() // `${path}\n${PayPal-Request-Id}` → first answer
  const transmissions = new Map<string, { signature: string; time: string }>()
  const requests: RecordedPayPalRequest[] = []
  const events: Json[] = []
  const deliveries: { eventId: string; status: number | 'error'; body: string }[] = []
  const serverErrors: unknown[] = []
  let tokenRequests = 0
  let nextRefundStatus: 'COMPLETED' | 'PENDING' = 'COMPLETED'
  let deliveryQueue = Promise.resolve()
  let base = ''
  const certUrl = () => `${base}/v1/notifications/certs/CERT-360caa42-fca2a594-berthfake`

  // ---- events and webhooks ------------------------------------------------------------------
  function emit(eventType: string, resourceType: string, resource: Json, summary: string): Json {
    const id = `WH-${paypalId()}-${paypalId()}`
    const event: Json = {
      id,
      event_version: '1.0',
      create_time: isoNow(),
      resource_type: resourceType,
      resource_version: resourceType === 'dispute' ? '1.0' : '2.0',
      event_type: eventType,
      summary,
      resource: structuredClone(resource),
      links: [
        { href: `${base}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
        { href: `${base}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
      ],
    }
    events.push(event)
    const target = options.webhookUrl
    if (target) {
      deliveryQueue = deliveryQueue.then(async () => {
        try {
          const r = await deliverWebhook(target, event)
          deliveries.push({ eventId: id, status: r.status, body: r.body })
        } catch (error) {
          deliveries.push({ eventId: id, status: 'error', body: String(error) })
        }
      })
    }
    return event
  }

  /** Signs `event` the way PayPal does; `body` defaults to the compact JSON PayPal sends. */
  function signedWebhook(
    event: unknown,
    opts: { body?: string; time?: string; webhookId?: string } = {},
  ): SignedPayPalWebhook {
    const body = opts.body ?? JSON.stringify(event)
    const transmissionId = randomUUID()
    const time = opts.time ?? isoNow()
    const signature = signTransmission(keys, transmissionId, time, opts.webhookId ?? webhookId, body)
    transmissions.set(transmissionId, { signature, time })
    return {
      body,
      headers: {
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-time': time,
        'paypal-transmission-sig': signature,
        'paypal-cert-url': certUrl(),
        'paypal-auth-algo': 'SHA256withRSA',
        'content-type': 'application/json',
      },
    }
  }

  async function deliverWebhook(target: string, event: unknown, opts: { body?: string } = {}) {
    const signed = signedWebhook(event, opts)
    return postWebhook(target, signed.body, signed.headers)
  }

  // ---- helpers --------------------------------------------------------------------------------
  function bearer(req: FakeRequest) {
    const header = req.headers.authorization ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7) : ''
    const expiry = tokens.get(token)
    if (!expiry || expiry < Date.now()) throw authenticationFailure()
  }

  function parseBody(req: FakeRequest, required: boolean): unknown {
    if (!req.rawBody.trim()) {
      if (required)
        throw invalidRequest([
          {
            field: '/',
            location: 'body',
            issue: 'MISSING_REQUEST_BODY',
            description: 'Request body is missing.',
          },
        ])
      return undefined
    }
    const type = req.headers['content-type'] ?? ''
    if (!type.includes('application/json')) {
      throw new PayPalApiError(415, {
        name: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The server does not support the request payload’s media type.',
        debug_id: debugId(),
        details: [{ issue: 'UNSUPPORTED_MEDIA_TYPE', description: `Content-Type ${type} is not supported.` }],
      })
    }
    try {
      return JSON.parse(req.rawBody) as unknown
    } catch {
      throw invalidRequest([
        {
          field: '/',
          location: 'body',
          issue: 'MALFORMED_REQUEST_JSON',
          description: 'The request JSON is not well formed.',
        },
      ])
    }
  }

  function validate(name: SchemaName, body: unknown) {
    const issues = schemaIssues(name, body)
    if (issues.length) throw invalidRequest(issues)
  }

  function order(id: string): OrderState {
    const found = orders.get(id)
    if (!found) throw notFound()
    return found
  }
  function capture(id: string): CaptureState {
    const found = captures.get(id)
    if (!found) throw notFound()
    return found
  }

  const orderLinks = (id: string, status: string) => {
    const self = { href: `${base}/v2/checkout/orders/${id}`, rel: 'self', method: 'GET' }
    if (status === 'PAYER_ACTION_REQUIRED')
      return [self, { href: `${base}/checkoutnow?token=${id}`, rel: 'payer-action', method: 'GET' }]
    if (status === 'CREATED') {
      return [
        self,
        { href: `${base}/checkoutnow?token=${id}`, rel: 'approve', method: 'GET' },
        { href: `${base}/v2/checkout/orders/${id}`, rel: 'update', method: 'PATCH' },
        { href: `${base}/v2/checkout/orders/${id}/capture`, rel: 'capture', method: 'POST' },
      ]
    }
    if (status === 'APPROVED')
      return [self, { href: `${base}/v2/checkout/orders/${id}/capture`, rel: 'capture', method: 'POST' }]
    return [self]
  }

  // ---- Orders v2 --------------------------------------------------------------------------------
  function createOrder(body: Json): OrderState {
    validate('orders#order_request', body)
    if (body.intent !== 'CAPTURE')
      throw unprocessable('UNSUPPORTED_INTENT', 'The fake implements intent=CAPTURE only.', '/intent')
    const units_ = body.purchase_units as Json[]
    if (units_.length !== 1)
      throw unprocessable(
        'UNSUPPORTED_PURCHASE_UNITS',
        'The fake takes one purchase unit.',
        '/purchase_units',
      )
    const request = units_[0]!
    const amountMoney = request.amount as Money
    const amount = units(amountMoney, "/purchase_units/@reference_id=='default'/amount")
    const wholeDigits = amountMoney.value.split('.')[0]!.length
    if (wholeDigits > 15)
      throw unprocessable(
        'AMOUNT_TOO_LARGE',
        'The `amount.value` field supports up to 15 digits preceding the decimal.',
        '/purchase_units/0/amount/value',
      )
    const id = paypalId()
    const paypalSource = (body.payment_source as Json | undefined)?.paypal as Json | undefined
    const context = (paypalSource?.experience_context ??
      body.application_context ??
      {}) as OrderState['context']
    const status = paypalSource ? 'PAYER_ACTION_REQUIRED' : 'CREATED'
    const unit: Json = {
      reference_id: request.reference_id ?? 'default',
      amount: { currency_code: amountMoney.currency_code, value: amountMoney.value },
      payee: merchant,
      ...(request.description ? { description: request.description } : {}),
      ...(request.custom_id ? { custom_id: request.custom_id } : {}),
      ...(request.invoice_id ? { invoice_id: request.invoice_id } : {}),
      soft_descriptor: 'BERTHFAKE',
    }
    const created: Json = {
      id,
      intent: 'CAPTURE',
      status,
      ...(paypalSource ? { payment_source: { paypal: {} } } : {}),
      purchase_units: [unit],
      create_time: isoNow(),
      links: orderLinks(id, status),
    }
    const state: OrderState = {
      order: created,
      unit,
      amount,
      currency: amountMoney.currency_code,
      outcome: 'COMPLETED',
      context,
    }
    orders.set(id, state)
    return state
  }

  const publicOrder = (state: OrderState): Json => structuredClone(state.order)

  /** The buyer approved the order on PayPal; `captureOutcome` decides what the capture will do. */
  function approveOrder(orderId: string, opts: { captureOutcome?: CaptureOutcome } = {}) {
    const state = order(orderId)
    const status = state.order.status
    if (status !== 'CREATED' && status !== 'PAYER_ACTION_REQUIRED')
      throw new Error(`order ${orderId} is ${String(status)}, cannot be approved`)
    state.outcome = opts.captureOutcome ?? 'COMPLETED'
    const payer = {
      email_address: 'sb-buyer@personal.example.com',
      account_id: 'QYR5Z8XDVJNXQ',
      account_status: 'VERIFIED',
      name: { given_name: 'John', surname: 'Doe' },
      address: { country_code: 'US' },
    }
    Object.assign(state.order, {
      status: 'APPROVED',
      payment_source: { paypal: payer },
      payer: {
        name: payer.name,
        email_address: payer.email_address,
        payer_id: payer.account_id,
        address: payer.address,
      },
      update_time: isoNow(),
      links: orderLinks(orderId, 'APPROVED'),
    })
    const event = emit(
      'CHECKOUT.ORDER.APPROVED',
      'checkout-order',
      publicOrder(state),
      `An order has been approved by buyer`,
    )
    return { order: publicOrder(state), event }
  }

  function captureOrder(state: OrderState): Json {
    const status = state.order.status
    if (status === 'COMPLETED')
      throw unprocessable(
        'ORDER_ALREADY_CAPTURED',
        "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
      )
    if (status !== 'APPROVED') {
      throw unprocessable(
        'ORDER_NOT_APPROVED',
        "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid `payment_source` in the request.",
      )
    }
    if (state.outcome === 'INSTRUMENT_DECLINED') {
      state.outcome = 'COMPLETED' // the buyer picks another funding source and comes back
      throw unprocessable(
        'INSTRUMENT_DECLINED',
        "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
      )
    }
    const invoiceId = state.unit.invoice_id as string | undefined
    if (options.uniqueInvoiceIds && invoiceId) {
      const taken = [...captures.values()].some(
        (c) => c.capture.invoice_id === invoiceId && c.capture.status !== 'DECLINED',
      )
      if (taken) {
        throw unprocessable(
          'DUPLICATE_INVOICE_ID',
          'Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.',
        )
      }
    }
    const captureId = paypalId()
    const now = isoNow()
    const gross = money(state.currency, state.amount)
    const fee = money(state.currency, feeOf(state.amount, state.currency))
    const net = money(state.currency, state.amount - feeOf(state.amount, state.currency))
    const captureStatus =
      state.outcome === 'PENDING' ? 'PENDING' : state.outcome === 'DECLINED' ? 'DECLINED' : 'COMPLETED'
    const cap: Json = {
      id: captureId,
      status: captureStatus,
      ...(captureStatus === 'PENDING' ? { status_details: { reason: 'ECHECK' } } : {}),
      amount: gross,
      final_capture: true,
      seller_protection: {
        status: 'ELIGIBLE',
        dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'],
      },
      ...(captureStatus === 'COMPLETED'
        ? { seller_receivable_breakdown: { gross_amount: gross, paypal_fee: fee, net_amount: net } }
        : {}),
      ...(invoiceId ? { invoice_id: invoiceId } : {}),
      ...(state.unit.custom_id ? { custom_id: state.unit.custom_id } : {}),
      links: [
        { href: `${base}/v2/payments/captures/${captureId}`, rel: 'self', method: 'GET' },
        { href: `${base}/v2/payments/captures/${captureId}/refund`, rel: 'refund', method: 'POST' },
        { href: `${base}/v2/checkout/orders/${state.order.id as string}`, rel: 'up', method: 'GET' },
      ],
      create_time: now,
      update_time: now,
    }
    captures.set(captureId, {
      capture: cap,
      orderId: state.order.id as string,
      amount: state.amount,
      refunded: 0n,
      currency: state.currency,
    })
    state.unit.payments = { captures: [cap] }
    Object.assign(state.order, {
      status: 'COMPLETED',
      update_time: now,
      links: orderLinks(state.order.id as string, 'COMPLETED'),
    })
    const resource = webhookCapture(captureId)
    if (captureStatus === 'COMPLETED')
      emit(
        'PAYMENT.CAPTURE.COMPLETED',
        'capture',
        resource,
        `Payment completed for ${gross.value} ${gross.currency_code}`,
      )
    else if (captureStatus === 'PENDING')
      emit(
        'PAYMENT.CAPTURE.PENDING',
        'capture',
        resource,
        `Payment pending for ${gross.value} ${gross.currency_code}`,
      )
    else
      emit(
        'PAYMENT.CAPTURE.DECLINED',
        'capture',
        resource,
        `Payment declined for ${gross.value} ${gross.currency_code}`,
      )
    emit('CHECKOUT.ORDER.COMPLETED', 'checkout-order', publicOrder(state), 'Checkout Order Completed')
    return publicOrder(state)
  }

  /** A capture as webhooks carry it: with the order id under supplementary_data. */
  function webhookCapture(captureId: string): Json {
    const state = capture(captureId)
    return {
      ...structuredClone(state.capture),
      supplementary_data: { related_ids: { order_id: state.orderId } },
    }
  }

  // ---- payments --------------------------------------------------------------------------------
  function refundCapture(
    captureId: string,
    body: Json | undefined,
    kind: 'refund' | 'reversal' = 'refund',
  ): Json {
    const state = capture(captureId)
    const cap = state.capture
    if (cap.status === 'REFUNDED')
      throw unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded')
    if (cap.status === 'PENDING')
      throw unprocessable(
        'PENDING_CAPTURE',
        'Cannot initiate a refund as the capture is pending. Capture is typically pending when the payer has funded the transaction using e-check/bank funded.',
      )
    if (cap.status !== 'COMPLETED' && cap.status !== 'PARTIALLY_REFUNDED')
      throw unprocessable('REFUND_NOT_ALLOWED', 'Capture cannot be refunded.')
    const requested = body?.amount as Money | undefined
    if (requested && requested.currency_code !== state.currency) {
      throw unprocessable(
        'REFUND_CAPTURE_CURRENCY_MISMATCH',
        'Refund must be in the same currency as the capture',
        '/amount/currency_code',
      )
    }
    const remaining = state.amount - state.refunded
    const amount = requested ? units(requested, '/amount') : remaining
    if (amount > remaining) {
      throw unprocessable(
        'REFUND_AMOUNT_EXCEEDED',
        'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
        '/amount/value',
      )
    }
    const id = paypalId()
    const now = isoNow()
    const status = kind === 'reversal' ? 'COMPLETED' : nextRefundStatus
    state.refunded += amount
    const gross = money(state.currency, amount)
    const refund: Json = {
      id,
      amount: gross,
      ...(cap.invoice_id ? { invoice_id: cap.invoice_id } : {}),
      ...(cap.custom_id ? { custom_id: cap.custom_id } : {}),
      ...(body?.note_to_payer ? { note_to_payer: body.note_to_payer } : {}),
      seller_payable_breakdown: {
        gross_amount: gross,
        paypal_fee: money(state.currency, 0n),
        net_amount: gross,
        total_refunded_amount: money(state.currency, state.refunded),
      },
      status,
      ...(status === 'PENDING' ? { status_details: { reason: 'ECHECK' } } : {}),
      create_time: now,
      update_time: now,
      links: [
        { href: `${base}/v2/payments/refunds/${id}`, rel: 'self', method: 'GET' },
        { href: `${base}/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' },
      ],
    }
    refunds.set(id, refund)
    Object.assign(cap, {
      status: state.refunded === state.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
      update_time: now,
    })
    const orderState = orders.get(state.orderId)
    if (orderState) {
      const payments = (orderState.unit.payments ?? {}) as Json
      payments.refunds = [...((payments.refunds as Json[] | undefined) ?? []), refund]
    }
    if (kind === 'reversal')
      emit(
        'PAYMENT.CAPTURE.REVERSED',
        'refund',
        refund,
        `A ${gross.value} ${gross.currency_code} capture payment was reversed`,
      )
    else if (status === 'COMPLETED')
      emit(
        'PAYMENT.CAPTURE.REFUNDED',
        'refund',
        refund,
        `A ${gross.value} ${gross.currency_code} capture payment was refunded`,
      )
    return refund
  }

  // ---- disputes (customer disputes API v1 shapes) -------------------------------------------------
  function createDispute(captureId: string, opts: { reason?: string; amount?: Money } = {}) {
    const state = capture(captureId)
    const id = `PP-D-${randomId(5, '0123456789')}`
    const now = isoNow()
    const dispute: Json = {
      dispute_id: id,
      create_time: now,
      update_time: now,
      disputed_transactions: [
        {
          seller_transaction_id: captureId,
          create_time: state.capture.create_time,
          transaction_status: 'COMPLETED',
          gross_amount: state.capture.amount,
          invoice_number: state.capture.invoice_id,
          custom: state.capture.custom_id,
          seller: { merchant_id: merchant.merchant_id, name: 'Berth Fake Hosting' },
          items: [],
          seller_protection_eligible: true,
        },
      ],
      reason: opts.reason ?? 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
      status: 'OPEN',
      dispute_amount: opts.amount ?? state.capture.amount,
      dispute_life_cycle_stage: 'INQUIRY',
      dispute_channel: 'INTERNAL',
      seller_response_due_date: new Date(Date.now() + 10 * 24 * 3600 * 1000)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      links: [{ href: `${base}/v1/customer/disputes/${id}`, rel: 'self', method: 'GET' }],
    }
    disputes.set(id, dispute)
    const event = emit(
      'CUSTOMER.DISPUTE.CREATED',
      'dispute',
      dispute,
      `A new dispute opened with Case # ${id}`,
    )
    return { dispute: structuredClone(dispute), event }
  }

  function dispute(id: string): Json {
    const found = disputes.get(id)
    if (!found) throw new Error(`no dispute ${id}`)
    return found
  }

  function updateDispute(
    id: string,
    status: 'WAITING_FOR_BUYER_RESPONSE' | 'WAITING_FOR_SELLER_RESPONSE' | 'UNDER_REVIEW' | 'OPEN',
  ) {
    const d = dispute(id)
    Object.assign(d, {
      status,
      update_time: isoNow(),
      dispute_life_cycle_stage: status === 'UNDER_REVIEW' ? 'CHARGEBACK' : d.dispute_life_cycle_stage,
    })
    const event = emit('CUSTOMER.DISPUTE.UPDATED', 'dispute', d, `A dispute was updated with Case # ${id}`)
    return { dispute: structuredClone(d), event }
  }

  function resolveDispute(
    id: string,
    outcome:
      | 'RESOLVED_BUYER_FAVOUR'
      | 'RESOLVED_SELLER_FAVOUR'
      | 'RESOLVED_WITH_PAYOUT'
      | 'CANCELED_BY_BUYER'
      | 'ACCEPTED'
      | 'DENIED',
  ) {
    const d = dispute(id)
    Object.assign(d, {
      status: 'RESOLVED',
      update_time: isoNow(),
      dispute_outcome: {
        outcome_code: outcome,
        ...(outcome === 'RESOLVED_BUYER_FAVOUR' || outcome === 'ACCEPTED'
          ? { amount_refunded: d.dispute_amount }
          : {}),
      },
    })
    const event = emit('CUSTOMER.DISPUTE.RESOLVED', 'dispute', d, `A dispute was resolved with case # ${id}`)
    return { dispute: structuredClone(d), event }
  }

  // ---- HTTP -------------------------------------------------------------------------------------
  function once(req: FakeRequest, scope: string, make: () => FakeResponse): FakeResponse {
    const requestId = headerOf(req, 'paypal-request-id')
    if (!requestId) return make()
    const key = `${scope}\n${requestId}`
    const seen = replies.get(key)
    if (seen) return { ...seen, status: seen.status === 201 ? 200 : seen.status }
    let response: FakeResponse
    try {
      response = make()
    } catch (error) {
      response = toResponse(error)
    }
    // Only a success is kept: after a refusal (INSTRUMENT_DECLINED…) the same id may try again.
    if (response.status < 300) replies.set(key, response)
    return response
  }

  const headerOf = (req: FakeRequest, name: string): string | undefined => {
    const v = req.headers[name]
    return typeof v === 'string' ? v : undefined
  }
  const representation = (req: FakeRequest) =>
    headerOf(req, 'prefer')?.includes('return=representation') ?? false
  const minimal = (o: Json) => ({ id: o.id, status: o.status, links: o.links })

  function oauthToken(req: FakeRequest): FakeResponse {
    tokenRequests += 1
    const header = req.headers.authorization ?? ''
    const [id, secret] = header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString().split(':')
      : []
    if (id !== clientId || secret !== clientSecret)
      throw new PayPalApiError(401, {
        error: 'invalid_client',
        error_description: 'Client Authentication failed',
      })
    const grant = new URLSearchParams(req.rawBody).get('grant_type')
    if (grant !== 'client_credentials')
      throw new PayPalApiError(400, {
        error: 'unsupported_grant_type',
        error_description: `Grant Type is ${grant ?? 'NULL'}`,
      })
    const accessToken = `A21AA${randomId(92, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`
    tokens.set(accessToken, Date.now() + tokenLifetime * 1000)
    return json(200, {
      scope:
        'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/applications/webhooks',
      access_token: accessToken,
      token_type: 'Bearer',
      app_id: 'APP-80W284485P519543T',
      expires_in: tokenLifetime,
      nonce: `${isoNow()}${randomId(20)}`,
    })
  }

  function verifySignature(req: FakeRequest): FakeResponse {
    const body = parseBody(req, true) as Json
    validate('webhooks#verify_webhook_signature', body)
    const rawEvent = rawMember(req.rawBody, 'webhook_event') ?? ''
    const known = transmissions.get(body.transmission_id as string)
    const ok =
      known !== undefined &&
      known.signature === body.transmission_sig &&
      known.time === body.transmission_time &&
      body.webhook_id === webhookId &&
      body.cert_url === certUrl() &&
      body.auth_algo === 'SHA256withRSA' &&
      checkTransmission(
        keys,
        body.transmission_id as string,
        body.transmission_time as string,
        webhookId,
        rawEvent,
        body.transmission_sig as string,
      )
    return json(200, { verification_status: ok ? 'SUCCESS' : 'FAILURE' })
  }

  function route(req: FakeRequest): FakeResponse {
    const r = `${req.method} ${req.path}`
    let m: RegExpExecArray | null
    if (r === 'POST /v1/oauth2/token') return oauthToken(req)
    if (r === 'GET /checkoutnow' || r === 'POST /checkoutnow') return approvalPage(req)
    if ((m = /^GET \/v1\/notifications\/certs\/[^/]+$/.exec(r))) {
      return {
        status: 200,
        headers: { 'content-type': 'application/x-pem-file' },
        body: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      }
    }
    bearer(req)
    const body = ['POST', 'PATCH', 'PUT'].includes(req.method)
      ? parseBody(
          req,
          r === 'POST /v2/checkout/orders' || r === 'POST /v1/notifications/verify-webhook-signature',
        )
      : undefined
    requests.push({
      method: req.method,
      path: req.path,
      paypalRequestId: headerOf(req, 'paypal-request-id'),
      prefer: headerOf(req, 'prefer'),
      body,
    })
    if (r === 'POST /v2/checkout/orders') {
      return once(req, req.path, () => {
        const state = createOrder(body as Json)
        const o = publicOrder(state)
        return json(201, representation(req) ? o : minimal(o))
      })
    }
    if ((m = /^GET \/v2\/checkout\/orders\/([^/]+)$/.exec(r))) return json(200, publicOrder(order(m[1]!)))
    if ((m = /^POST \/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(r))) {
      const id = m[1]!
      return once(req, req.path, () => {
        if (body !== undefined && (typeof body !== 'object' || body === null))
          throw invalidRequest([
            {
              field: '/',
              location: 'body',
              issue: 'INVALID_PARAMETER_SYNTAX',
              description: 'Body must be an object.',
            },
          ])
        const o = captureOrder(order(id))
        return json(201, representation(req) ? o : minimal(o))
      })
    }
    if ((m = /^GET \/v2\/payments\/captures\/([^/]+)$/.exec(r)))
      return json(200, { ...webhookCapture(m[1]!), payee: merchant })
    if ((m = /^POST \/v2\/payments\/captures\/([^/]+)\/refund$/.exec(r))) {
      const id = m[1]!
      return once(req, req.path, () => {
        if (body !== undefined) validate('payments#refund_request', body)
        const refund = refundCapture(id, body as Json | undefined)
        return json(201, representation(req) ? refund : minimal(refund))
      })
    }
    if ((m = /^GET \/v2\/payments\/refunds\/([^/]+)$/.exec(r))) {
      const refund = refunds.get(m[1]!)
      if (!refund) throw notFound()
      return json(200, refund)
    }
    if (r === 'POST /v1/notifications/verify-webhook-signature') return verifySignature(req)
    throw new PayPalApiError(404, {
      name: 'RESOURCE_NOT_FOUND',
      message: 'The specified resource does not exist.',
      debug_id: debugId(),
      details: [
        { issue: 'INVALID_URI', description: `${req.method} ${req.path} is not an endpoint of the fake.` },
      ],
    })
  }

  function approvalPage(req: FakeRequest): FakeResponse {
    const token = req.query.get('token') ?? ''
    const state = orders.get(token)
    if (!state) return html(404, '<!doctype html><p>Unknown order</p>')
    const context = state.context
    if (req.method === 'POST') {
      const action = new URLSearchParams(req.rawBody).get('action')
      const back = (target: string | undefined, extra: Record<string, string>) => {
        const u = new URL(target ?? 'http://localhost/')
        u.searchParams.set('token', token)
        for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v)
        return redirect(u.toString())
      }
      if (action === 'cancel') return back(context.cancel_url, {})
      const outcome =
        action === 'approve_pending'
          ? 'PENDING'
          : action === 'approve_declined'
            ? 'INSTRUMENT_DECLINED'
            : 'COMPLETED'
      approveOrder(token, { captureOutcome: outcome })
      return back(context.return_url, { PayerID: 'QYR5Z8XDVJNXQ' })
    }
    const amount = state.unit.amount as Money
    return html(
      200,
      `<!doctype html><html><head><title>Fake PayPal</title></head><body>
<h1>Fake PayPal checkout</h1><p>Sandbox: no real money.</p>
<p data-testid="description">${escapeHtml(String(state.unit.description ?? ''))}</p><p data-testid="amount">${escapeHtml(`${amount.value} ${amount.currency_code}`)}</p>
${state.order.status === 'APPROVED' || state.order.status === 'COMPLETED' ? `<p>This order is ${escapeHtml(String(state.order.status))}.</p>` : `<form method="post"><button name="action" value="approve">Pay Now</button> <button name="action" value="approve_pending">Pay by eCheck (pending)</button> <button name="action" value="approve_declined">Pay with a card that will be declined</button> <button name="action" value="cancel">Cancel and return</button></form>`}
</body></html>`,
    )
  }

  function toResponse(error: unknown): FakeResponse {
    if (error instanceof PayPalApiError)
      return json(error.status, error.body, { 'paypal-debug-id': String(error.body.debug_id ?? debugId()) })
    serverErrors.push(error)
    return json(500, {
      name: 'INTERNAL_SERVER_ERROR',
      message: 'An internal server error has occurred.',
      debug_id: debugId(),
    })
  }

  const server = await startHttpServer(route, toResponse)
  base = server.url

  return {
    url: server.url,
    port: server.port,
    clientId,
    clientSecret,
    webhookId,
    requests,
    events,
    deliveries,
    serverErrors,
    get tokenRequests() {
      return tokenRequests
    },
    /** forget every access token (as if they expired): the next API call answers 401 */
    expireTokens() {
      tokens.clear()
    },
    order: (id: string) => publicOrder(order(id)),
    capture: (id: string) => structuredClone(capture(id).capture),
    refund(id: string): Json {
      const found = refunds.get(id)
      if (!found) throw new Error(`no refund ${id}`)
      return structuredClone(found)
    },
    /** the capture of an order, once captured */
    captureOf(orderId: string): Json {
      const caps = (order(orderId).unit.payments as { captures?: Json[] } | undefined)?.captures
      if (!caps?.[0]) throw new Error(`order ${orderId} has no capture`)
      return structuredClone(caps[0])
    },
    approveOrder,
    /** a PENDING capture clears (PAYMENT.CAPTURE.COMPLETED) or is denied (PAYMENT.CAPTURE.DENIED) */
    completePendingCapture(captureId: string) {
      const state = capture(captureId)
      if (state.capture.status !== 'PENDING') throw new Error(`capture ${captureId} is not pending`)
      const gross = state.capture.amount as Money
      const fee = feeOf(state.amount, state.currency)
      Object.assign(state.capture, {
        status: 'COMPLETED',
        update_time: isoNow(),
        seller_receivable_breakdown: {
          gross_amount: gross,
          paypal_fee: money(state.currency, fee),
          net_amount: money(state.currency, state.amount - fee),
        },
      })
      delete state.capture.status_details
      return emit(
        'PAYMENT.CAPTURE.COMPLETED',
        'capture',
        webhookCapture(captureId),
        `Payment completed for ${gross.value} ${gross.currency_code}`,
      )
    },
    denyPendingCapture(captureId: string) {
      const state = capture(captureId)
      if (state.capture.status !== 'PENDING') throw new Error(`capture ${captureId} is not pending`)
      Object.assign(state.capture, { status: 'DECLINED', update_time: isoNow() })
      const gross = state.capture.amount as Money
      return emit(
        'PAYMENT.CAPTURE.DENIED',
        'capture',
        webhookCapture(captureId),
        `Payment denied for ${gross.value} ${gross.currency_code}`,
      )
    },
    /** a refund made outside Berth (the PayPal dashboard) */
    createRefund: (captureId: string, amount?: Money) =>
      refundCapture(captureId, amount ? { amount } : undefined),
    /** PayPal takes the money back (e.g. after a chargeback): PAYMENT.CAPTURE.REVERSED */
    reverseCapture: (captureId: string) => refundCapture(captureId, undefined, 'reversal'),
    /** the next refunds answer PENDING (and send no REFUNDED event) */
    setNextRefundStatus(status: 'COMPLETED' | 'PENDING') {
      nextRefundStatus = status
    },
    createDispute,
    updateDispute,
    resolveDispute,
    eventsOfType: (type: string) => events.filter((e) => e.event_type === type),
    lastEvent(type: string): Json {
      const found = events.filter((e) => e.event_type === type).at(-1)
      if (!found) throw new Error(`the fake PayPal generated no ${type} event`)
      return found
    },
    signedWebhook,
    deliverWebhook,
    flushWebhooks: () => deliveryQueue,
    /** start (or stop, with undefined) delivering every new event to this URL */
    setWebhookUrl(url: string | undefined) {
      options.webhookUrl = url
    },
    stop: server.stop,
  }
}
