import { requireClient } from '../access'
import { recordAuditEvent } from '../audit'
import { hashPassword, verifyPassword } from '../crypto'
import { queueEmail } from '../notifications'
import { destroyOtherSessions } from '../sessions'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { claimAttempt, markAttemptSucceeded } from './throttle'
import { changePasswordInput } from './schemas'

/** The client changes their password (current one required); every other session of theirs ends. */
export async function changePassword(
  ctx: Ctx,
  raw: { currentPassword: string; newPassword: string; confirmPassword: string },
  currentSessionId: string | undefined,
): Promise<{ sessionsEnded: number }> {
  const actor = requireClient(ctx.actor)
  const input = parseInput(changePasswordInput, raw)
  const user = await ctx.db.user.findUnique({
    where: { id: actor.userId },
    select: { id: true, clientId: true, email: true, firstName: true, passwordHash: true },
  })
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  // The current-password check is throttled like a login (a stolen session must not guess it).
  const attempt = await claimAttempt(ctx, 'PORTAL', 'PASSWORD_CONFIRM', user.email)
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('WRONG_PASSWORD', 'Your current password is not correct.', {
      field: 'currentPassword',
    })
  }
  await markAttemptSucceeded(ctx, attempt)
  const passwordHash = await hashPassword(input.newPassword)
  return inTransaction(ctx, async (tx) => {
    await tx.db.user.update({ where: { id: user.id }, data: { passwordHash } })
    const sessionsEnded = await destroyOtherSessions(tx.db, { userId: user.id }, currentSessionId)
    await queueEmail(tx.db, {
      template: 'password-changed',
      to: user.email,
      clientId: user.clientId,
      userId: user.id,
      props: { firstName: user.firstName, viaReset: false },
    })
    await recordAuditEvent(tx, {
      action: 'user.password.change',
      targetType: 'User',
      targetId: user.id,
      clientId: user.clientId,
      after: { passwordChanged: true, sessionsEnded },
    })
    return { sessionsEnded }
  })
}
