import type { FormValue } from './form'

/** The public types of the fake Stripe (index.ts re-exports them). */
export interface FakeStripeOptions {
  /** the only key the fake accepts (Authorization: Bearer …) */
  secretKey?: string
  /** the webhook endpoint secret events are signed with */
  webhookSecret?: string
  /** when set, every event the fake generates is signed and POSTed there, in order */
  webhookUrl?: string
  /** balance transactions in this currency (the account's settlement currency); default: the charge's */
  settlementCurrency?: string
  /** charge currency → settlement currency rate, when settlementCurrency differs */
  exchangeRate?: number
  /** Stripe's fee for a charge, in the settlement currency's minor units; default 2.9% + 30 */
  fee?: (amount: number, currency: string) => number
}

export interface RecordedStripeRequest {
  method: string
  path: string
  params: Record<string, FormValue>
  idempotencyKey?: string
  stripeVersion?: string
}

export interface SignedStripeWebhook {
  payload: string
  headers: { 'stripe-signature': string; 'content-type': string }
}

/** The API version the fake's events claim (stripe-node 23.1's pinned version). */
export const FAKE_STRIPE_API_VERSION = '2026-10-28.endive'
