import type { Db, DbClient } from '@berth/prisma'
import { requirePermission } from '../../access'
import { DomainError, type Actor } from '../../shared'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const domainNotFound = () => new DomainError('NOT_FOUND', 'This domain does not exist.')

/**
 * Who may manage a domain: its own client, staff with `domains.manage` (`domains.view` for reads)
 * and the system. Another client's domain answers exactly like a missing id, so ids cannot be
 * probed. Returns the domain's client id.
 */
export async function assertDomainAccess(
  db: Db | DbClient,
  actor: Actor,
  domainId: string,
  mode: 'read' | 'write',
): Promise<{ clientId: string }> {
  if (actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (actor.type === 'staff') requirePermission(actor, mode === 'read' ? 'domains.view' : 'domains.manage')
  if (!UUID.test(domainId)) throw domainNotFound()
  const domain = await db.domain.findUnique({ where: { id: domainId }, select: { clientId: true } })
  if (!domain || (actor.type === 'client' && domain.clientId !== actor.clientId)) throw domainNotFound()
  return domain
}
