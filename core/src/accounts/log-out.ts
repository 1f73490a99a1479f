import { recordAuditEvent } from '../audit'
import { destroySession } from '../sessions'
import type { Ctx } from '../shared'

/** Ends a session (either door) and records it. */
export async function logOut(ctx: Ctx, token: string): Promise<void> {
  await destroySession(ctx.db, token)
  const a = ctx.actor
  if (a.type === 'client')
    await recordAuditEvent(ctx, {
      action: 'user.logout',
      targetType: 'User',
      targetId: a.userId,
      clientId: a.clientId,
    })
  if (a.type === 'staff')
    await recordAuditEvent(ctx, { action: 'staff.logout', targetType: 'Staff', targetId: a.staffId })
}
