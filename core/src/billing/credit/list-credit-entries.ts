import type { CreditKind } from '@berth/prisma'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { requireBillingActor } from '../shared/access'
import { creditQueryInput } from './schemas'

export interface CreditEntryView {
  id: string
  createdAt: Date
  kind: CreditKind
  currency: string
  /** signed: + added, − spent */
  amount: bigint
  balanceAfter: bigint
  reason: string | null
  invoiceId: string | null
  invoiceNumber: string | null
  transactionId: string | null
}

/** The credit ledger of a client, newest first: a client its own, staff (`billing.view`) anyone's. */
export async function listCreditEntries(
  ctx: Ctx,
  raw: unknown = {},
): Promise<{ items: CreditEntryView[]; total: number; page: number; pageSize: number }> {
  requireBillingActor(ctx.actor, 'billing.view')
  const input = parseInput(creditQueryInput, raw ?? {})
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : input.clientId
  if (!clientId) throw new DomainError('VALIDATION_FAILED', 'Choose a client.', { field: 'clientId' })
  const where = { clientId }
  const rows = await ctx.db.creditEntry.findMany({
    where,
    select: {
      id: true,
      createdAt: true,
      kind: true,
      currencyCode: true,
      amount: true,
      balanceAfter: true,
      reason: true,
      invoiceId: true,
      transactionId: true,
      invoice: { select: { number: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (input.page - 1) * input.pageSize,
    take: input.pageSize,
  })
  const total = await ctx.db.creditEntry.count({ where })
  return {
    items: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      kind: r.kind,
      currency: r.currencyCode,
      amount: r.amount,
      balanceAfter: r.balanceAfter,
      reason: r.reason,
      invoiceId: r.invoiceId,
      invoiceNumber: r.invoice?.number ?? null,
      transactionId: r.transactionId,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  }
}
