import { json } from '../http'
import { invalidRequest, unprocessable } from './errors'
import { feeOf, money } from './money'
import { orderLinks, publicOrder } from './orders'
import { minimal, once, representation } from './request'
import type { PayPalRoute } from './routes'
import { isoNow, paypalId, type OrderState, type PayPalState } from './state'
import type { Json, Money } from './types'
import { emit } from './webhooks'

/** Captures: capturing an approved order, pending captures that clear or are denied, and the GET. */

/** PayPal's refusals before a capture: state, a declined instrument, a duplicate invoice id. */
function checkCapturable(state: PayPalState, order: OrderState) {
  const status = order.order.status
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
  if (order.outcome === 'INSTRUMENT_DECLINED') {
    order.outcome = 'COMPLETED' // the buyer picks another funding source and comes back
    throw unprocessable(
      'INSTRUMENT_DECLINED',
      "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
    )
  }
  const invoiceId = order.unit.invoice_id as string | undefined
  if (state.options.uniqueInvoiceIds && invoiceId) {
    const taken = [...state.captures.values()].some(
      (c) => c.capture.invoice_id === invoiceId && c.capture.status !== 'DECLINED',
    )
    if (taken) {
      throw unprocessable(
        'DUPLICATE_INVOICE_ID',
        'Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.',
      )
    }
  }
}

function buildCapture(state: PayPalState, order: OrderState, captureId: string, now: string): Json {
  const gross = money(order.currency, order.amount)
  const fee = money(order.currency, feeOf(order.amount, order.currency))
  const net = money(order.currency, order.amount - feeOf(order.amount, order.currency))
  const captureStatus =
    order.outcome === 'PENDING' ? 'PENDING' : order.outcome === 'DECLINED' ? 'DECLINED' : 'COMPLETED'
  const invoiceId = order.unit.invoice_id as string | undefined
  const base = state.base
  return {
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
    ...(order.unit.custom_id ? { custom_id: order.unit.custom_id } : {}),
    links: [
      { href: `${base}/v2/payments/captures/${captureId}`, rel: 'self', method: 'GET' },
      { href: `${base}/v2/payments/captures/${captureId}/refund`, rel: 'refund', method: 'POST' },
      { href: `${base}/v2/checkout/orders/${order.order.id as string}`, rel: 'up', method: 'GET' },
    ],
    create_time: now,
    update_time: now,
  }
}

function captureOrder(state: PayPalState, order: OrderState): Json {
  checkCapturable(state, order)
  const captureId = paypalId()
  const now = isoNow()
  const cap = buildCapture(state, order, captureId, now)
  const orderId = order.order.id as string
  state.captures.set(captureId, {
    capture: cap,
    orderId,
    amount: order.amount,
    refunded: 0n,
    currency: order.currency,
  })
  order.unit.payments = { captures: [cap] }
  Object.assign(order.order, {
    status: 'COMPLETED',
    update_time: now,
    links: orderLinks(state, orderId, 'COMPLETED'),
  })
  const gross = cap.amount as Money
  const word = { COMPLETED: 'completed', PENDING: 'pending', DECLINED: 'declined' }[cap.status as string]!
  emit(
    state,
    `PAYMENT.CAPTURE.${cap.status as string}`,
    'capture',
    webhookCapture(state, captureId),
    `Payment ${word} for ${gross.value} ${gross.currency_code}`,
  )
  emit(state, 'CHECKOUT.ORDER.COMPLETED', 'checkout-order', publicOrder(order), 'Checkout Order Completed')
  return publicOrder(order)
}

/** A capture as webhooks carry it: with the order id under supplementary_data. */
export function webhookCapture(state: PayPalState, captureId: string): Json {
  const capture = state.capture(captureId)
  return {
    ...structuredClone(capture.capture),
    supplementary_data: { related_ids: { order_id: capture.orderId } },
  }
}

/** A PENDING capture clears: PAYMENT.CAPTURE.COMPLETED. */
export function completePendingCapture(state: PayPalState, captureId: string) {
  const capture = state.capture(captureId)
  if (capture.capture.status !== 'PENDING') throw new Error(`capture ${captureId} is not pending`)
  const gross = capture.capture.amount as Money
  const fee = feeOf(capture.amount, capture.currency)
  Object.assign(capture.capture, {
    status: 'COMPLETED',
    update_time: isoNow(),
    seller_receivable_breakdown: {
      gross_amount: gross,
      paypal_fee: money(capture.currency, fee),
      net_amount: money(capture.currency, capture.amount - fee),
    },
  })
  delete capture.capture.status_details
  return emit(
    state,
    'PAYMENT.CAPTURE.COMPLETED',
    'capture',
    webhookCapture(state, captureId),
    `Payment completed for ${gross.value} ${gross.currency_code}`,
  )
}

/** A PENDING capture is denied: PAYMENT.CAPTURE.DENIED. */
export function denyPendingCapture(state: PayPalState, captureId: string) {
  const capture = state.capture(captureId)
  if (capture.capture.status !== 'PENDING') throw new Error(`capture ${captureId} is not pending`)
  Object.assign(capture.capture, { status: 'DECLINED', update_time: isoNow() })
  const gross = capture.capture.amount as Money
  return emit(
    state,
    'PAYMENT.CAPTURE.DENIED',
    'capture',
    webhookCapture(state, captureId),
    `Payment denied for ${gross.value} ${gross.currency_code}`,
  )
}

export const captureRoutes: PayPalRoute[] = [
  {
    method: 'POST',
    path: /^\/v2\/checkout\/orders\/([^/]+)\/capture$/,
    handle: (state, { req, body, id }) =>
      once(state, req, req.path, () => {
        if (body !== undefined && (typeof body !== 'object' || body === null))
          throw invalidRequest([
            {
              field: '/',
              location: 'body',
              issue: 'INVALID_PARAMETER_SYNTAX',
              description: 'Body must be an object.',
            },
          ])
        const o = captureOrder(state, state.order(id))
        return json(201, representation(req) ? o : minimal(o))
      }),
  },
  {
    method: 'GET',
    path: /^\/v2\/payments\/captures\/([^/]+)$/,
    handle: (state, call) => json(200, { ...webhookCapture(state, call.id), payee: state.merchant }),
  },
]
