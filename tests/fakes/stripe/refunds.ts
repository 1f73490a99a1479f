import type Stripe from 'stripe'
import { invalid } from './errors'
import { expand } from './expand'
import type { FormValue } from './form'
import { buildBalanceTransaction, buildRefund } from './objects'
import { integer, metadataOf, str } from './params'
import { chargeFor } from './payments'
import { listOf, type StripeRoute } from './routes'
import type { StripeState } from './state'
import { emit } from './webhooks'

/** Refunds: created by the API or the Dashboard, pending ones settled later, listed and retrieved. */

export interface RefundInput {
  paymentIntent?: string
  charge?: string
  amount?: number
  metadata?: Record<string, string>
}

/** The refund's (negative) balance transaction, in the settlement currency. */
function applyRefund(state: StripeState, re: Stripe.Refund, ch: Stripe.Charge) {
  const { settlement, rate } = state.settlementOf(ch.currency)
  const amount = rate === null ? re.amount : Math.round(re.amount * rate)
  const txn = state.put(buildBalanceTransaction(re.id, -amount, 0, settlement, 'refund', rate))
  re.balance_transaction = txn.id
}

export function createRefund(state: StripeState, input: RefundInput): Stripe.Refund {
  const ch = chargeFor(state, input.charge ?? input.paymentIntent ?? '')
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
  const re = state.put(buildRefund(ch, amount, state.nextRefundStatus, input.metadata ?? {}))
  ch.amount_refunded += amount
  ch.refunds?.data.unshift(re)
  emit(state, 'refund.created', re)
  if (re.status === 'succeeded') {
    applyRefund(state, re, ch)
    ch.refunded = ch.amount_refunded === ch.amount_captured
    emit(state, 'charge.refunded', ch, { amount_refunded: previousRefunded, refunded: false })
  }
  return re
}

/** A pending refund (see setNextRefundStatus) finishes. */
export function settleRefund(state: StripeState, refundId: string, status: 'succeeded' | 'failed') {
  const re = state.refund(refundId)
  if (re.status !== 'pending') throw new Error(`refund ${refundId} is ${re.status}, not pending`)
  const ch = state.charge(re.charge as string)
  re.status = status
  if (status === 'succeeded') {
    applyRefund(state, re, ch)
    const previousRefunded = ch.amount_refunded
    ch.refunded = ch.amount_refunded === ch.amount_captured
    emit(state, 'refund.updated', re, { status: 'pending' })
    emit(state, 'charge.refunded', ch, { amount_refunded: previousRefunded })
  } else {
    ch.amount_refunded -= re.amount
    re.failure_reason = 'lost_or_stolen_card'
    emit(state, 'refund.updated', re, { status: 'pending' })
    emit(state, 'refund.failed', re)
  }
  return re
}

/** POST /v1/refunds: its parameters checked in Stripe's order, then createRefund. */
function createRefundFromApi(state: StripeState, p: Record<string, FormValue>): Stripe.Refund {
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
  if (pi) state.paymentIntent(pi)
  const re = createRefund(state, { paymentIntent: pi, charge: ch, amount, metadata: metadataOf(p.metadata) })
  if (reason) re.reason = reason as Stripe.Refund.Reason
  return re
}

export const refundRoutes: StripeRoute[] = [
  {
    method: 'GET',
    path: /^\/v1\/refunds\/([^/]+)$/,
    handle: (state, call) => expand(state, state.refund(call.id), call.expand),
  },
  {
    method: 'POST',
    path: '/v1/refunds',
    handle: (state, call) => expand(state, createRefundFromApi(state, call.params), call.expand),
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    handle: (state, call) => {
      const ch = str(call.params.charge)
      const pi = str(call.params.payment_intent)
      const found = state.newestFirst<Stripe.Refund>(
        'refund',
        (r) => (!ch || r.charge === ch) && (!pi || r.payment_intent === pi),
      )
      return listOf(found, '/v1/refunds')
    },
  },
]
