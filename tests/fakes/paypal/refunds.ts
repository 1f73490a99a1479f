import { json } from '../http'
import { notFound, unprocessable } from './errors'
import { money, units } from './money'
import { minimal, once, representation, validate } from './request'
import type { PayPalRoute } from './routes'
import { isoNow, paypalId, type CaptureState, type PayPalState } from './state'
import type { Json, Money } from './types'
import { emit } from './webhooks'

/** Refunds of captures (by Berth, on paypal.com, or PayPal's reversal) and the refund GET. */

/** The amount to refund in PayPal units, after PayPal's refusals for this capture. */
function refundableAmount(capture: CaptureState, requested: Money | undefined): bigint {
  const cap = capture.capture
  if (cap.status === 'REFUNDED')
    throw unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded')
  if (cap.status === 'PENDING')
    throw unprocessable(
      'PENDING_CAPTURE',
      'Cannot initiate a refund as the capture is pending. Capture is typically pending when the payer has funded the transaction using e-check/bank funded.',
    )
  if (cap.status !== 'COMPLETED' && cap.status !== 'PARTIALLY_REFUNDED')
    throw unprocessable('REFUND_NOT_ALLOWED', 'Capture cannot be refunded.')
  if (requested && requested.currency_code !== capture.currency) {
    throw unprocessable(
      'REFUND_CAPTURE_CURRENCY_MISMATCH',
      'Refund must be in the same currency as the capture',
      '/amount/currency_code',
    )
  }
  const remaining = capture.amount - capture.refunded
  const amount = requested ? units(requested, '/amount') : remaining
  if (amount > remaining) {
    throw unprocessable(
      'REFUND_AMOUNT_EXCEEDED',
      'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
      '/amount/value',
    )
  }
  return amount
}

function buildRefund(
  state: PayPalState,
  capture: CaptureState,
  captureId: string,
  input: { amount: bigint; status: string; noteToPayer: unknown },
): Json {
  const cap = capture.capture
  const id = paypalId()
  const now = isoNow()
  const gross = money(capture.currency, input.amount)
  return {
    id,
    amount: gross,
    ...(cap.invoice_id ? { invoice_id: cap.invoice_id } : {}),
    ...(cap.custom_id ? { custom_id: cap.custom_id } : {}),
    ...(input.noteToPayer ? { note_to_payer: input.noteToPayer } : {}),
    seller_payable_breakdown: {
      gross_amount: gross,
      paypal_fee: money(capture.currency, 0n),
      net_amount: gross,
      total_refunded_amount: money(capture.currency, capture.refunded),
    },
    status: input.status,
    ...(input.status === 'PENDING' ? { status_details: { reason: 'ECHECK' } } : {}),
    create_time: now,
    update_time: now,
    links: [
      { href: `${state.base}/v2/payments/refunds/${id}`, rel: 'self', method: 'GET' },
      { href: `${state.base}/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' },
    ],
  }
}

export function refundCapture(
  state: PayPalState,
  captureId: string,
  body: Json | undefined,
  kind: 'refund' | 'reversal' = 'refund',
): Json {
  const capture = state.capture(captureId)
  const amount = refundableAmount(capture, body?.amount as Money | undefined)
  const status = kind === 'reversal' ? 'COMPLETED' : state.nextRefundStatus
  capture.refunded += amount
  const refund = buildRefund(state, capture, captureId, { amount, status, noteToPayer: body?.note_to_payer })
  state.refunds.set(refund.id as string, refund)
  Object.assign(capture.capture, {
    status: capture.refunded === capture.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    update_time: refund.create_time,
  })
  const order = state.orders.get(capture.orderId)
  if (order) {
    const payments = (order.unit.payments ?? {}) as Json
    payments.refunds = [...((payments.refunds as Json[] | undefined) ?? []), refund]
  }
  const gross = refund.amount as Money
  if (kind === 'reversal')
    emit(
      state,
      'PAYMENT.CAPTURE.REVERSED',
      'refund',
      refund,
      `A ${gross.value} ${gross.currency_code} capture payment was reversed`,
    )
  else if (status === 'COMPLETED')
    emit(
      state,
      'PAYMENT.CAPTURE.REFUNDED',
      'refund',
      refund,
      `A ${gross.value} ${gross.currency_code} capture payment was refunded`,
    )
  return refund
}

export const refundRoutes: PayPalRoute[] = [
  {
    method: 'POST',
    path: /^\/v2\/payments\/captures\/([^/]+)\/refund$/,
    handle: (state, { req, body, id }) =>
      once(state, req, req.path, () => {
        if (body !== undefined) validate('payments#refund_request', body)
        const refund = refundCapture(state, id, body as Json | undefined)
        return json(201, representation(req) ? refund : minimal(refund))
      }),
  },
  {
    method: 'GET',
    path: /^\/v2\/payments\/refunds\/([^/]+)$/,
    handle: (state, call) => {
      const refund = state.refunds.get(call.id)
      if (!refund) throw notFound()
      return json(200, refund)
    },
  },
]
