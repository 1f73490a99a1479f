import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import type { CreditAdjustmentResult } from './add-credit'
import { debitClient } from './ledger'
import { adjustCreditInput } from './schemas'

/** Staff remove account credit, with a reason; never below zero (INSUFFICIENT_CREDIT). */
export async function removeCredit(ctx: Ctx, raw: unknown): Promise<CreditAdjustmentResult> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(adjustCreditInput, raw)
  return inTransaction(ctx, async (tx) => {
    const client = await tx.db.client.findUnique({
      where: { id: input.clientId },
      select: { id: true, currencyCode: true },
    })
    if (!client) throw new DomainError('NOT_FOUND', 'This client does not exist.', { field: 'clientId' })
    const staffId = tx.actor.type === 'staff' ? tx.actor.staffId : null
    const entry = await debitClient(tx.db, {
      clientId: client.id,
      currency: client.currencyCode,
      amount: input.amount,
      kind: 'ADJUSTMENT',
      reason: input.reason,
      staffId,
    })
    await recordAuditEvent(tx, {
      action: 'credit.remove',
      targetType: 'Client',
      targetId: client.id,
      clientId: client.id,
      after: {
        amount: input.amount,
        currency: client.currencyCode,
        balance: entry.balanceAfter,
        reason: input.reason,
        entryId: entry.entryId,
      },
    })
    return {
      clientId: client.id,
      currency: client.currencyCode,
      amount: input.amount,
      balance: entry.balanceAfter,
      entryId: entry.entryId,
    }
  })
}
