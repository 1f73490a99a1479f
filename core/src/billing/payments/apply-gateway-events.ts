import type { DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import type { Ctx } from '../../shared'
import type { GatewayEvent } from '../gateways/payment-gateway'
import { queuePaymentFailedEmail } from '../shared/emails'
import { RetryLaterError } from '../shared/errors'
import { paymentMethodLabel } from '../shared/labels'
import { applyDisputeEvent } from './apply-dispute-event'
import { applyPayment } from './apply-payment'
import { commitReversal, planReversal } from './reverse-payment'

export type EventOutcome =
  'paid' | 'credited' | 'duplicate' | 'pending' | 'failed' | 'ignored' | 'refunded' | 'dispute'

async function findSession(
  db: DbClient,
  gatewayId: string,
  ids: { paymentSessionId?: string | undefined; gatewaySessionId?: string | undefined },
) {
  const select = {
    id: true,
    clientId: true,
    invoiceId: true,
    gateway: true,
    amount: true,
    status: true,
  } as const
  if (ids.paymentSessionId && /^[0-9a-f-]{36}$/i.test(ids.paymentSessionId)) {
    const s = await db.paymentSession.findUnique({ where: { id: ids.paymentSessionId }, select })
    if (s && s.gateway === gatewayId) return s
  }
  if (ids.gatewaySessionId) {
    return db.paymentSession.findUnique({
      where: { gateway_gatewaySessionId: { gateway: gatewayId, gatewaySessionId: ids.gatewaySessionId } },
      select,
    })
  }
  return null
}

/**
 * Applies normalized gateway events inside one transaction, each idempotently, whoever reports
 * them (webhook, return URL): payments by the Transaction unique key, refunds by the refund's
 * id, disputes by the dispute's id, failures by a conditional update of the session. An event that
 * refers to something not recorded yet throws RetryLaterError (the caller rolls back and the
 * gateway delivers it again later).
 */
export async function applyGatewayEvents(
  tx: Ctx & { db: DbClient },
  gatewayId: string,
  events: readonly GatewayEvent[],
): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = []
  for (const event of events) {
    switch (event.kind) {
      case 'payment.succeeded': {
        const session = await findSession(tx.db, gatewayId, event)
        if (!session)
          throw new RetryLaterError(
            `payment ${event.gatewayTransactionId}: no payment session ${event.paymentSessionId ?? event.gatewaySessionId ?? '(none given)'}`,
          )
        const result = await applyPayment(tx, {
          invoiceId: session.invoiceId,
          gateway: gatewayId,
          gatewayTransactionId: event.gatewayTransactionId,
          amount: event.amount,
          currency: event.currency,
          fee: event.fee,
          occurredAt: event.occurredAt,
          paymentSessionId: session.id,
          description: `Paid by ${paymentMethodLabel(gatewayId)}`,
        })
        outcomes.push(
          result.outcome === 'duplicate' ? 'duplicate' : result.appliedToInvoice > 0n ? 'paid' : 'credited',
        )
        break
      }
      case 'payment.pending':
        outcomes.push('pending')
        break
      case 'payment.failed': {
        const session = await findSession(tx.db, gatewayId, event)
        if (!session) {
          outcomes.push('ignored')
          break
        }
        const updated = await tx.db.paymentSession.updateMany({
          where: { id: session.id, status: 'open' },
          data: { status: 'failed' },
        })
        if (updated.count === 1) {
          await queuePaymentFailedEmail(tx.db, {
            invoiceId: session.invoiceId,
            amount: session.amount,
            gateway: gatewayId,
            reason: event.reason || 'The payment was declined.',
          })
          await recordAuditEvent(tx, {
            action: 'payment.failed',
            targetType: 'Invoice',
            targetId: session.invoiceId,
            clientId: session.clientId,
            after: { paymentSessionId: session.id, gateway: gatewayId, reason: event.reason },
          })
          outcomes.push('failed')
        } else {
          outcomes.push('ignored')
        }
        break
      }
      case 'refund.succeeded': {
        const known = await tx.db.transaction.findUnique({
          where: {
            gateway_gatewayTransactionId: { gateway: gatewayId, gatewayTransactionId: event.gatewayRefundId },
          },
          select: { id: true, status: true },
        })
        if (known) {
          if (known.status === 'PENDING')
            await tx.db.transaction.update({ where: { id: known.id }, data: { status: 'SUCCEEDED' } })
          outcomes.push('duplicate')
          break
        }
        const original = await tx.db.transaction.findUnique({
          where: {
            gateway_gatewayTransactionId: {
              gateway: gatewayId,
              gatewayTransactionId: event.gatewayTransactionId,
            },
          },
          select: { id: true, type: true },
        })
        if (!original || original.type !== 'PAYMENT')
          throw new RetryLaterError(
            `refund ${event.gatewayRefundId}: payment ${event.gatewayTransactionId} is not recorded yet`,
          )
        const plan = await planReversal(tx.db, {
          originalId: original.id,
          amount: event.amount,
          strict: false,
          kind: 'refund',
        })
        const result = await commitReversal(tx, plan, {
          type: 'REFUND',
          gatewayReference: event.gatewayRefundId,
          occurredAt: event.occurredAt,
          reason: 'Refunded at the gateway',
        })
        outcomes.push(result.outcome === 'duplicate' ? 'duplicate' : 'refunded')
        break
      }
      case 'dispute.opened':
      case 'dispute.updated':
      case 'dispute.closed':
        outcomes.push(
          (await applyDisputeEvent(tx, gatewayId, event)) === 'recorded' ? 'dispute' : 'duplicate',
        )
        break
    }
  }
  return outcomes
}
