import { DomainError, type Actor } from '../shared'
import type { Permission } from './permissions'

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.type === 'system' || (actor.type === 'staff' && actor.permissions.includes(permission))
}

/** Core's own check, behind whatever the app already checked. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) {
    throw new DomainError('FORBIDDEN', `You do not have the "${permission}" permission.`)
  }
}

export function requireStaff(actor: Actor): Extract<Actor, { type: 'staff' }> {
  if (actor.type !== 'staff') throw new DomainError('FORBIDDEN', 'Only staff can do this.')
  return actor
}

export function requireClient(actor: Actor): Extract<Actor, { type: 'client' }> {
  if (actor.type !== 'client') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  return actor
}
