import type Stripe from 'stripe'
import { openSession } from './checkout-sessions'
import { invalid } from './errors'
import { expand } from './expand'
import { buildBalanceTransaction, buildCharge, buildPaymentIntent } from './objects'
import type { StripeRoute } from './routes'
import type { StripeState } from './state'
import { emit } from './webhooks'

/** Payment intents and charges: what happens when the customer pays a session, and their GETs. */

/** The charge succeeded: its balance transaction (with fee, in the settlement currency) exists. */
function settle(state: StripeState, ch: Stripe.Charge, intent: Stripe.PaymentIntent) {
  const { settlement, rate } = state.settlementOf(ch.currency)
  const amount = rate === null ? ch.amount : Math.round(ch.amount * rate)
  const txn = state.put(
    buildBalanceTransaction(ch.id, amount, state.fee(amount, settlement), settlement, 'charge', rate),
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
  state: StripeState,
  s: Stripe.Checkout.Session,
  status: 'succeeded' | 'pending' | 'failed',
): { intent: Stripe.PaymentIntent; ch: Stripe.Charge } {
  const extras = state.sessionExtras.get(s.id)!
  const intent = s.payment_intent
    ? state.paymentIntent(s.payment_intent as string)
    : state.put(buildPaymentIntent(s, extras.paymentIntentData))
  const ch = state.put(buildCharge(intent, status, s.customer_email))
  Object.assign(intent, { latest_charge: ch.id, payment_method: ch.payment_method })
  s.payment_intent = intent.id
  return { intent, ch }
}

/** The customer paid on the hosted page: card (paid now) or an asynchronous method (processing). */
export function completeCheckout(state: StripeState, sessionId: string, opts: { async?: boolean } = {}) {
  const s = openSession(state, sessionId)
  const { intent, ch } = newCharge(state, s, opts.async ? 'pending' : 'succeeded')
  if (opts.async) {
    Object.assign(intent, {
      status: 'processing',
      processing: { type: 'us_bank_account' },
      payment_method_types: ['us_bank_account'],
    })
  } else {
    settle(state, ch, intent)
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
    emit(state, 'payment_intent.processing', intent)
  } else {
    emit(state, 'charge.succeeded', ch)
    emit(state, 'payment_intent.succeeded', intent)
  }
  const completed = emit(state, 'checkout.session.completed', s)
  return { session: s, paymentIntent: intent, charge: ch, event: completed }
}

function processingSession(state: StripeState, sessionId: string) {
  const s = state.session(sessionId)
  if (s.status !== 'complete' || s.payment_status !== 'unpaid' || !s.payment_intent)
    throw new Error(`checkout session ${sessionId} has no processing payment`)
  const intent = state.paymentIntent(s.payment_intent as string)
  if (intent.status !== 'processing')
    throw new Error(`payment ${intent.id} is ${intent.status}, not processing`)
  return { s, intent, ch: state.charge(intent.latest_charge as string) }
}

/** The asynchronous payment of a completed session cleared. */
export function succeedAsyncPayment(state: StripeState, sessionId: string) {
  const { s, intent, ch } = processingSession(state, sessionId)
  settle(state, ch, intent)
  s.payment_status = 'paid'
  emit(state, 'charge.succeeded', ch)
  emit(state, 'payment_intent.succeeded', intent)
  const event = emit(state, 'checkout.session.async_payment_succeeded', s)
  return { session: s, paymentIntent: intent, charge: ch, event }
}

/** The asynchronous payment of a completed session failed (e.g. the bank debit bounced). */
export function failAsyncPayment(
  state: StripeState,
  sessionId: string,
  message = "The customer's bank account has insufficient funds to cover this payment.",
) {
  const { s, intent, ch } = processingSession(state, sessionId)
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
  emit(state, 'charge.failed', ch)
  emit(state, 'payment_intent.payment_failed', intent)
  const event = emit(state, 'checkout.session.async_payment_failed', s)
  return { session: s, paymentIntent: intent, charge: ch, event }
}

/** A card attempt on the hosted page is declined; the session stays open for another try. */
export function declineCard(state: StripeState, sessionId: string, message = 'Your card was declined.') {
  const s = openSession(state, sessionId)
  const { intent, ch } = newCharge(state, s, 'failed')
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
  emit(state, 'charge.failed', ch)
  const event = emit(state, 'payment_intent.payment_failed', intent)
  return { session: s, paymentIntent: intent, charge: ch, event }
}

/** The charge a refund or dispute is about: a charge id, or a payment intent's successful charge. */
export function chargeFor(state: StripeState, id: string): Stripe.Charge {
  if (id.startsWith('ch_') || id.startsWith('py_')) return state.charge(id)
  const intent = state.paymentIntent(id)
  if (intent.status !== 'succeeded' || !intent.latest_charge) {
    throw invalid(
      `This PaymentIntent (${id}) does not have a successful charge to refund.`,
      'payment_intent',
      'charge_not_refundable',
    )
  }
  return state.charge(intent.latest_charge as string)
}

export const paymentRoutes: StripeRoute[] = [
  {
    method: 'GET',
    path: /^\/v1\/payment_intents\/([^/]+)$/,
    handle: (state, call) => expand(state, state.paymentIntent(call.id), call.expand),
  },
  {
    method: 'GET',
    path: /^\/v1\/charges\/([^/]+)$/,
    handle: (state, call) => expand(state, state.charge(call.id), call.expand),
  },
]
