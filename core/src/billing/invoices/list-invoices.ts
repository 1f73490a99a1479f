import type { Prisma } from '@berth/prisma'
import { parseInput, type Ctx } from '../../shared'
import { requireBillingActor } from '../shared/access'
import { todayUtc } from '../shared/dates'
import { payableStatusFilter } from '../shared/invoice-status'
import { invoiceSummarySelect, toInvoiceSummary, type InvoiceSummary } from './invoice-view'
import { listInvoicesInput } from './schemas'

export interface InvoiceList {
  items: InvoiceSummary[]
  total: number
  page: number
  pageSize: number
}

/**
 * Invoices, newest first. A client sees only its own published invoices (never drafts), whatever
 * `clientId` it passes; staff (`billing.view`) see every client's, or one client's.
 * Filters: paid, unpaid (unpaid or in collections, overdue included), overdue, draft, cancelled,
 * refunded, collections.
 */
export async function listInvoices(ctx: Ctx, raw: unknown = {}): Promise<InvoiceList> {
  requireBillingActor(ctx.actor, 'billing.view')
  const input = parseInput(listInvoicesInput, raw ?? {})
  const today = todayUtc()
  const where: Prisma.InvoiceWhereInput = {}
  if (ctx.actor.type === 'client') {
    where.clientId = ctx.actor.clientId
    where.status = { not: 'DRAFT' }
  } else if (input.clientId) {
    where.clientId = input.clientId
  }
  if (input.kind) where.kind = input.kind
  switch (input.filter) {
    case 'paid':
      where.status = 'PAID'
      break
    case 'unpaid':
      where.status = payableStatusFilter()
      break
    case 'overdue':
      where.status = payableStatusFilter()
      where.dueDate = { lt: today }
      where.balance = { gt: 0n }
      break
    case 'draft':
      if (ctx.actor.type !== 'client') where.status = 'DRAFT'
      else where.id = { in: [] }
      break
    case 'cancelled':
      where.status = 'CANCELLED'
      break
    case 'refunded':
      where.status = 'REFUNDED'
      break
    case 'collections':
      where.status = 'COLLECTIONS'
      break
    case 'all':
      break
  }
  const rows = await ctx.db.invoice.findMany({
    where,
    select: invoiceSummarySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (input.page - 1) * input.pageSize,
    take: input.pageSize,
  })
  const total = await ctx.db.invoice.count({ where })
  return {
    items: rows.map((r) => toInvoiceSummary(r, today)),
    total,
    page: input.page,
    pageSize: input.pageSize,
  }
}
