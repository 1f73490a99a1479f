import type Stripe from 'stripe'
import { invalid, missing } from './errors'
import { expand } from './expand'
import type { FormValue } from './form'
import { buildSession, type SessionInput } from './objects'
import { AS_TWO_DECIMAL, CURRENCIES, MINIMUMS, integer, list, metadataOf, obj, str, url } from './params'
import { listOf, type StripeRoute } from './routes'
import type { StripeState } from './state'
import { emit } from './webhooks'

/** Checkout Sessions: create (validated as Stripe does), list, retrieve, expire. */

type Params = Record<string, FormValue>
type LineItem = Pick<SessionInput, 'currency' | 'amount' | 'quantity' | 'unitAmount'> & {
  productName: string | undefined
}

function checkMode(p: Params) {
  const mode = str(p.mode)
  if (!mode) throw missing('mode')
  if (!['payment', 'setup', 'subscription'].includes(mode))
    throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, 'mode')
  if (mode !== 'payment') throw invalid(`The fake only implements mode=payment (got ${mode}).`, 'mode')
}

/** The one line item the fake takes, with `price_data` (not a saved price). */
function parseLineItem(p: Params): LineItem {
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
  return { currency: cur, amount: unitAmount * quantity, quantity, unitAmount, productName }
}

/** Stripe's limits on a session's total: whole units for ISK/UGX, a maximum, a minimum. */
function checkAmount(cur: string, amount: number) {
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
}

export function createSession(state: StripeState, p: Params): Stripe.Checkout.Session {
  checkMode(p)
  const { productName, ...item } = parseLineItem(p)
  checkAmount(item.currency, item.amount)
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
    ...item,
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
  const s = state.put(buildSession(input, state.baseUrl))
  state.sessionExtras.set(s.id, input)
  return s
}

export function openSession(state: StripeState, sessionId: string): Stripe.Checkout.Session {
  const s = state.session(sessionId)
  if (s.status !== 'open') throw new Error(`checkout session ${sessionId} is ${s.status}, not open`)
  return s
}

export function expireSession(state: StripeState, sessionId: string) {
  const s = openSession(state, sessionId)
  s.status = 'expired'
  s.url = null
  const event = emit(state, 'checkout.session.expired', s)
  return { session: s, event }
}

function expireFromApi(state: StripeState, sessionId: string) {
  const s = state.session(sessionId)
  if (s.status !== 'open')
    throw invalid(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
    )
  return expireSession(state, s.id).session
}

export const checkoutSessionRoutes: StripeRoute[] = [
  {
    method: 'POST',
    path: '/v1/checkout/sessions',
    handle: (state, call) => expand(state, createSession(state, call.params), call.expand),
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    handle: (state, call) => {
      const pi = str(call.params.payment_intent)
      const found = state.newestFirst<Stripe.Checkout.Session>(
        'checkout.session',
        (s) => !pi || s.payment_intent === pi,
      )
      return listOf(found, '/v1/checkout/sessions')
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handle: (state, call) => expand(state, state.session(call.id), call.expand),
  },
  {
    method: 'POST',
    path: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
    handle: (state, call) => expand(state, expireFromApi(state, call.id), call.expand),
  },
]
