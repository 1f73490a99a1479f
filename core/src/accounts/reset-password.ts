import { recordAuditEvent } from '../audit'
import { hashPassword, hashToken } from '../crypto'
import { queueEmail } from '../notifications'
import { destroyOtherSessions } from '../sessions'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { consumeUserToken } from './issue-token'
import { resetPasswordInput } from './schemas'

/** Whether a reset link is still usable, to show the form or an explanation. */
export async function isResetTokenUsable(ctx: Ctx, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false
  const row = await ctx.db.authToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { purpose: true, usedAt: true, expiresAt: true },
  })
  return Boolean(
    row && row.purpose === 'PASSWORD_RESET' && !row.usedAt && row.expiresAt.getTime() > Date.now(),
  )
}

/**
 * Sets a new password with a single-use reset token. Every session of the account ends, and the
 * address counts as verified (the link proved it is theirs).
 */
export async function resetPassword(
  ctx: Ctx,
  raw: { token: string; password: string; confirmPassword: string },
): Promise<{ userId: string }> {
  const input = parseInput(resetPasswordInput, raw)
  const passwordHash = await hashPassword(input.password)
  return inTransaction(ctx, async (tx) => {
    const row = await consumeUserToken(tx.db, 'PASSWORD_RESET', input.token)
    const user = row
      ? await tx.db.user.findUnique({
          where: { id: row.userId },
          select: { id: true, clientId: true, email: true, firstName: true, emailVerifiedAt: true },
        })
      : null
    if (!row || !user || user.email !== row.email) {
      throw new DomainError(
        'TOKEN_INVALID',
        'This reset link is invalid or has expired. Ask for a new one.',
        { field: 'token' },
      )
    }
    const verifiedAt = user.emailVerifiedAt ?? new Date()
    await tx.db.user.update({ where: { id: user.id }, data: { passwordHash, emailVerifiedAt: verifiedAt } })
    const ended = await destroyOtherSessions(tx.db, { userId: user.id })
    await queueEmail(tx.db, {
      template: 'password-changed',
      to: user.email,
      clientId: user.clientId,
      userId: user.id,
      props: { firstName: user.firstName, viaReset: true },
    })
    await recordAuditEvent(
      { ...tx, actor: { type: 'client', userId: user.id, clientId: user.clientId, label: user.email } },
      {
        action: 'user.password.reset',
        targetType: 'User',
        targetId: user.id,
        clientId: user.clientId,
        after: { passwordChanged: true, sessionsEnded: ended },
      },
    )
    return { userId: user.id }
  })
}
