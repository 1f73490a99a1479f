import type { DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import type { Ctx } from '../../shared'
import type { GatewayEvent } from '../gateways/payment-gateway'
import { lockInvoice } from '../shared/access'
import { RetryLaterError } from '../shared/errors'
import { applyPayment } from './apply-payment'
import { commitReversal, planReversal } from './reverse-payment'

type DisputeEvent = Extract<GatewayEvent, { kind: 'dispute.opened' | 'dispute.updated' | 'dispute.closed' }>

/**
 * Records a dispute (chargeback claim) from a gateway event, idempotently: one Dispute row per
 * (gateway, gatewayDisputeId), its status following the events. When the dispute is LOST the money
 * is gone: a CHARGEBACK transaction (reference `<disputeId>:chargeback`, so recorded once) takes
 * it off the invoice and reopens the balance (a PAID invoice becomes UNPAID), or takes back the
 * credit the payment created. If a lost dispute is later WON, a CHARGEBACK_REVERSAL re-applies
 * the money like a payment.
 */
export async function applyDisputeEvent(
  tx: Ctx & { db: DbClient },
  gatewayId: string,
  event: DisputeEvent,
): Promise<'recorded' | 'unchanged'> {
  const original = await tx.db.transaction.findUnique({
    where: {
      gateway_gatewayTransactionId: { gateway: gatewayId, gatewayTransactionId: event.gatewayTransactionId },
    },
    select: { id: true, clientId: true, invoiceId: true, currencyCode: true, type: true },
  })
  if (!original || original.type !== 'PAYMENT')
    throw new RetryLaterError(
      `dispute ${event.gatewayDisputeId}: payment ${event.gatewayTransactionId} is not recorded yet`,
    )
  if (original.invoiceId) await lockInvoice(tx.db, original.invoiceId)

  const currency = event.currency.toUpperCase()
  const inserted = await tx.db.dispute.createMany({
    data: [
      {
        transactionId: original.id,
        gateway: gatewayId,
        gatewayDisputeId: event.gatewayDisputeId,
        status: event.status,
        reason: event.reason ?? null,
        currencyCode: currency,
        amount: event.amount,
        evidenceDueAt: event.evidenceDueAt ?? null,
      },
    ],
    skipDuplicates: true,
  })
  const dispute = await tx.db.dispute.findUniqueOrThrow({
    where: { gateway_gatewayDisputeId: { gateway: gatewayId, gatewayDisputeId: event.gatewayDisputeId } },
  })
  const isNew = inserted.count === 1
  const statusChanged = !isNew && dispute.status !== event.status
  const changed = isNew || statusChanged
  if (
    statusChanged ||
    (event.reason && event.reason !== dispute.reason) ||
    (event.evidenceDueAt && event.evidenceDueAt.getTime() !== dispute.evidenceDueAt?.getTime())
  ) {
    await tx.db.dispute.update({
      where: { id: dispute.id },
      data: {
        status: event.status,
        reason: event.reason ?? dispute.reason,
        evidenceDueAt: event.evidenceDueAt ?? dispute.evidenceDueAt,
        amount: event.amount,
      },
    })
  }
  if (changed) {
    await recordAuditEvent(tx, {
      action: isNew ? 'dispute.open' : 'dispute.update',
      targetType: 'Dispute',
      targetId: dispute.id,
      clientId: original.clientId,
      before: isNew ? null : { status: dispute.status },
      after: {
        status: event.status,
        amount: event.amount,
        currency,
        reason: event.reason ?? null,
        transactionId: original.id,
      },
    })
  }

  const chargebackRef = `${event.gatewayDisputeId}:chargeback`
  if (event.status === 'LOST') {
    const plan = await planReversal(tx.db, {
      originalId: original.id,
      amount: event.amount,
      strict: false,
      kind: 'chargeback',
    })
    const result = await commitReversal(tx, plan, {
      type: 'CHARGEBACK',
      gatewayReference: chargebackRef,
      reason: `Dispute lost${event.reason ? `: ${event.reason}` : ''}`,
    })
    return result.outcome === 'applied' ? 'recorded' : changed ? 'recorded' : 'unchanged'
  }
  if (event.status === 'WON' && original.invoiceId) {
    const chargeback = await tx.db.transaction.findUnique({
      where: { gateway_gatewayTransactionId: { gateway: gatewayId, gatewayTransactionId: chargebackRef } },
      select: { id: true, amount: true },
    })
    if (chargeback) {
      const reversal = await applyPayment(tx, {
        invoiceId: original.invoiceId,
        gateway: gatewayId,
        gatewayTransactionId: `${event.gatewayDisputeId}:reversal`,
        amount: chargeback.amount,
        currency,
        type: 'CHARGEBACK_REVERSAL',
        description: 'Dispute won: chargeback reversed',
        sendReceipt: false,
      })
      if (reversal.outcome === 'applied') {
        await tx.db.transaction.update({
          where: { id: reversal.transactionId },
          data: { refundOfId: original.id },
        })
        return 'recorded'
      }
    }
  }
  return changed ? 'recorded' : 'unchanged'
}
