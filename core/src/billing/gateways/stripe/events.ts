import type Stripe from 'stripe'
import { GatewayError, type GatewayEvent } from '../payment-gateway'
import { fromStripeAmount, fromStripeCurrency } from './amount'
import { callStripe } from './client'

/** What Checkout Session retrievals expand so the fee is at hand without another call. */
export const SESSION_EXPAND = ['payment_intent.latest_charge.balance_transaction']

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  value == null ? undefined : typeof value === 'string' ? value : value.id

const at = (unixSeconds: number): Date => new Date(unixSeconds * 1000)

export function paymentSessionIdOf(session: Stripe.Checkout.Session): string | undefined {
  return session.client_reference_id ?? session.metadata?.paymentSessionId ?? undefined
}

/**
 * The normalized events for a Checkout Session's current state. `session` must have been
 * retrieved with SESSION_EXPAND when it is paid (the fee lives on the balance transaction).
 */
export async function eventsForSession(
  stripe: Stripe,
  session: Stripe.Checkout.Session,
): Promise<GatewayEvent[]> {
  const ids = { gatewaySessionId: session.id, paymentSessionId: paymentSessionIdOf(session) }
  if (session.status === 'expired') {
    return [
      { kind: 'payment.failed', ...ids, reason: 'The Stripe checkout expired before the payment was made.' },
    ]
  }
  if (session.status !== 'complete') return [] // still open: the customer has not paid yet
  if (session.payment_status === 'paid') return [await succeededFromSession(stripe, session)]
  if (session.payment_status === 'no_payment_required') return []
  // complete but unpaid: an asynchronous method (bank debit, transfer) is processing, or failed.
  const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null
  if (intent && intent.status === 'requires_payment_method' && intent.last_payment_error) {
    return [
      { kind: 'payment.failed', ...ids, reason: intent.last_payment_error.message ?? 'The payment failed.' },
    ]
  }
  if (intent?.status === 'canceled')
    return [{ kind: 'payment.failed', ...ids, reason: 'The payment was canceled.' }]
  return [
    {
      kind: 'payment.pending',
      ...ids,
      reason: 'The payment method is asynchronous; Stripe confirms it later.',
    },
  ]
}

async function succeededFromSession(stripe: Stripe, session: Stripe.Checkout.Session): Promise<GatewayEvent> {
  let intent = session.payment_intent
  if (intent == null)
    throw new GatewayError('Stripe reported a paid checkout without a payment.', 'missing_payment_intent')
  if (typeof intent === 'string') {
    const id = intent
    intent = await callStripe('read the payment', () =>
      stripe.paymentIntents.retrieve(id, { expand: ['latest_charge.balance_transaction'] }),
    )
  }
  let charge = intent.latest_charge
  if (typeof charge === 'string') {
    const id = charge
    charge = await callStripe('read the charge', () =>
      stripe.charges.retrieve(id, { expand: ['balance_transaction'] }),
    )
  }
  const currency = fromStripeCurrency(intent.currency)
  const amount = fromStripeAmount(intent.amount_received || intent.amount, currency)
  return {
    kind: 'payment.succeeded',
    gatewayTransactionId: intent.id,
    gatewaySessionId: session.id,
    paymentSessionId: paymentSessionIdOf(session),
    amount,
    currency,
    fee: charge ? await feeOfCharge(stripe, charge, currency) : 0n,
    occurredAt: at(charge?.created ?? intent.created),
  }
}

/**
 * Stripe's fee for a charge, in the charge's currency. The balance transaction holds it in the
 * account's settlement currency: when that differs, the fee is scaled by the same ratio as the
 * amount (integer arithmetic, half up), which is what Stripe's own conversion did.
 */
export async function feeOfCharge(stripe: Stripe, charge: Stripe.Charge, currency: string): Promise<bigint> {
  let txn = charge.balance_transaction
  if (txn == null) return 0n // not settled yet (rare for cards); the fee is unknown, record none
  if (typeof txn === 'string') {
    const id = txn
    txn = await callStripe('read the balance transaction', () => stripe.balanceTransactions.retrieve(id))
  }
  const txnCurrency = fromStripeCurrency(txn.currency)
  const fee = fromStripeAmount(txn.fee, txnCurrency)
  if (txnCurrency === currency) return fee
  const chargeAmount = fromStripeAmount(charge.amount, currency)
  const settled = fromStripeAmount(txn.amount, txnCurrency)
  if (settled === 0n) return 0n
  return (fee * chargeAmount * 2n + settled) / (2n * settled)
}

/** The PaymentIntent a charge belongs to (our gatewayTransactionId), the charge id if none. */
export async function transactionIdOfCharge(
  stripe: Stripe,
  charge: string | Stripe.Charge | null,
  intent?: string | { id: string } | null,
): Promise<string> {
  const fromIntent = idOf(intent)
  if (fromIntent) return fromIntent
  if (charge == null) throw new GatewayError('Stripe sent an event without its charge.', 'missing_charge')
  if (typeof charge === 'string') {
    const id = charge
    charge = await callStripe('read the charge', () => stripe.charges.retrieve(id))
  }
  return idOf(charge.payment_intent) ?? charge.id
}

export async function refundEvent(stripe: Stripe, refund: Stripe.Refund): Promise<GatewayEvent[]> {
  if (refund.status !== 'succeeded') return []
  const currency = fromStripeCurrency(refund.currency)
  return [
    {
      kind: 'refund.succeeded',
      gatewayRefundId: refund.id,
      gatewayTransactionId: await transactionIdOfCharge(stripe, refund.charge, refund.payment_intent),
      amount: fromStripeAmount(refund.amount, currency),
      currency,
      occurredAt: at(refund.created),
    },
  ]
}

const DISPUTE_STATUS: Record<string, 'OPEN' | 'UNDER_REVIEW' | 'WON' | 'LOST'> = {
  warning_needs_response: 'OPEN',
  needs_response: 'OPEN',
  appeal_needs_response: 'OPEN',
  warning_under_review: 'UNDER_REVIEW',
  under_review: 'UNDER_REVIEW',
  appeal_under_review: 'UNDER_REVIEW',
  won: 'WON',
  // an inquiry closed without becoming a chargeback, or a dispute prevented: the money stays
  warning_closed: 'WON',
  prevented: 'WON',
  lost: 'LOST',
}

export async function disputeEvent(
  stripe: Stripe,
  kind: 'dispute.opened' | 'dispute.updated' | 'dispute.closed',
  dispute: Stripe.Dispute,
): Promise<GatewayEvent[]> {
  const currency = fromStripeCurrency(dispute.currency)
  const dueBy = dispute.evidence_details?.due_by
  return [
    {
      kind,
      gatewayDisputeId: dispute.id,
      gatewayTransactionId: await transactionIdOfCharge(stripe, dispute.charge, dispute.payment_intent),
      amount: fromStripeAmount(dispute.amount, currency),
      currency,
      status: DISPUTE_STATUS[dispute.status] ?? (kind === 'dispute.closed' ? 'LOST' : 'OPEN'),
      reason: dispute.reason || undefined,
      evidenceDueAt: dueBy ? at(dueBy) : undefined,
    },
  ]
}

/** Every Stripe event type Berth listens to → its normalized events. Unknown types give none. */
/** The event types eventsForStripeEvent acts on: the ones to select on Stripe's webhook endpoint. */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.payment_failed',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.refund.updated',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'charge.dispute.closed',
] as const

export async function eventsForStripeEvent(stripe: Stripe, event: Stripe.Event): Promise<GatewayEvent[]> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object
      if (session.mode !== 'payment') return []
      if (event.type === 'checkout.session.completed' && session.payment_status !== 'paid') {
        return [
          {
            kind: 'payment.pending',
            gatewaySessionId: session.id,
            paymentSessionId: paymentSessionIdOf(session),
            reason: 'The payment method is asynchronous; Stripe confirms it later.',
          },
        ]
      }
      // the event's copy has the PaymentIntent as an id: fetch it with the fee
      const fresh = await callStripe('read the checkout', () =>
        stripe.checkout.sessions.retrieve(session.id, { expand: SESSION_EXPAND }),
      )
      if (fresh.payment_status !== 'paid') return [] // cannot happen after these events; report nothing rather than guess
      return [await succeededFromSession(stripe, fresh)]
    }
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object
      return [
        {
          kind: 'payment.failed',
          gatewaySessionId: session.id,
          paymentSessionId: paymentSessionIdOf(session),
          reason: 'The asynchronous payment (bank debit or transfer) failed.',
        },
      ]
    }
    case 'checkout.session.expired': {
      const session = event.data.object
      return [
        {
          kind: 'payment.failed',
          gatewaySessionId: session.id,
          paymentSessionId: paymentSessionIdOf(session),
          reason: 'The Stripe checkout expired before the payment was made.',
        },
      ]
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object
      const paymentSessionId = intent.metadata?.paymentSessionId
      if (!paymentSessionId) return [] // not a payment Berth started
      return [
        {
          kind: 'payment.failed',
          paymentSessionId,
          reason: intent.last_payment_error?.message ?? 'The payment failed.',
        },
      ]
    }
    case 'charge.refunded': {
      const charge = event.data.object
      const refunds = await callStripe('list the refunds', () =>
        stripe.refunds.list({ charge: charge.id, limit: 100 }),
      )
      const events: GatewayEvent[] = []
      for (const refund of refunds.data)
        events.push(
          ...(await refundEvent(stripe, {
            ...refund,
            payment_intent: refund.payment_intent ?? charge.payment_intent,
          })),
        )
      return events
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated':
      return refundEvent(stripe, event.data.object)
    case 'charge.dispute.created':
      return disputeEvent(stripe, 'dispute.opened', event.data.object)
    case 'charge.dispute.updated':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
      return disputeEvent(stripe, 'dispute.updated', event.data.object)
    case 'charge.dispute.closed':
      return disputeEvent(stripe, 'dispute.closed', event.data.object)
    default:
      return []
  }
}
