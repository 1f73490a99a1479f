import type { Prisma, TransactionStatus, TransactionType } from '@berth/prisma'
import { parseInput, type Ctx } from '../../shared'
import { clientDisplayName } from '../invoices/invoice-view'
import { requireBillingActor } from '../shared/access'
import { addDays } from '../shared/dates'
import { paymentMethodLabel } from '../shared/labels'
import { transactionFiltersInput } from './schemas'
import type { z } from 'zod'

export interface TransactionView {
  id: string
  createdAt: Date
  type: TransactionType
  status: TransactionStatus
  gateway: string
  method: string
  gatewayTransactionId: string
  currency: { code: string; exponent: number }
  amount: bigint
  fee: bigint
  clientId: string
  clientName: string
  invoiceId: string | null
  invoiceNumber: string | null
  refundOfId: string | null
  description: string | null
}

export const transactionSelect = {
  id: true,
  createdAt: true,
  type: true,
  status: true,
  gateway: true,
  gatewayTransactionId: true,
  amount: true,
  fee: true,
  clientId: true,
  invoiceId: true,
  refundOfId: true,
  description: true,
  currency: { select: { code: true, exponent: true } },
  invoice: { select: { number: true } },
  client: {
    select: {
      companyName: true,
      users: {
        where: { isOwner: true },
        select: { firstName: true, lastName: true },
        orderBy: { createdAt: 'asc' as const },
        take: 1,
      },
    },
  },
} satisfies Prisma.TransactionSelect

type Row = Prisma.TransactionGetPayload<{ select: typeof transactionSelect }>

export function toTransactionView(r: Row): TransactionView {
  return {
    id: r.id,
    createdAt: r.createdAt,
    type: r.type,
    status: r.status,
    gateway: r.gateway,
    method: paymentMethodLabel(r.gateway),
    gatewayTransactionId: r.gatewayTransactionId,
    currency: r.currency,
    amount: r.amount,
    fee: r.fee,
    clientId: r.clientId,
    clientName: clientDisplayName(r.client),
    invoiceId: r.invoiceId,
    invoiceNumber: r.invoice?.number ?? null,
    refundOfId: r.refundOfId,
    description: r.description,
  }
}

/** The where clause for an actor and filters: a client is always limited to its own rows. */
export function transactionWhere(
  ctx: Ctx,
  f: z.output<typeof transactionFiltersInput>,
): Prisma.TransactionWhereInput {
  const where: Prisma.TransactionWhereInput = {}
  where.clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : f.clientId
  if (f.invoiceId) where.invoiceId = f.invoiceId
  if (f.gateway) where.gateway = f.gateway
  if (f.type) where.type = f.type
  if (f.from || f.to)
    where.createdAt = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: addDays(f.to, 1) } : {}) }
  return where
}

/** Transactions, newest first: a client its own, staff (`billing.view`) filtered by client, invoice, gateway, type and dates. */
export async function listTransactions(
  ctx: Ctx,
  raw: unknown = {},
): Promise<{ items: TransactionView[]; total: number; page: number; pageSize: number }> {
  requireBillingActor(ctx.actor, 'billing.view')
  const f = parseInput(transactionFiltersInput, raw ?? {})
  const where = transactionWhere(ctx, f)
  const rows = await ctx.db.transaction.findMany({
    where,
    select: transactionSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (f.page - 1) * f.pageSize,
    take: f.pageSize,
  })
  const total = await ctx.db.transaction.count({ where })
  return { items: rows.map(toTransactionView), total, page: f.page, pageSize: f.pageSize }
}
