import { recordAuditEvent } from '../audit'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { queueEmail } from '../notifications'
import { issueUserToken } from './issue-token'
import { portalLink, RESET_TTL_MINUTES } from './links'
import { forgotPasswordInput } from './schemas'
import { claimAttempt, markAttemptSucceeded } from './throttle'

/**
 * Sends a reset link when the address belongs to an active login. The answer is the same whether
 * or not it does (no account enumeration); requests are throttled per address and per IP, each one
 * claimed before anything is looked up, so a burst queues no more emails than the limit allows.
 */
export async function requestPasswordReset(ctx: Ctx, raw: { email: string }): Promise<void> {
  const { email } = parseInput(forgotPasswordInput, raw)
  const attempt = await claimAttempt(ctx, 'PORTAL', 'PASSWORD_RESET', email)
  await inTransaction(ctx, async (tx) => {
    await markAttemptSucceeded(tx, attempt)
    const user = await tx.db.user.findUnique({
      where: { email },
      select: { id: true, clientId: true, email: true, firstName: true, status: true },
    })
    if (!user || user.status !== 'ACTIVE') return
    const token = await issueUserToken(tx.db, {
      userId: user.id,
      purpose: 'PASSWORD_RESET',
      email: user.email,
      ttlMs: RESET_TTL_MINUTES * 60_000,
    })
    await queueEmail(tx.db, {
      template: 'password-reset',
      to: user.email,
      clientId: user.clientId,
      userId: user.id,
      props: {
        firstName: user.firstName,
        resetUrl: portalLink('reset-password', { token }),
        expiresInMinutes: RESET_TTL_MINUTES,
      },
    })
    await recordAuditEvent(tx, {
      action: 'user.password.reset-request',
      targetType: 'User',
      targetId: user.id,
      clientId: user.clientId,
    })
  })
}
