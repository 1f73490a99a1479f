import Stripe from 'stripe'
import {
  GatewayError,
  WebhookSignatureError,
  type PaymentGateway,
  type RefundResult,
} from '../payment-gateway'
import { toStripeAmount, toStripeCurrency } from './amount'
import { callStripe, PUBLIC_FIELDS, SECRET_FIELDS, stripeClient, webhookSecret } from './client'
import { eventsForSession, eventsForStripeEvent, SESSION_EXPAND, STRIPE_WEBHOOK_EVENTS } from './events'

/** Signatures older than this are refused (a captured webhook replayed later). Stripe's default. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/** Stripe's success_url placeholder, replaced by the session id when the browser comes back. */
const SESSION_PLACEHOLDER = '{CHECKOUT_SESSION_ID}'

function successUrl(returnUrl: string): string {
  if (returnUrl.includes(SESSION_PLACEHOLDER)) return returnUrl
  const hashAt = returnUrl.indexOf('#')
  const [base, hash] = hashAt === -1 ? [returnUrl, ''] : [returnUrl.slice(0, hashAt), returnUrl.slice(hashAt)]
  return `${base}${base.includes('?') ? '&' : '?'}session_id=${SESSION_PLACEHOLDER}${hash}`
}

const REFUND_STATUS: Record<string, RefundResult['status']> = {
  succeeded: 'succeeded',
  pending: 'pending',
  requires_action: 'pending',
  failed: 'failed',
  canceled: 'failed',
}

/** A request header by name, whatever the case of the keys the caller passed. */
function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name]
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]
}

/**
 * Stripe through Checkout Sessions (docs/decisions/0013-stripe-checkout.md): a hosted page that
 * handles SCA and asynchronous methods; our PaymentSession id travels as client_reference_id,
 * in the session's and the PaymentIntent's metadata, and as the idempotency key.
 */
export const stripeGateway: PaymentGateway = {
  id: 'stripe',
  displayName: 'Stripe',
  webhookEvents: STRIPE_WEBHOOK_EVENTS,
  secretFields: SECRET_FIELDS,
  publicFields: PUBLIC_FIELDS,

  async createCheckout(settings, request) {
    const stripe = stripeClient(settings)
    const currency = toStripeCurrency(request.currency)
    const unitAmount = toStripeAmount(request.amount, request.currency)
    const metadata = {
      paymentSessionId: request.paymentSessionId,
      invoiceId: request.invoiceId,
      invoiceNumber: request.invoiceNumber,
      clientId: request.clientId,
    }
    const session = await callStripe('start the checkout', () =>
      stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency,
                unit_amount: unitAmount,
                product_data: {
                  name: (request.description || `Invoice ${request.invoiceNumber}`).slice(0, 250),
                },
              },
            },
          ],
          client_reference_id: request.paymentSessionId,
          ...(request.clientEmail ? { customer_email: request.clientEmail } : {}),
          metadata,
          payment_intent_data: { metadata, description: `Invoice ${request.invoiceNumber}` },
          success_url: successUrl(request.returnUrl),
          cancel_url: request.cancelUrl,
        },
        { idempotencyKey: `berth-checkout-${request.paymentSessionId}` },
      ),
    )
    if (!session.url) throw new GatewayError('Stripe did not return a checkout page address.', 'missing_url')
    return { gatewaySessionId: session.id, redirectUrl: session.url }
  },

  async completeCheckout(settings, input) {
    const stripe = stripeClient(settings)
    const session = await callStripe('read the checkout', () =>
      stripe.checkout.sessions.retrieve(input.gatewaySessionId, { expand: SESSION_EXPAND }),
    )
    return eventsForSession(stripe, session)
  },

  async verifyWebhook(settings, input) {
    const secret = webhookSecret(settings)
    const stripe = stripeClient(settings)
    const header = headerValue(input.headers, 'stripe-signature')
    if (!header) throw new WebhookSignatureError('The Stripe-Signature header is missing.')
    let event: Stripe.Event
    try {
      event = stripe.webhooks.constructEvent(input.rawBody, header, secret, WEBHOOK_TOLERANCE_SECONDS)
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : 'invalid signature'
      throw new WebhookSignatureError(`Stripe webhook refused: ${reason}`, { cause: error })
    }
    return {
      eventId: event.id,
      type: event.type,
      payload: event,
      events: await eventsForStripeEvent(stripe, event),
    }
  },

  async eventsOfStoredWebhook(settings, payload) {
    const event = payload as Partial<Stripe.Event> | null
    if (
      !event ||
      typeof event !== 'object' ||
      typeof event.id !== 'string' ||
      typeof event.type !== 'string' ||
      !event.data?.object
    ) {
      throw new GatewayError('The stored event is not a Stripe event.', 'invalid_event')
    }
    return eventsForStripeEvent(stripeClient(settings), event as Stripe.Event)
  },

  async refund(settings, request) {
    const stripe = stripeClient(settings)
    const amount = toStripeAmount(request.amount, request.currency)
    // A refund in the wrong currency would be off by orders of magnitude: check before moving money.
    const intent = await callStripe('read the payment', () =>
      stripe.paymentIntents.retrieve(request.gatewayTransactionId),
    )
    if (intent.currency.toUpperCase() !== request.currency.toUpperCase()) {
      throw new GatewayError(
        `The Stripe payment is in ${intent.currency.toUpperCase()}, not ${request.currency.toUpperCase()}.`,
        'currency_mismatch',
      )
    }
    const refund = await callStripe('refund the payment', () =>
      stripe.refunds.create(
        {
          payment_intent: request.gatewayTransactionId,
          amount,
          ...(request.reason ? { metadata: { reason: request.reason.slice(0, 500) } } : {}),
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    )
    return { gatewayRefundId: refund.id, status: REFUND_STATUS[refund.status ?? ''] ?? 'pending' }
  },

  async testConnection(settings) {
    webhookSecret(settings)
    const stripe = stripeClient(settings)
    await callStripe('read the account balance', () => stripe.balance.retrieve())
  },
}
