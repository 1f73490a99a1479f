import {
  CheckoutPaymentIntent,
  PaypalExperienceLandingPage,
  PaypalExperienceUserAction,
  PaypalWalletContextShippingPreference,
  type Order,
} from '@paypal/paypal-server-sdk'
import {
  GatewayError,
  WebhookSignatureError,
  type PaymentGateway,
  type RefundResult,
} from '../payment-gateway'
import { toPayPalValue } from './amount'
import {
  paypalApi,
  paypalIssue,
  PUBLIC_FIELDS,
  SECRET_FIELDS,
  TokenRejected,
  webhookId,
  withPayPal,
} from './client'
import {
  eventsForOrder,
  eventsForPayPalEvent,
  PAYPAL_WEBHOOK_EVENTS,
  type PayPalWebhookEvent,
} from './events'

const REPRESENTATION = 'return=representation'

const REFUND_STATUS: Record<string, RefundResult['status']> = {
  COMPLETED: 'succeeded',
  PENDING: 'pending',
  FAILED: 'failed',
  CANCELLED: 'failed',
}

/** The transmission headers PayPal signs a webhook with (lower-case, as Node gives them). */
const TRANSMISSION_HEADERS = {
  auth_algo: 'paypal-auth-algo',
  cert_url: 'paypal-cert-url',
  transmission_id: 'paypal-transmission-id',
  transmission_sig: 'paypal-transmission-sig',
  transmission_time: 'paypal-transmission-time',
} as const

function approvalUrl(order: Order): string {
  const link =
    order.links?.find((l) => l.rel === 'payer-action') ?? order.links?.find((l) => l.rel === 'approve')
  if (!link?.href)
    throw new GatewayError('PayPal did not return an approval link for the order.', 'missing_url')
  return link.href
}

/** A request header by name, whatever the case of the keys the caller passed. */
function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name]
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]
}

/**
 * PayPal through Orders v2 with @paypal/paypal-server-sdk (docs/decisions/0014-paypal-sdk.md):
 * the order carries our PaymentSession id as custom_id and the invoice number as invoice_id; the
 * browser approves on PayPal and comes back; completeCheckout captures. Webhook signatures are
 * checked by PayPal's verify-webhook-signature call, which no SDK wraps.
 */
export const paypalGateway: PaymentGateway = {
  id: 'paypal',
  displayName: 'PayPal',
  webhookEvents: PAYPAL_WEBHOOK_EVENTS,
  secretFields: SECRET_FIELDS,
  publicFields: PUBLIC_FIELDS,

  async createCheckout(settings, request) {
    const value = toPayPalValue(request.amount, request.currency, request.exponent)
    const { result: order } = await withPayPal(settings, 'create the order', (api) =>
      api.orders.createOrder({
        paypalRequestId: request.paymentSessionId,
        prefer: REPRESENTATION,
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [
            {
              customId: request.paymentSessionId,
              invoiceId: request.invoiceNumber,
              description: (request.description || `Invoice ${request.invoiceNumber}`).slice(0, 127),
              amount: { currencyCode: request.currency, value },
            },
          ],
          paymentSource: {
            paypal: {
              experienceContext: {
                returnUrl: request.returnUrl,
                cancelUrl: request.cancelUrl,
                userAction: PaypalExperienceUserAction.PayNow,
                shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
                landingPage: PaypalExperienceLandingPage.NoPreference,
              },
            },
          },
        },
      }),
    )
    if (!order.id) throw new GatewayError('PayPal did not return an order id.', 'missing_id')
    return { gatewaySessionId: order.id, redirectUrl: approvalUrl(order) }
  },

  async completeCheckout(settings, input) {
    const id = input.gatewaySessionId
    return withPayPal(settings, 'capture the payment', async (api) => {
      try {
        // one request id per order: a retried or concurrent capture gets the first answer back
        const { result } = await api.orders.captureOrder({
          id,
          paypalRequestId: `capture-${id}`,
          prefer: REPRESENTATION,
        })
        return eventsForOrder(result)
      } catch (error) {
        const issue = paypalIssue(error)
        if (issue === 'ORDER_ALREADY_CAPTURED') {
          // captured earlier under another request id: report the capture that exists
          const { result } = await api.orders.getOrder({ id })
          return eventsForOrder(result)
        }
        if (issue === 'ORDER_NOT_APPROVED' || issue === 'PAYER_ACTION_REQUIRED') return [] // the buyer has not approved (yet)
        if (issue === 'INSTRUMENT_DECLINED' || issue === 'TRANSACTION_REFUSED') {
          return [
            {
              kind: 'payment.failed',
              gatewaySessionId: id,
              reason: `PayPal declined the payment (${issue}); the buyer can try another funding source.`,
            },
          ]
        }
        if (issue === 'DUPLICATE_INVOICE_ID') {
          return [
            {
              kind: 'payment.failed',
              gatewaySessionId: id,
              reason:
                'The PayPal account refuses a second payment with the same invoice number (DUPLICATE_INVOICE_ID).',
            },
          ]
        }
        throw error
      }
    })
  },

  async verifyWebhook(settings, input) {
    const id = webhookId(settings)
    const transmission: Record<string, string> = {}
    for (const [field, header] of Object.entries(TRANSMISSION_HEADERS)) {
      const value = headerValue(input.headers, header)
      if (!value) throw new WebhookSignatureError(`The ${header.toUpperCase()} header is missing.`)
      transmission[field] = value
    }
    let event: PayPalWebhookEvent
    try {
      event = JSON.parse(input.rawBody) as PayPalWebhookEvent
    } catch {
      throw new WebhookSignatureError('The PayPal webhook body is not JSON.')
    }
    if (
      !event ||
      typeof event !== 'object' ||
      Array.isArray(event) ||
      typeof event.id !== 'string' ||
      typeof event.event_type !== 'string'
    ) {
      throw new WebhookSignatureError('The PayPal webhook body is not an event.')
    }
    // The event goes back byte for byte (not re-serialized): PayPal checks the signature over it.
    const body = `{${Object.entries(transmission)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(',')},"webhook_id":${JSON.stringify(id)},"webhook_event":${input.rawBody}}`
    const status = await withPayPal(settings, 'verify the webhook signature', async (api) => {
      const response = await fetch(`${api.base}/v1/notifications/verify-webhook-signature`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await api.accessToken()}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(30_000),
      })
      const text = await response.text()
      if (response.status === 401) throw new TokenRejected('PayPal refused the access token')
      if (!response.ok) {
        throw new GatewayError(
          `PayPal could not verify the webhook signature (HTTP ${response.status}).`,
          `http_${response.status}`,
        )
      }
      return (JSON.parse(text) as { verification_status?: string }).verification_status
    })
    if (status !== 'SUCCESS')
      throw new WebhookSignatureError(
        `PayPal did not verify the webhook signature (${status ?? 'no status'}).`,
      )
    return { eventId: event.id, type: event.event_type, payload: event, events: eventsForPayPalEvent(event) }
  },

  async eventsOfStoredWebhook(_settings, payload) {
    const event = payload as Partial<PayPalWebhookEvent> | null
    if (
      !event ||
      typeof event !== 'object' ||
      typeof event.id !== 'string' ||
      typeof event.event_type !== 'string'
    ) {
      throw new GatewayError('The stored event is not a PayPal event.', 'invalid_event')
    }
    return eventsForPayPalEvent(event as PayPalWebhookEvent)
  },

  async refund(settings, request) {
    const value = toPayPalValue(request.amount, request.currency, request.exponent)
    const { result } = await withPayPal(settings, 'refund the payment', (api) =>
      api.payments.refundCapturedPayment({
        captureId: request.gatewayTransactionId,
        paypalRequestId: request.idempotencyKey,
        prefer: REPRESENTATION,
        body: { amount: { currencyCode: request.currency, value } },
      }),
    )
    if (!result.id) throw new GatewayError('PayPal did not return a refund id.', 'missing_id')
    return { gatewayRefundId: result.id, status: REFUND_STATUS[result.status ?? ''] ?? 'pending' }
  },

  async testConnection(settings) {
    webhookId(settings)
    paypalApi(settings).discard() // a fresh token proves the credentials, not a cached one
    await withPayPal(settings, 'sign in', (api) => api.accessToken())
  },
}
