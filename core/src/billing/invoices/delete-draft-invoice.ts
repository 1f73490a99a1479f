import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { inTransaction, parseInput, type Ctx } from '../../shared'
import { invoiceNotFound, lockInvoice } from '../shared/access'
import { invoiceIdInput } from './schemas'
import { notADraft } from './update-draft-invoice'

/** Staff delete a draft (it never had a number, so nothing gaps). Published invoices are cancelled, never deleted. */
export async function deleteDraftInvoice(ctx: Ctx, raw: unknown): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(invoiceIdInput, raw)
  return inTransaction(ctx, async (tx) => {
    if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
    const inv = await tx.db.invoice.findUniqueOrThrow({
      where: { id: input.invoiceId },
      select: { id: true, clientId: true, status: true, total: true, currencyCode: true },
    })
    if (inv.status !== 'DRAFT') throw notADraft()
    await tx.db.invoice.delete({ where: { id: inv.id } })
    await recordAuditEvent(tx, {
      action: 'invoice.delete',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      before: { status: inv.status, total: inv.total, currency: inv.currencyCode },
    })
    return { id: inv.id }
  })
}
