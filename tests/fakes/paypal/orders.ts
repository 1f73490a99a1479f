import { json } from '../http'
import { unprocessable } from './errors'
import { units } from './money'
import { minimal, once, representation, validate } from './request'
import type { PayPalRoute } from './routes'
import { isoNow, paypalId, type OrderState, type PayPalState } from './state'
import type { CaptureOutcome, Json, Money } from './types'
import { emit } from './webhooks'

/** Orders v2: create (schema and business checks), retrieve, and the buyer's approval. */

export function orderLinks(state: PayPalState, id: string, status: string) {
  const base = state.base
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

export const publicOrder = (state: OrderState): Json => structuredClone(state.order)

/** The order request's one purchase unit and its amount, checked as PayPal does. */
function purchaseUnitOf(body: Json): { request: Json; amountMoney: Money; amount: bigint } {
  validate('orders#order_request', body)
  if (body.intent !== 'CAPTURE')
    throw unprocessable('UNSUPPORTED_INTENT', 'The fake implements intent=CAPTURE only.', '/intent')
  const units_ = body.purchase_units as Json[]
  if (units_.length !== 1)
    throw unprocessable('UNSUPPORTED_PURCHASE_UNITS', 'The fake takes one purchase unit.', '/purchase_units')
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
  return { request, amountMoney, amount }
}

function createOrder(state: PayPalState, body: Json): OrderState {
  const { request, amountMoney, amount } = purchaseUnitOf(body)
  const id = paypalId()
  const paypalSource = (body.payment_source as Json | undefined)?.paypal as Json | undefined
  const context = (paypalSource?.experience_context ??
    body.application_context ??
    {}) as OrderState['context']
  const status = paypalSource ? 'PAYER_ACTION_REQUIRED' : 'CREATED'
  const unit: Json = {
    reference_id: request.reference_id ?? 'default',
    amount: { currency_code: amountMoney.currency_code, value: amountMoney.value },
    payee: state.merchant,
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
    links: orderLinks(state, id, status),
  }
  const order: OrderState = {
    order: created,
    unit,
    amount,
    currency: amountMoney.currency_code,
    outcome: 'COMPLETED',
    context,
  }
  state.orders.set(id, order)
  return order
}

/** The buyer approved the order on PayPal; `captureOutcome` decides what the capture will do. */
export function approveOrder(
  state: PayPalState,
  orderId: string,
  opts: { captureOutcome?: CaptureOutcome } = {},
) {
  const order = state.order(orderId)
  const status = order.order.status
  if (status !== 'CREATED' && status !== 'PAYER_ACTION_REQUIRED')
    throw new Error(`order ${orderId} is ${String(status)}, cannot be approved`)
  order.outcome = opts.captureOutcome ?? 'COMPLETED'
  const payer = {
    email_address: 'sb-buyer@personal.example.com',
    account_id: 'QYR5Z8XDVJNXQ',
    account_status: 'VERIFIED',
    name: { given_name: 'John', surname: 'Doe' },
    address: { country_code: 'US' },
  }
  Object.assign(order.order, {
    status: 'APPROVED',
    payment_source: { paypal: payer },
    payer: {
      name: payer.name,
      email_address: payer.email_address,
      payer_id: payer.account_id,
      address: payer.address,
    },
    update_time: isoNow(),
    links: orderLinks(state, orderId, 'APPROVED'),
  })
  const event = emit(
    state,
    'CHECKOUT.ORDER.APPROVED',
    'checkout-order',
    publicOrder(order),
    `An order has been approved by buyer`,
  )
  return { order: publicOrder(order), event }
}

export const orderRoutes: PayPalRoute[] = [
  {
    method: 'POST',
    path: '/v2/checkout/orders',
    requiresBody: true,
    handle: (state, { req, body }) =>
      once(state, req, req.path, () => {
        const o = publicOrder(createOrder(state, body as Json))
        return json(201, representation(req) ? o : minimal(o))
      }),
  },
  {
    method: 'GET',
    path: /^\/v2\/checkout\/orders\/([^/]+)$/,
    handle: (state, call) => json(200, publicOrder(state.order(call.id))),
  },
]
