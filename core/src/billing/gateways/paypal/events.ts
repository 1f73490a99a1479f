import type { Order, OrdersCapture } from '@paypal/paypal-server-sdk'
import { GatewayError, type GatewayEvent } from '../payment-gateway'
import { fromPayPalMoney } from './amount'

/** A capture, whether it came from the SDK (camelCase) or a webhook (PayPal's snake_case JSON). */
export interface CaptureFacts {
  id: string
  status: string
  reason?: string
  money: { value?: string; currency_code?: string; currencyCode?: string } | undefined
  fee?: { value?: string; currency_code?: string; currencyCode?: string }
  customId?: string
  orderId?: string
  createTime?: string
}

export function eventForCapture(capture: CaptureFacts): GatewayEvent {
  const ids = { gatewaySessionId: capture.orderId, paymentSessionId: capture.customId }
  switch (capture.status) {
    case 'COMPLETED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED': {
      const { amount, currency } = fromPayPalMoney(capture.money)
      let fee = 0n
      if (capture.fee) {
        const parsed = fromPayPalMoney(capture.fee)
        if (parsed.currency !== currency)
          throw new GatewayError(
            `PayPal sent a fee in ${parsed.currency} for a ${currency} payment.`,
            'fee_currency',
          )
        fee = parsed.amount
      }
      return {
        kind: 'payment.succeeded',
        gatewayTransactionId: capture.id,
        ...ids,
        amount,
        currency,
        fee,
        occurredAt: capture.createTime ? new Date(capture.createTime) : new Date(),
      }
    }
    case 'PENDING':
      return {
        kind: 'payment.pending',
        ...ids,
        reason: capture.reason ? `PayPal holds the payment: ${capture.reason}` : 'PayPal holds the payment.',
      }
    default: // DECLINED, FAILED
      return {
        kind: 'payment.failed',
        ...ids,
        reason: `PayPal ${capture.status.toLowerCase()} the payment${capture.reason ? ` (${capture.reason})` : ''}.`,
      }
  }
}

function sdkCaptureFacts(capture: OrdersCapture, order: Order, customId: string | undefined): CaptureFacts {
  return {
    id: capture.id ?? '',
    status: capture.status ?? 'FAILED',
    reason: capture.statusDetails?.reason,
    money: capture.amount,
    fee: capture.sellerReceivableBreakdown?.paypalFee,
    customId: capture.customId ?? customId,
    orderId: order.id,
    createTime: capture.createTime,
  }
}

/** The normalized events for an order's captures (after capture, or when reading it back). */
export function eventsForOrder(order: Order): GatewayEvent[] {
  const events: GatewayEvent[] = []
  for (const unit of order.purchaseUnits ?? []) {
    for (const capture of unit.payments?.captures ?? [])
      events.push(eventForCapture(sdkCaptureFacts(capture, order, unit.customId)))
  }
  return events
}

// ---- webhooks: PayPal's JSON as sent --------------------------------------------------------
interface Money {
  value?: string
  currency_code?: string
}
interface Link {
  href?: string
  rel?: string
}
interface CaptureResource {
  id: string
  status?: string
  status_details?: { reason?: string }
  amount?: Money
  custom_id?: string
  create_time?: string
  seller_receivable_breakdown?: { paypal_fee?: Money }
  supplementary_data?: { related_ids?: { order_id?: string } }
  links?: Link[]
}
interface RefundResource {
  id: string
  status?: string
  amount?: Money
  create_time?: string
  update_time?: string
  links?: Link[]
}
interface DisputeResource {
  dispute_id: string
  status?: string
  reason?: string
  dispute_amount?: Money
  dispute_outcome?: { outcome_code?: string }
  seller_response_due_date?: string
  disputed_transactions?: { seller_transaction_id?: string }[]
}

export interface PayPalWebhookEvent {
  id: string
  event_type: string
  resource_type?: string
  create_time?: string
  resource?: unknown
}

function captureFromWebhook(resource: CaptureResource, status?: string): GatewayEvent {
  return eventForCapture({
    id: resource.id,
    status: status ?? resource.status ?? 'FAILED',
    reason: resource.status_details?.reason,
    money: resource.amount,
    fee: resource.seller_receivable_breakdown?.paypal_fee,
    customId: resource.custom_id,
    orderId: resource.supplementary_data?.related_ids?.order_id,
    createTime: resource.create_time,
  })
}

/** A refund resource points at its capture with a HATEOAS link `rel: up` (…/v2/payments/captures/{id}). */
function captureIdOfRefund(refund: RefundResource): string {
  for (const link of refund.links ?? []) {
    const match = link.rel === 'up' ? /\/v2\/payments\/captures\/([^/?#]+)/.exec(link.href ?? '') : null
    if (match) return match[1]!
  }
  throw new GatewayError(
    `PayPal sent refund ${refund.id} without the capture it belongs to.`,
    'missing_capture',
  )
}

function refundFromWebhook(refund: RefundResource): GatewayEvent[] {
  // REFUNDED/REVERSED events carry a refund that has happened; a PENDING one is not money back yet.
  if (refund.status && refund.status !== 'COMPLETED') return []
  const { amount, currency } = fromPayPalMoney(refund.amount)
  return [
    {
      kind: 'refund.succeeded',
      gatewayRefundId: refund.id,
      gatewayTransactionId: captureIdOfRefund(refund),
      amount,
      currency,
      occurredAt: new Date(refund.update_time ?? refund.create_time ?? Date.now()),
    },
  ]
}

const SELLER_KEEPS = new Set([
  'RESOLVED_SELLER_FAVOUR',
  'CANCELED_BY_BUYER',
  'DENIED',
  'RESOLVED_WITH_PAYOUT',
])

function disputeStatus(dispute: DisputeResource): 'OPEN' | 'UNDER_REVIEW' | 'WON' | 'LOST' {
  if (dispute.status === 'RESOLVED')
    return SELLER_KEEPS.has(dispute.dispute_outcome?.outcome_code ?? '') ? 'WON' : 'LOST'
  if (dispute.status === 'UNDER_REVIEW') return 'UNDER_REVIEW'
  return 'OPEN' // OPEN, WAITING_FOR_BUYER_RESPONSE, WAITING_FOR_SELLER_RESPONSE, OTHER
}

function disputeFromWebhook(
  kind: 'dispute.opened' | 'dispute.updated' | 'dispute.closed',
  dispute: DisputeResource,
): GatewayEvent[] {
  const captureId = dispute.disputed_transactions?.find((t) => t.seller_transaction_id)?.seller_transaction_id
  if (!captureId) return [] // a dispute about a transaction that is not a capture of ours
  const { amount, currency } = fromPayPalMoney(dispute.dispute_amount)
  return [
    {
      kind,
      gatewayDisputeId: dispute.dispute_id,
      gatewayTransactionId: captureId,
      amount,
      currency,
      status: kind === 'dispute.closed' && dispute.status !== 'RESOLVED' ? 'LOST' : disputeStatus(dispute),
      reason: dispute.reason,
      evidenceDueAt: dispute.seller_response_due_date
        ? new Date(dispute.seller_response_due_date)
        : undefined,
    },
  ]
}

/** Every PayPal event type Berth listens to → its normalized events. Unknown types give none. */
/** The event types eventsForPayPalEvent acts on: the ones to tick on PayPal's webhook. */
export const PAYPAL_WEBHOOK_EVENTS = [
  'PAYMENT.CAPTURE.COMPLETED',
  'PAYMENT.CAPTURE.PENDING',
  'PAYMENT.CAPTURE.DENIED',
  'PAYMENT.CAPTURE.DECLINED',
  'PAYMENT.CAPTURE.REFUNDED',
  'PAYMENT.CAPTURE.REVERSED',
  'CUSTOMER.DISPUTE.CREATED',
  'CUSTOMER.DISPUTE.UPDATED',
  'CUSTOMER.DISPUTE.RESOLVED',
] as const

export function eventsForPayPalEvent(event: PayPalWebhookEvent): GatewayEvent[] {
  const resource = event.resource
  if (!resource || typeof resource !== 'object') return []
  switch (event.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED':
      return [captureFromWebhook(resource as CaptureResource, 'COMPLETED')]
    case 'PAYMENT.CAPTURE.PENDING':
      return [captureFromWebhook(resource as CaptureResource, 'PENDING')]
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.DECLINED':
      return [captureFromWebhook(resource as CaptureResource, 'DECLINED')]
    case 'PAYMENT.CAPTURE.REFUNDED':
    case 'PAYMENT.CAPTURE.REVERSED': // money taken back by PayPal (e.g. after a chargeback): recorded as a refund
      return refundFromWebhook(resource as RefundResource)
    case 'CUSTOMER.DISPUTE.CREATED':
      return disputeFromWebhook('dispute.opened', resource as DisputeResource)
    case 'CUSTOMER.DISPUTE.UPDATED':
      return disputeFromWebhook('dispute.updated', resource as DisputeResource)
    case 'CUSTOMER.DISPUTE.RESOLVED':
      return disputeFromWebhook('dispute.closed', resource as DisputeResource)
    default:
      return []
  }
}
