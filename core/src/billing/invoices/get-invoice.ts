import type { DbClient } from '@berth/prisma'
import { parseInput, type Ctx } from '../../shared'
import { assertInvoiceVisible, isUuid, invoiceNotFound, requireBillingActor } from '../shared/access'
import { invoiceDetailSelect, toInvoiceDetail, type InvoiceDetail } from './invoice-view'
import { invoiceIdInput } from './schemas'

/** Loads an invoice for an actor already allowed to see it (internal). */
export async function getInvoiceById(
  ctx: (Ctx & { db: DbClient }) | Ctx,
  invoiceId: string,
): Promise<InvoiceDetail> {
  const row = await ctx.db.invoice.findUnique({ where: { id: invoiceId }, select: invoiceDetailSelect })
  if (!row) throw invoiceNotFound()
  return toInvoiceDetail(row, { isStaff: ctx.actor.type !== 'client' })
}

/**
 * One invoice with its items, tax lines and transactions. Staff need `billing.view`; a client sees
 * only its own published invoices, and anything else answers NOT_FOUND (ids cannot be probed).
 */
export async function getInvoice(ctx: Ctx, raw: unknown): Promise<InvoiceDetail> {
  requireBillingActor(ctx.actor, 'billing.view')
  const invoiceId = (raw as { invoiceId?: unknown } | null)?.invoiceId
  if (ctx.actor.type === 'client' && !isUuid(invoiceId)) throw invoiceNotFound()
  const input = parseInput(invoiceIdInput, raw)
  const row = await ctx.db.invoice.findUnique({ where: { id: input.invoiceId }, select: invoiceDetailSelect })
  assertInvoiceVisible(ctx.actor, row)
  return toInvoiceDetail(row!, { isStaff: ctx.actor.type !== 'client' })
}
