import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { invoiceNotFound, lockInvoice } from '../shared/access'
import { getInvoiceById } from './get-invoice'
import type { InvoiceDetail } from './invoice-view'
import { itemRows, priceInvoice } from './price-invoice'
import { updateDraftInvoiceInput } from './schemas'

export const notADraft = () =>
  new DomainError('INVALID_TRANSITION', 'Only a draft invoice can be changed; this one is published.')

/** Staff change a draft: dates, notes, and (when given) every item at once. Totals are recomputed. */
export async function updateDraftInvoice(ctx: Ctx, raw: unknown): Promise<InvoiceDetail> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(updateDraftInvoiceInput, raw)
  return inTransaction(ctx, async (tx) => {
    if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
    const before = await tx.db.invoice.findUniqueOrThrow({
      where: { id: input.invoiceId },
      select: {
        id: true,
        clientId: true,
        status: true,
        issueDate: true,
        dueDate: true,
        notes: true,
        adminNotes: true,
        total: true,
        _count: { select: { items: true } },
      },
    })
    if (before.status !== 'DRAFT') throw notADraft()
    const issueDate = input.issueDate === undefined ? before.issueDate : input.issueDate
    const dueDate = input.dueDate ?? before.dueDate
    if (issueDate && dueDate < issueDate)
      throw new DomainError('VALIDATION_FAILED', 'The due date cannot be before the issue date.', {
        field: 'dueDate',
      })
    await tx.db.invoice.update({
      where: { id: before.id },
      data: {
        issueDate,
        dueDate,
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(input.adminNotes !== undefined ? { adminNotes: input.adminNotes } : {}),
      },
    })
    if (input.items) {
      await tx.db.invoiceItem.deleteMany({ where: { invoiceId: before.id } })
      await tx.db.invoiceItem.createMany({ data: itemRows(before.id, input.items) })
    }
    const totals = await priceInvoice(tx.db, before.id)
    await recordAuditEvent(tx, {
      action: 'invoice.update',
      targetType: 'Invoice',
      targetId: before.id,
      clientId: before.clientId,
      before: {
        issueDate: before.issueDate,
        dueDate: before.dueDate,
        items: before._count.items,
        total: before.total,
      },
      after: {
        issueDate,
        dueDate,
        items: input.items?.length ?? before._count.items,
        total: totals.total,
        notesChanged: input.notes !== undefined,
        adminNotesChanged: input.adminNotes !== undefined,
      },
    })
    return getInvoiceById(tx, before.id)
  })
}
