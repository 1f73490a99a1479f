import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../../access'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { domainSummarySelect, toDomainSummary, type DomainSummary } from './domain-view'
import { listClientDomainsInput } from './schemas'

/**
 * A client's own domains (staff with domains.view: anyone's, or one client's), soonest expiry
 * first so what needs attention is on top; pending ones (no expiry yet) last.
 */
export async function listClientDomains(
  ctx: Ctx,
  raw: unknown = {},
): Promise<{ domains: DomainSummary[]; total: number; page: number; pageSize: number }> {
  const input = parseInput(listClientDomainsInput, raw)
  if (ctx.actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (ctx.actor.type === 'staff') requirePermission(ctx.actor, 'domains.view')
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : input.clientId
  const where: Prisma.DomainWhereInput = {
    ...(clientId ? { clientId } : {}),
    ...(input.status ? { status: input.status } : {}),
  }
  const [rows, total] = await Promise.all([
    ctx.db.domain.findMany({
      where,
      orderBy: [{ expiryDate: { sort: 'asc', nulls: 'last' } }, { name: 'asc' }, { id: 'asc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: domainSummarySelect,
    }),
    ctx.db.domain.count({ where }),
  ])
  return { domains: rows.map(toDomainSummary), total, page: input.page, pageSize: input.pageSize }
}
