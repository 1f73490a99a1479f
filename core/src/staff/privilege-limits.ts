import type { DbClient } from '@berth/prisma'
import { SUPER_ADMIN_ROLE } from '../access'
import { recordAuditEvent, type AuditInput } from '../audit'
import { DomainError, type Actor, type Ctx } from '../shared'

/**
 * Staff cannot raise their own privileges (issue 8 §4): whoever manages staff or roles hands out at
 * most the permissions they hold themselves, and only a Super admin touches a Super admin's
 * account. "Super admin" is the built-in role of that name (SUPER_ADMIN_ROLE), as in the
 * last-Super-admin rule; the system actor (CLI, jobs) counts as one.
 *
 * A refusal is a FORBIDDEN DomainError on the field at fault. It is audited as
 * `staff.privilege-escalation.refused`, written after the failed transaction has rolled back
 * (see `auditingRefusals`), so the attempt stays on record while nothing else is written.
 */
export const PRIVILEGE_REFUSED_ACTION = 'staff.privilege-escalation.refused'

const refusalAudits = new WeakMap<DomainError, AuditInput>()

/** The permissions in `wanted` the actor does not hold, sorted (none for the system actor). */
export function permissionsBeyond(actor: Actor, wanted: readonly string[]): string[] {
  if (actor.type === 'system') return []
  const held = new Set(actor.type === 'staff' ? actor.permissions : [])
  return [...new Set(wanted)].filter((p) => !held.has(p)).sort()
}

/** Whether the actor is a Super admin as of now (their role read in the caller's transaction). */
export async function isSuperAdminActor(db: DbClient, actor: Actor): Promise<boolean> {
  if (actor.type === 'system') return true
  if (actor.type !== 'staff') return false
  const me = await db.staff.findUnique({
    where: { id: actor.staffId },
    select: { status: true, role: { select: { name: true } } },
  })
  return me?.status === 'ACTIVE' && me.role.name === SUPER_ADMIN_ROLE
}

export interface RefusalDetails {
  targetType: 'Staff' | 'Role'
  targetId: string | null
  /** What the target looked like (its role and permissions). */
  before: Record<string, unknown>
  /** What was attempted; never a password itself. */
  attempted: Record<string, unknown>
}

/** The error to throw for an attempt to raise privileges; `auditingRefusals` records it. */
export function privilegeRefusal(
  message: string,
  field: string | null,
  details: RefusalDetails,
): DomainError {
  const error = new DomainError('FORBIDDEN', message, field ? { field } : {})
  refusalAudits.set(error, {
    action: PRIVILEGE_REFUSED_ACTION,
    targetType: details.targetType,
    targetId: details.targetId,
    before: details.before,
    after: { ...details.attempted, refused: { field, message } },
  })
  return error
}

/**
 * Runs a use case and, when it throws a privilege refusal, records the refused attempt with the
 * caller's `ctx` (the root client: the use case's own transaction has already rolled back), then
 * throws the refusal on. Inside a caller's transaction the record shares that transaction's fate.
 */
export async function auditingRefusals<T>(ctx: Ctx, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    const audit = error instanceof DomainError ? refusalAudits.get(error) : undefined
    if (audit) await recordAuditEvent(ctx, audit)
    throw error
  }
}
