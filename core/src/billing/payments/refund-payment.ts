import { requirePermission } from '../../access'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { GatewayError } from '../gateways/payment-gateway'
import { findGateway } from '../gateways/registry'
import { generateReference } from '../shared/ids'
import { loadGateway } from './load-gateway'
import { commitReversal, planReversal } from './reverse-payment'
import { refundPaymentInput } from './schemas'

export interface RefundResultView {
  refundTransactionId: string
  amount: bigint
  status: 'SUCCEEDED' | 'PENDING'
  invoiceId: string
  invoiceStatus: string
  /** true when the money went back to account credit (refund of a credit payment) */
  toCredit: boolean
}

/**
 * Staff (`billing.refund`) refund a payment, in full or in part, through the gateway that took it.
 * Never more than the payment minus what was already refunded (REFUND_EXCEEDS_PAID). The whole
 * refund runs in one transaction holding the invoice lock, the gateway call included, so two
 * refunds of one payment happen one after the other. The gateway gets an idempotency key made of
 * the payment, the count of its refunds so far and the amount: a retry after a crash (or a double
 * click) gets the same refund back, never a second one. Manual (bank, cash, cheque) payments are
 * refunded by recording it; a credit payment goes back to account credit.
 */
export async function refundPayment(ctx: Ctx, raw: unknown): Promise<RefundResultView> {
  requirePermission(ctx.actor, 'billing.refund')
  const input = parseInput(refundPaymentInput, raw)
  return inTransaction(
    ctx,
    async (tx) => {
      const plan = await planReversal(tx.db, {
        originalId: input.transactionId,
        amount: input.amount,
        strict: true,
        kind: 'refund',
      })
      const { original } = plan
      let reference: string
      let status: 'SUCCEEDED' | 'PENDING' = 'SUCCEEDED'
      const adapter = findGateway(original.gateway)
      if (adapter) {
        const loaded = await loadGateway(tx.db, original.gateway, { requireEnabled: false })
        const currency = await tx.db.currency.findUniqueOrThrow({
          where: { code: original.currencyCode },
          select: { exponent: true },
        })
        const count = await tx.db.transaction.count({ where: { refundOfId: original.id, type: 'REFUND' } })
        let result
        try {
          result = await loaded.gateway.refund(loaded.settings, {
            gatewayTransactionId: original.gatewayTransactionId,
            amount: plan.amount,
            currency: original.currencyCode,
            exponent: currency.exponent,
            reason: input.reason,
            idempotencyKey: `berth-refund-${original.id}-${count}-${plan.amount}`,
          })
        } catch (error) {
          throw new DomainError(
            'GATEWAY_ERROR',
            error instanceof GatewayError
              ? `${loaded.displayName} refused the refund: ${error.message}`
              : `${loaded.displayName} did not answer. Nothing was recorded; try again (a retry cannot refund twice).`,
            { cause: error },
          )
        }
        if (result.status === 'failed')
          throw new DomainError('GATEWAY_ERROR', `${loaded.displayName} refused the refund.`)
        reference = result.gatewayRefundId
        status = result.status === 'pending' ? 'PENDING' : 'SUCCEEDED'
      } else {
        reference = generateReference('REF')
      }
      const committed = await commitReversal(tx, plan, {
        type: 'REFUND',
        gatewayReference: reference,
        status,
        reason: input.reason,
        staffId: tx.actor.type === 'staff' ? tx.actor.staffId : null,
      })
      return {
        refundTransactionId: committed.transactionId,
        amount: plan.amount,
        status,
        invoiceId: plan.invoice.id,
        invoiceStatus: committed.invoiceStatus,
        toCredit: plan.toCredit,
      }
    },
    { timeout: 60_000 },
  )
}
