import type Stripe from 'stripe'
import { expand } from './expand'
import { buildDispute } from './objects'
import { chargeFor } from './payments'
import type { StripeRoute } from './routes'
import type { StripeState } from './state'
import { emit } from './webhooks'

/** Disputes (chargebacks): opened, updated and closed by test controls; retrieved by the API. */

export function createDispute(
  state: StripeState,
  paymentIntentOrCharge: string,
  opts: { reason?: string; amount?: number; status?: Stripe.Dispute.Status } = {},
) {
  const ch = chargeFor(state, paymentIntentOrCharge)
  const dp = state.put(
    buildDispute(ch, opts.amount ?? ch.amount, opts.reason ?? 'fraudulent', opts.status ?? 'needs_response'),
  )
  ch.disputed = true
  const event = emit(state, 'charge.dispute.created', dp)
  return { dispute: dp, event }
}

export function updateDispute(state: StripeState, disputeId: string, status: Stripe.Dispute.Status) {
  const dp = state.dispute(disputeId)
  const previous = dp.status
  dp.status = status
  if (status === 'under_review') dp.evidence_details.has_evidence = true
  const event = emit(state, 'charge.dispute.updated', dp, { status: previous })
  return { dispute: dp, event }
}

export function closeDispute(state: StripeState, disputeId: string, outcome: 'won' | 'lost') {
  const dp = state.dispute(disputeId)
  dp.status = outcome
  const event = emit(state, 'charge.dispute.closed', dp, { status: 'under_review' })
  return { dispute: dp, event }
}

export const disputeRoutes: StripeRoute[] = [
  {
    method: 'GET',
    path: /^\/v1\/disputes\/([^/]+)$/,
    handle: (state, call) => expand(state, state.dispute(call.id), call.expand),
  },
]
