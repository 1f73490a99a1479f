import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { queueCreditAddedEmail } from '../shared/emails'
import { creditClient } from './ledger'
import { adjustCreditInput } from './schemas'

export interface CreditAdjustmentResult {
  clientId: string
  currency: string
  amount: bigint
  balance: bigint
  entryId: string
}

/** Staff add account credit to a client (in the client's currency), with a reason; the client gets an email. */
export async function addCredit(ctx: Ctx, raw: unknown): Promise<CreditAdjustmentResult> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(adjustCreditInput, raw)
  return inTransaction(ctx, async (tx) => {
    const client = await tx.db.client.findUnique({
      where: { id: input.clientId },
      select: { id: true, currencyCode: true },
    })
    if (!client) throw new DomainError('NOT_FOUND', 'This client does not exist.', { field: 'clientId' })
    const staffId = tx.actor.type === 'staff' ? tx.actor.staffId : null
    const entry = await creditClient(tx.db, {
      clientId: client.id,
      currency: client.currencyCode,
      amount: input.amount,
      kind: 'ADJUSTMENT',
      reason: input.reason,
      staffId,
    })
    await queueCreditAddedEmail(tx.db, {
      clientId: client.id,
      currency: client.currencyCode,
      amount: input.amount,
      balance: entry.balanceAfter,
      reason: input.reason,
    })
    await recordAuditEvent(tx, {
      action: 'credit.add',
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
