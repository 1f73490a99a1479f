import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { format } from '../../money'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { invoiceNotFound, lockInvoice } from '../shared/access'
import { assertTransition } from '../shared/invoice-status'
import { getInvoiceById } from './get-invoice'
import type { InvoiceDetail } from './invoice-view'
import { cancelInvoiceInput } from './schemas'

/**
 * Staff cancel an unpaid invoice that has nothing paid on it. Refused, with the reason: a paid
 * invoice (refund it instead), an invoice with payments or credit applied (refund those first), a
 * draft (delete it), an invoice already cancelled or refunded.
 */
export async function cancelInvoice(ctx: Ctx, raw: unknown): Promise<InvoiceDetail> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(cancelInvoiceInput, raw)
  return inTransaction(ctx, async (tx) => {
    if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
    const inv = await tx.db.invoice.findUniqueOrThrow({
      where: { id: input.invoiceId },
      select: {
        id: true,
        clientId: true,
        status: true,
        amountPaid: true,
        balance: true,
        currencyCode: true,
        currency: { select: { exponent: true } },
      },
    })
    if (inv.status === 'PAID')
      throw new DomainError(
        'INVOICE_ALREADY_PAID',
        'A paid invoice cannot be cancelled: refund its payments instead.',
      )
    if (inv.status === 'DRAFT')
      throw new DomainError('INVALID_TRANSITION', 'A draft is deleted, not cancelled.')
    if (inv.status === 'CANCELLED')
      throw new DomainError('INVALID_TRANSITION', 'This invoice is already cancelled.')
    if (inv.amountPaid > 0n) {
      const paid = format(inv.amountPaid, inv.currencyCode, inv.currency.exponent)
      throw new DomainError(
        'INVOICE_HAS_PAYMENTS',
        `This invoice is partially paid (${paid}): refund its payments (or the credit applied) before cancelling it.`,
      )
    }
    assertTransition(inv.status, 'CANCELLED', `A ${inv.status.toLowerCase()} invoice cannot be cancelled.`)
    await tx.db.invoice.update({
      where: { id: inv.id },
      data: { status: 'CANCELLED', cancelledAt: new Date(), balance: 0n },
    })
    await recordAuditEvent(tx, {
      action: 'invoice.cancel',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      before: { status: inv.status, balance: inv.balance },
      after: { status: 'CANCELLED', balance: 0n, reason: input.reason ?? null },
    })
    return getInvoiceById(tx, inv.id)
  })
}
