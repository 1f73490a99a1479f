import { readFileSync } from 'node:fs'
import type Stripe from 'stripe'
import { randomId } from '../http'

/**
 * Stripe objects built from Stripe's own fixtures (tests/fakes/fixtures/stripe/fixtures3.json):
 * every field the real API sends is present; ids, amounts, currency, metadata, timestamps and
 * states are overridden, and example values that would contradict them are reset.
 */
type Fixtures = Record<string, Record<string, unknown>>
let fixtures: Fixtures | undefined

function fixture<T>(name: string): T {
  fixtures ??= (
    JSON.parse(readFileSync(new URL('../fixtures/stripe/fixtures3.json', import.meta.url), 'utf8')) as {
      resources: Fixtures
    }
  ).resources
  const found = fixtures[name]
  if (!found) throw new Error(`no Stripe fixture named ${name}`)
  return structuredClone(found) as T
}

export const now = (): number => Math.floor(Date.now() / 1000)
export const newId = (prefix: string, length = 24): string => `${prefix}_${randomId(length)}`

export interface SessionInput {
  currency: string
  amount: number
  metadata: Record<string, string>
  clientReferenceId: string | null
  customerEmail: string | null
  successUrl: string | null
  cancelUrl: string | null
  paymentIntentData: { metadata: Record<string, string>; description: string | null }
  productName: string
  quantity: number
  unitAmount: number
}

export function buildSession(input: SessionInput, baseUrl: string): Stripe.Checkout.Session {
  const session = fixture<Stripe.Checkout.Session>('checkout.session')
  const id = `cs_test_a1${randomId(56)}`
  const created = now()
  Object.assign(session, {
    id,
    created,
    expires_at: created + 24 * 3600,
    livemode: false,
    mode: 'payment',
    status: 'open',
    payment_status: 'unpaid',
    payment_intent: null,
    currency: input.currency,
    amount_subtotal: input.amount,
    amount_total: input.amount,
    client_reference_id: input.clientReferenceId,
    customer: null,
    customer_email: input.customerEmail,
    customer_details: null,
    customer_creation: 'if_required',
    metadata: input.metadata,
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    url: `${baseUrl}/c/pay/${id}`,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    payment_method_types: ['card'],
    payment_method_collection: 'if_required',
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    currency_conversion: null,
    collected_information: null,
    after_expiration: null,
    recovered_from: null,
    consent: null,
    consent_collection: null,
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    adaptive_pricing: { enabled: false },
    payment_method_configuration_details: null,
    saved_payment_method_options: null,
    phone_number_collection: { enabled: false },
  })
  return session
}

export function buildPaymentIntent(
  session: Stripe.Checkout.Session,
  paymentIntentData: SessionInput['paymentIntentData'],
): Stripe.PaymentIntent {
  const intent = fixture<Stripe.PaymentIntent>('payment_intent')
  const id = newId('pi_3')
  Object.assign(intent, {
    id,
    client_secret: `${id}_secret_${randomId(25)}`,
    created: now(),
    amount: session.amount_total,
    amount_capturable: 0,
    amount_received: 0,
    currency: session.currency,
    description: paymentIntentData.description,
    metadata: paymentIntentData.metadata,
    canceled_at: null,
    cancellation_reason: null,
    last_payment_error: null,
    latest_charge: null,
    next_action: null,
    payment_method: null,
    processing: null,
    receipt_email: session.customer_email,
    shipping: null,
    status: 'requires_payment_method',
    transfer_data: null,
    automatic_payment_methods: null,
    payment_method_types: ['card'],
    payment_method_configuration_details: null,
  })
  return intent
}

export function buildCharge(
  intent: Stripe.PaymentIntent,
  status: 'succeeded' | 'pending' | 'failed',
  email: string | null,
): Stripe.Charge {
  const charge = fixture<Stripe.Charge>('charge')
  const id = newId('ch_3')
  const paid = status === 'succeeded'
  Object.assign(charge, {
    id,
    created: now(),
    amount: intent.amount,
    amount_captured: paid ? intent.amount : 0,
    amount_refunded: 0,
    currency: intent.currency,
    description: intent.description,
    metadata: intent.metadata,
    payment_intent: intent.id,
    payment_method: newId('pm_1'),
    balance_transaction: null,
    billing_details: { ...charge.billing_details, email },
    captured: status !== 'failed',
    paid,
    status,
    refunded: false,
    disputed: false,
    failure_code: null,
    failure_message: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: status === 'failed' ? 'declined_by_network' : 'approved_by_network',
      reason: status === 'failed' ? 'generic_decline' : null,
      risk_level: 'normal',
      seller_message:
        status === 'failed'
          ? 'The bank did not return any further details with this decline.'
          : 'Payment complete.',
      type: status === 'failed' ? 'issuer_declined' : 'authorized',
    },
    receipt_email: email,
    receipt_url: `https://pay.stripe.com/receipts/payment/${randomId(40)}`,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    source: null,
    transfer_data: null,
    shipping: null,
    application_fee: null,
    application_fee_amount: null,
  })
  return charge
}

export function buildBalanceTransaction(
  source: string,
  amount: number,
  fee: number,
  currency: string,
  type: 'charge' | 'refund',
  exchangeRate: number | null,
): Stripe.BalanceTransaction {
  const txn = fixture<Stripe.BalanceTransaction>('balance_transaction')
  const created = now()
  Object.assign(txn, {
    id: newId('txn_3'),
    created,
    available_on: created + 2 * 24 * 3600,
    amount,
    fee,
    net: amount - fee,
    currency,
    exchange_rate: exchangeRate,
    description: type === 'charge' ? 'Payment' : 'REFUND FOR CHARGE',
    fee_details: fee
      ? [
          {
            amount: fee,
            application: null,
            currency,
            description: 'Stripe processing fees',
            type: 'stripe_fee',
          },
        ]
      : [],
    reporting_category: type,
    source,
    status: 'pending',
    type: type === 'charge' ? 'charge' : 'refund',
  })
  return txn
}

export function buildRefund(
  charge: Stripe.Charge,
  amount: number,
  status: string,
  metadata: Record<string, string>,
): Stripe.Refund {
  const refund = fixture<Stripe.Refund>('refund')
  Object.assign(refund, {
    id: newId('re_3'),
    created: now(),
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    balance_transaction: null,
    metadata,
    reason: null,
    status,
  })
  return refund
}

export function buildDispute(
  charge: Stripe.Charge,
  amount: number,
  reason: string,
  status: string,
): Stripe.Dispute {
  const dispute = fixture<Stripe.Dispute>('dispute')
  const created = now()
  Object.assign(dispute, {
    id: newId('dp_1'),
    created,
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    reason,
    status,
    is_charge_refundable: false,
    metadata: {},
    evidence_details: {
      ...dispute.evidence_details,
      due_by: created + 7 * 24 * 3600,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
  })
  if (dispute.payment_method_details?.card) dispute.payment_method_details.card.case_type = 'chargeback'
  return dispute
}

export function buildEvent(
  type: string,
  object: unknown,
  apiVersion: string,
  previousAttributes?: Record<string, unknown>,
): Stripe.Event {
  const event = fixture<Stripe.Event>('event') as unknown as Record<string, unknown>
  Object.assign(event, {
    id: newId('evt_3'),
    created: now(),
    api_version: apiVersion,
    livemode: false,
    pending_webhooks: 1,
    request: { id: newId('req', 14), idempotency_key: null },
    type,
    data: previousAttributes
      ? { object: structuredClone(object), previous_attributes: previousAttributes }
      : { object: structuredClone(object) },
  })
  return event as unknown as Stripe.Event
}

export function buildBalance(currency: string): Stripe.Balance {
  const balance = fixture<Stripe.Balance>('balance')
  for (const entry of [...balance.available, ...balance.pending]) entry.currency = currency
  return balance
}
