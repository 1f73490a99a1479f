import type { DbClient } from '@berth/prisma'
import { requirePermission, type Permission } from '../../access'
import { DomainError, type Actor } from '../../shared'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

export const invoiceNotFound = () => new DomainError('NOT_FOUND', 'This invoice does not exist.')

/**
 * Who may act on billing rows: staff with `permission`, the system, or a client on its own rows
 * (clients need no permission; ownership is checked against the row). Anonymous visitors never.
 */
export function requireBillingActor(actor: Actor, permission: Permission): void {
  if (actor.type === 'client') return
  if (actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  requirePermission(actor, permission)
}

/** The client a client actor may see, or undefined for staff and the system (who may see all). */
export function ownClientId(actor: Actor): string | undefined {
  return actor.type === 'client' ? actor.clientId : undefined
}

/**
 * Locks an invoice row (SELECT ... FOR UPDATE) for the rest of the transaction: every change to an
 * invoice's money takes this lock first, so payments, credit, refunds and cancellation of one
 * invoice happen one after the other. Lock order everywhere: invoice, then credit balance.
 */
export async function lockInvoice(db: DbClient, invoiceId: string): Promise<boolean> {
  if (!isUuid(invoiceId)) return false
  const rows = await db.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId}::uuid FOR UPDATE`
  return rows.length === 1
}

/**
 * Checks the actor may see this invoice: staff and system always (after their permission check),
 * a client only its own and never a draft. Anything else is NOT_FOUND, so ids cannot be probed.
 */
export function assertInvoiceVisible(
  actor: Actor,
  invoice: { clientId: string; status: string } | null,
): asserts invoice is { clientId: string; status: string } {
  if (!invoice) throw invoiceNotFound()
  if (actor.type === 'client' && (invoice.clientId !== actor.clientId || invoice.status === 'DRAFT'))
    throw invoiceNotFound()
}
