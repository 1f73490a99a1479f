import { startHttpServer } from '../http'
import { completePendingCapture, denyPendingCapture } from './captures'
import { createDispute, resolveDispute, updateDispute } from './disputes'
import { toPayPalResponse } from './errors'
import { approveOrder, publicOrder } from './orders'
import { refundCapture } from './refunds'
import { handlePayPalRequest } from './server'
import { PayPalState } from './state'
import type { FakePayPalOptions, Json, Money } from './types'
import { deliverWebhook, signedWebhook } from './webhooks'

export { schemaIssues } from './schemas'
export type {
  CaptureOutcome,
  FakePayPalOptions,
  Json,
  Money,
  RecordedPayPalRequest,
  SignedPayPalWebhook,
} from './types'

/**
 * A fake PayPal REST API for tests: OAuth client credentials, Orders v2 (create, get, capture),
 * captures refund and webhook signature verification, with PayPal's shapes, status codes and
 * error bodies; requests are checked against PayPal's OpenAPI schemas. See tests/fakes/README.md.
 *
 * The server core (server.ts: routing, bearer tokens, bodies; request.ts: schema checks,
 * PayPal-Request-Id, Prefer) dispatches to one module per endpoint group: oauth, orders,
 * captures, refunds, webhooks (events, signing, verification, the cert) and the approval page;
 * disputes only arrive as events. state.ts holds the fake's memory.
 */
export type FakePayPal = Awaited<ReturnType<typeof startFakePayPal>>

export async function startFakePayPal(initialOptions: FakePayPalOptions = {}) {
  const state = new PayPalState(initialOptions)
  const server = await startHttpServer(
    (req) => handlePayPalRequest(state, req),
    (error) => toPayPalResponse(error, state.serverErrors),
  )
  state.base = server.url
  return controls(state, server)
}

/**
 * What a test reads and drives: the records, the resources, and the test controls. Built in one
 * literal, not spread: `tokenRequests` is a live getter.
 */
function controls(state: PayPalState, server: { url: string; port: number; stop(): Promise<void> }) {
  const { clientId, clientSecret, webhookId, requests, events, deliveries, serverErrors } = state
  return {
    url: server.url,
    port: server.port,
    clientId,
    clientSecret,
    webhookId,
    requests,
    events,
    deliveries,
    serverErrors,
    get tokenRequests() {
      return state.tokenRequests
    },
    /** forget every access token (as if they expired): the next API call answers 401 */
    expireTokens() {
      state.tokens.clear()
    },
    order: (id: string) => publicOrder(state.order(id)),
    capture: (id: string) => structuredClone(state.capture(id).capture),
    refund(id: string): Json {
      const found = state.refunds.get(id)
      if (!found) throw new Error(`no refund ${id}`)
      return structuredClone(found)
    },
    /** the capture of an order, once captured */
    captureOf(orderId: string): Json {
      const caps = (state.order(orderId).unit.payments as { captures?: Json[] } | undefined)?.captures
      if (!caps?.[0]) throw new Error(`order ${orderId} has no capture`)
      return structuredClone(caps[0])
    },
    approveOrder: (...args: DropState<typeof approveOrder>) => approveOrder(state, ...args),
    /** a PENDING capture clears (PAYMENT.CAPTURE.COMPLETED) or is denied (PAYMENT.CAPTURE.DENIED) */
    completePendingCapture: (captureId: string) => completePendingCapture(state, captureId),
    denyPendingCapture: (captureId: string) => denyPendingCapture(state, captureId),
    /** a refund made outside Berth (the PayPal dashboard) */
    createRefund: (captureId: string, amount?: Money) =>
      refundCapture(state, captureId, amount ? { amount } : undefined),
    /** PayPal takes the money back (e.g. after a chargeback): PAYMENT.CAPTURE.REVERSED */
    reverseCapture: (captureId: string) => refundCapture(state, captureId, undefined, 'reversal'),
    /** the next refunds answer PENDING (and send no REFUNDED event) */
    setNextRefundStatus(status: 'COMPLETED' | 'PENDING') {
      state.nextRefundStatus = status
    },
    createDispute: (...args: DropState<typeof createDispute>) => createDispute(state, ...args),
    updateDispute: (...args: DropState<typeof updateDispute>) => updateDispute(state, ...args),
    resolveDispute: (...args: DropState<typeof resolveDispute>) => resolveDispute(state, ...args),
    eventsOfType: (type: string) => events.filter((e) => e.event_type === type),
    lastEvent(type: string): Json {
      const found = events.filter((e) => e.event_type === type).at(-1)
      if (!found) throw new Error(`the fake PayPal generated no ${type} event`)
      return found
    },
    signedWebhook: (...args: DropState<typeof signedWebhook>) => signedWebhook(state, ...args),
    deliverWebhook: (...args: DropState<typeof deliverWebhook>) => deliverWebhook(state, ...args),
    flushWebhooks: () => state.deliveryQueue,
    /** start (or stop, with undefined) delivering every new event to this URL */
    setWebhookUrl(url: string | undefined) {
      state.options.webhookUrl = url
    },
    stop: server.stop,
  }
}

/** A module function's parameters after its leading `state`. */
type DropState<F> = F extends (state: PayPalState, ...rest: infer R) => unknown ? R : never
