import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { PAYABLE_STATUSES } from '../shared/invoice-status'
import {
  assertInvoiceVisible,
  invoiceNotFound,
  isUuid,
  lockInvoice,
  requireBillingActor,
} from '../shared/access'
import { readCreditBalance } from './ledger'
import { applyCreditInput } from './schemas'
import { spendCreditOnInvoice } from './spend-credit-on-invoice'

export interface ApplyCreditResult {
  invoiceId: string
  applied: bigint
  invoiceBalance: bigint
  creditBalance: bigint
  transactionId: string
}

/**
 * Pays an unpaid invoice with account credit, in full or in part: a client on its own invoice, or
 * staff with `billing.manage`. Never more than the credit balance (INSUFFICIENT_CREDIT) nor the
 * invoice balance; without an amount, as much as both allow.
 */
export async function applyCreditToInvoice(ctx: Ctx, raw: unknown): Promise<ApplyCreditResult> {
  requireBillingActor(ctx.actor, 'billing.manage')
  if (ctx.actor.type === 'client' && !isUuid((raw as { invoiceId?: unknown } | null)?.invoiceId))
    throw invoiceNotFound()
  const input = parseInput(applyCreditInput, raw)
  return inTransaction(ctx, async (tx) => {
    if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
    const inv = await tx.db.invoice.findUniqueOrThrow({
      where: { id: input.invoiceId },
      select: { id: true, clientId: true, status: true, balance: true, currencyCode: true },
    })
    assertInvoiceVisible(tx.actor, inv)
    let amount = input.amount
    if (amount === undefined) {
      if (!PAYABLE_STATUSES.includes(inv.status)) {
        amount = 1n // refused just below, with the reason this invoice cannot be paid
      } else {
        const available = await readCreditBalance(tx.db, inv.clientId, inv.currencyCode)
        if (available <= 0n)
          throw new DomainError('INSUFFICIENT_CREDIT', 'There is no account credit to apply.', {
            field: 'amount',
          })
        amount = available < inv.balance ? available : inv.balance
      }
    }
    const result = await spendCreditOnInvoice(tx, { invoiceId: inv.id, amount })
    const after = await tx.db.invoice.findUniqueOrThrow({
      where: { id: inv.id },
      select: { balance: true, status: true },
    })
    await recordAuditEvent(tx, {
      action: 'credit.apply',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      before: { balance: inv.balance, status: inv.status },
      after: {
        balance: after.balance,
        status: after.status,
        applied: amount,
        currency: inv.currencyCode,
        creditBalance: result.balanceAfter,
        transactionId: result.transactionId,
      },
    })
    return {
      invoiceId: inv.id,
      applied: amount,
      invoiceBalance: after.balance,
      creditBalance: result.balanceAfter,
      transactionId: result.transactionId,
    }
  })
}
