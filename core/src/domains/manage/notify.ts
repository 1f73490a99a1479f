import type { DbClient } from '@berth/prisma'
import { portalLink } from '../../accounts'
import type { Ctx } from '../../shared'

/**
 * Domain security emails (EPP code, unlock) go to the account's active owner logins only, not to
 * every contact: whoever reads them can move the domain away.
 */
export function domainOwners(db: DbClient, clientId: string) {
  return db.user.findMany({
    where: { clientId, isOwner: true, status: 'ACTIVE' },
    select: { id: true, email: true, firstName: true },
    orderBy: { createdAt: 'asc' },
  })
}

/** Who asked, as the email names them (staff are marked, so a client knows it was not themselves). */
export function actorName(ctx: Ctx): string {
  const a = ctx.actor
  if (a.type === 'client') return a.label
  if (a.type === 'staff') return `${a.label} (staff)`
  return a.type === 'system' ? a.label : 'someone'
}

export const domainLink = (domainId: string) => portalLink(`domains/${domainId}`)
