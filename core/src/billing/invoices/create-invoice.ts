import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { getSettings } from '../../settings'
import { addDays, todayUtc } from '../shared/dates'
import { getInvoiceById } from './get-invoice'
import type { InvoiceDetail } from './invoice-view'
import { itemRows, priceInvoice } from './price-invoice'
import { createInvoiceInput } from './schemas'

/**
 * Staff create a draft invoice for a client, in the client's currency. Drafts have no number and
 * are invisible to the client until published; their totals are computed at once (and again at
 * publish) so staff see what the client will be billed.
 */
export async function createInvoice(ctx: Ctx, raw: unknown): Promise<InvoiceDetail> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(createInvoiceInput, raw)
  return inTransaction(ctx, async (tx) => {
    const client = await tx.db.client.findUnique({
      where: { id: input.clientId },
      select: { id: true, status: true, currencyCode: true },
    })
    if (!client) throw new DomainError('NOT_FOUND', 'This client does not exist.', { field: 'clientId' })
    if (client.status === 'CLOSED')
      throw new DomainError('VALIDATION_FAILED', 'This client account is closed: it cannot be invoiced.', {
        field: 'clientId',
      })
    const settings = await getSettings(tx.db)
    const dueDate =
      input.dueDate ?? addDays(input.issueDate ?? todayUtc(), settings['billing.paymentTermsDays'])
    const invoice = await tx.db.invoice.create({
      data: {
        clientId: client.id,
        currencyCode: client.currencyCode,
        status: 'DRAFT',
        kind: 'STANDARD',
        taxMode: settings['billing.taxMode'],
        issueDate: input.issueDate ?? null,
        dueDate,
        notes: input.notes ?? null,
        adminNotes: input.adminNotes ?? null,
      },
      select: { id: true },
    })
    await tx.db.invoiceItem.createMany({ data: itemRows(invoice.id, input.items) })
    const totals = await priceInvoice(tx.db, invoice.id)
    await recordAuditEvent(tx, {
      action: 'invoice.create',
      targetType: 'Invoice',
      targetId: invoice.id,
      clientId: client.id,
      after: {
        status: 'DRAFT',
        currency: client.currencyCode,
        items: input.items.length,
        subtotal: totals.subtotal,
        taxTotal: totals.taxTotal,
        total: totals.total,
        dueDate,
      },
    })
    return getInvoiceById(tx, invoice.id)
  })
}
