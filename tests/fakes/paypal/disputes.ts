import { randomId } from '../http'
import { isoNow, type PayPalState } from './state'
import type { Json, Money } from './types'
import { emit } from './webhooks'

/** Buyer disputes (customer disputes API v1 shapes): they only arrive as webhook events. */

export type DisputeStatus =
  'WAITING_FOR_BUYER_RESPONSE' | 'WAITING_FOR_SELLER_RESPONSE' | 'UNDER_REVIEW' | 'OPEN'
export type DisputeOutcome =
  | 'RESOLVED_BUYER_FAVOUR'
  | 'RESOLVED_SELLER_FAVOUR'
  | 'RESOLVED_WITH_PAYOUT'
  | 'CANCELED_BY_BUYER'
  | 'ACCEPTED'
  | 'DENIED'

export function createDispute(
  state: PayPalState,
  captureId: string,
  opts: { reason?: string; amount?: Money } = {},
) {
  const capture = state.capture(captureId)
  const id = `PP-D-${randomId(5, '0123456789')}`
  const now = isoNow()
  const dispute: Json = {
    dispute_id: id,
    create_time: now,
    update_time: now,
    disputed_transactions: [
      {
        seller_transaction_id: captureId,
        create_time: capture.capture.create_time,
        transaction_status: 'COMPLETED',
        gross_amount: capture.capture.amount,
        invoice_number: capture.capture.invoice_id,
        custom: capture.capture.custom_id,
        seller: { merchant_id: state.merchant.merchant_id, name: 'Berth Fake Hosting' },
        items: [],
        seller_protection_eligible: true,
      },
    ],
    reason: opts.reason ?? 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
    status: 'OPEN',
    dispute_amount: opts.amount ?? capture.capture.amount,
    dispute_life_cycle_stage: 'INQUIRY',
    dispute_channel: 'INTERNAL',
    seller_response_due_date: new Date(Date.now() + 10 * 24 * 3600 * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    links: [{ href: `${state.base}/v1/customer/disputes/${id}`, rel: 'self', method: 'GET' }],
  }
  state.disputes.set(id, dispute)
  const event = emit(
    state,
    'CUSTOMER.DISPUTE.CREATED',
    'dispute',
    dispute,
    `A new dispute opened with Case # ${id}`,
  )
  return { dispute: structuredClone(dispute), event }
}

function dispute(state: PayPalState, id: string): Json {
  const found = state.disputes.get(id)
  if (!found) throw new Error(`no dispute ${id}`)
  return found
}

export function updateDispute(state: PayPalState, id: string, status: DisputeStatus) {
  const d = dispute(state, id)
  Object.assign(d, {
    status,
    update_time: isoNow(),
    dispute_life_cycle_stage: status === 'UNDER_REVIEW' ? 'CHARGEBACK' : d.dispute_life_cycle_stage,
  })
  const event = emit(
    state,
    'CUSTOMER.DISPUTE.UPDATED',
    'dispute',
    d,
    `A dispute was updated with Case # ${id}`,
  )
  return { dispute: structuredClone(d), event }
}

export function resolveDispute(state: PayPalState, id: string, outcome: DisputeOutcome) {
  const d = dispute(state, id)
  Object.assign(d, {
    status: 'RESOLVED',
    update_time: isoNow(),
    dispute_outcome: {
      outcome_code: outcome,
      ...(outcome === 'RESOLVED_BUYER_FAVOUR' || outcome === 'ACCEPTED'
        ? { amount_refunded: d.dispute_amount }
        : {}),
    },
  })
  const event = emit(
    state,
    'CUSTOMER.DISPUTE.RESOLVED',
    'dispute',
    d,
    `A dispute was resolved with case # ${id}`,
  )
  return { dispute: structuredClone(d), event }
}
