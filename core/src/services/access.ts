import type { Db, DbClient } from '@berth/prisma'
import { hasPermission, requirePermission, type Permission } from '../access'
import { DomainError, type Actor } from '../shared'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const serviceNotFound = () => new DomainError('NOT_FOUND', 'This service does not exist.')

/**
 * Who may act on a service: staff with `permission`, the system, or a client on its own service.
 * Anything else is NOT_FOUND, so ids cannot be probed. Returns the service's client id.
 */
export async function assertServiceAccess(
  db: Db | DbClient,
  actor: Actor,
  serviceId: string,
  permission: Permission,
): Promise<{ clientId: string }> {
  if (actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (actor.type !== 'client') requirePermission(actor, permission)
  if (!UUID.test(serviceId)) throw serviceNotFound()
  const service = await db.service.findUnique({ where: { id: serviceId }, select: { clientId: true } })
  if (!service || (actor.type === 'client' && service.clientId !== actor.clientId)) throw serviceNotFound()
  return service
}

export function canSeeSecrets(actor: Actor): boolean {
  return actor.type === 'client' || hasPermission(actor, 'orders.manage')
}
