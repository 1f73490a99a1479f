import type Stripe from 'stripe'
import { startHttpServer } from '../http'
import { expireSession } from './checkout-sessions'
import { closeDispute, createDispute, updateDispute } from './disputes'
import { toStripeResponse } from './errors'
import { completeCheckout, declineCard, failAsyncPayment, succeedAsyncPayment } from './payments'
import { createRefund, settleRefund } from './refunds'
import { handleStripeRequest } from './server'
import { StripeState } from './state'
import type { FakeStripeOptions } from './types'
import { deliverWebhook, signedWebhook } from './webhooks'

export { stripeSignatureHeader } from './signature'
export {
  FAKE_STRIPE_API_VERSION,
  type FakeStripeOptions,
  type RecordedStripeRequest,
  type SignedStripeWebhook,
} from './types'

/**
 * A fake Stripe API for tests: the endpoints Berth calls, with Stripe's request encoding,
 * authentication, validation, idempotency, error bodies and webhook signatures, and objects
 * built from Stripe's own fixtures. See tests/fakes/README.md.
 *
 * The server core (server.ts: routing, API keys, idempotency) dispatches to one module per
 * endpoint group: checkout-sessions, payments (payment intents and charges), refunds, disputes,
 * balance, webhooks (events and their delivery) and the hosted page; state.ts holds the objects.
 */
export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>

export async function startFakeStripe(initialOptions: FakeStripeOptions = {}) {
  const state = new StripeState(initialOptions)
  const server = await startHttpServer(
    (req) => handleStripeRequest(state, req),
    (error) => toStripeResponse(error, state.serverErrors),
  )
  state.baseUrl = server.url
  return { url: server.url, port: server.port, ...controls(state), stop: server.stop }
}

/** What a test reads and drives: the records, the objects, and the test controls. */
function controls(state: StripeState) {
  const { secretKey, webhookSecret, requests, events, deliveries, serverErrors } = state
  return {
    secretKey,
    webhookSecret,
    /** every API request received, parsed */
    requests,
    /** every event generated, oldest first */
    events,
    /** automatic webhook deliveries (options.webhookUrl) */
    deliveries,
    /** unexpected exceptions inside the fake (answered with 500) */
    serverErrors,
    session: state.session,
    paymentIntent: state.paymentIntent,
    charge: state.charge,
    refund: state.refund,
    dispute: state.dispute,
    balanceTransaction: state.balanceTransaction,
    eventsOfType: (type: string) => events.filter((e) => e.type === type),
    lastEvent(type: string): Stripe.Event {
      const found = events.filter((e) => e.type === type).at(-1)
      if (!found) throw new Error(`the fake Stripe generated no ${type} event`)
      return found
    },
    completeCheckout: (sessionId: string, opts?: { async?: boolean }) =>
      completeCheckout(state, sessionId, opts),
    succeedAsyncPayment: (sessionId: string) => succeedAsyncPayment(state, sessionId),
    failAsyncPayment: (sessionId: string, message?: string) => failAsyncPayment(state, sessionId, message),
    declineCard: (sessionId: string, message?: string) => declineCard(state, sessionId, message),
    expireSession: (sessionId: string) => expireSession(state, sessionId),
    /** a refund made outside Berth (the Stripe Dashboard) */
    createRefund: (input: { paymentIntent?: string; charge?: string; amount?: number }) =>
      createRefund(state, input),
    /** the next refunds start `pending` (bank methods) until settleRefund */
    setNextRefundStatus(status: 'succeeded' | 'pending') {
      state.nextRefundStatus = status
    },
    settleRefund: (refundId: string, status: 'succeeded' | 'failed') => settleRefund(state, refundId, status),
    createDispute: (...args: DropState<typeof createDispute>) => createDispute(state, ...args),
    updateDispute: (...args: DropState<typeof updateDispute>) => updateDispute(state, ...args),
    closeDispute: (...args: DropState<typeof closeDispute>) => closeDispute(state, ...args),
    signedWebhook: (...args: DropState<typeof signedWebhook>) => signedWebhook(state, ...args),
    deliverWebhook: (...args: DropState<typeof deliverWebhook>) => deliverWebhook(state, ...args),
    /** resolves when every automatic delivery queued so far has been attempted */
    flushWebhooks: () => state.deliveryQueue,
    /** start (or stop, with undefined) delivering every new event to this URL */
    setWebhookUrl(url: string | undefined) {
      state.options.webhookUrl = url
    },
  }
}

/** A module function's parameters after its leading `state`. */
type DropState<F> = F extends (state: StripeState, ...rest: infer R) => unknown ? R : never
