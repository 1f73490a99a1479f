import { randomUUID } from 'node:crypto'
import type { DbClient } from '@berth/prisma'
import { DomainError, type Ctx } from '../../shared'
import { applyPayment, type ApplyPaymentResult } from '../payments/apply-payment'
import { invoiceNotFound, lockInvoice } from '../shared/access'
import { PAYABLE_STATUSES } from '../shared/invoice-status'
import { CREDIT_GATEWAY } from '../shared/labels'
import { debitClient } from './ledger'

/**
 * Pays part or all of an invoice with account credit, inside the caller's transaction: lock the
 * invoice, check it can take this much, record a PAYMENT through the `credit` gateway (so it shows
 * with the other payments and can be refunded back to credit), then take the credit with the
 * guarded debit. Not enough credit throws INSUFFICIENT_CREDIT and the caller's transaction rolls
 * everything back.
 */
export async function spendCreditOnInvoice(
  tx: Ctx & { db: DbClient },
  input: { invoiceId: string; amount: bigint; sendReceipt?: boolean },
): Promise<ApplyPaymentResult & { balanceAfter: bigint }> {
  if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
  const inv = await tx.db.invoice.findUniqueOrThrow({
    where: { id: input.invoiceId },
    select: {
      id: true,
      number: true,
      clientId: true,
      kind: true,
      status: true,
      balance: true,
      currencyCode: true,
    },
  })
  if (inv.status === 'PAID') throw new DomainError('INVOICE_ALREADY_PAID', 'This invoice is already paid.')
  if (!PAYABLE_STATUSES.includes(inv.status))
    throw new DomainError(
      'INVOICE_NOT_PAYABLE',
      `This invoice is ${inv.status.toLowerCase()}: it cannot be paid.`,
    )
  if (inv.kind === 'ADD_FUNDS')
    throw new DomainError('INVOICE_NOT_PAYABLE', 'Account credit cannot pay for adding funds.')
  if (input.amount <= 0n)
    throw new DomainError('VALIDATION_FAILED', 'The amount must be more than zero.', { field: 'amount' })
  if (input.amount > inv.balance)
    throw new DomainError('VALIDATION_FAILED', 'That is more than the invoice balance.', { field: 'amount' })
  const staffId = tx.actor.type === 'staff' ? tx.actor.staffId : null
  const result = await applyPayment(tx, {
    invoiceId: inv.id,
    gateway: CREDIT_GATEWAY,
    gatewayTransactionId: `credit-${randomUUID()}`,
    amount: input.amount,
    currency: inv.currencyCode,
    isCredit: true,
    staffId,
    description: 'Paid with account credit',
    sendReceipt: input.sendReceipt ?? true,
  })
  const entry = await debitClient(tx.db, {
    clientId: inv.clientId,
    currency: inv.currencyCode,
    amount: input.amount,
    kind: 'APPLIED_TO_INVOICE',
    invoiceId: inv.id,
    transactionId: result.transactionId,
    staffId,
    reason: `Applied to invoice ${inv.number ?? inv.id}`,
  })
  return { ...result, balanceAfter: entry.balanceAfter }
}
