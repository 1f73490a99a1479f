import { requireClient } from '../access'
import { recordAuditEvent } from '../audit'
import { DomainError, inTransaction, type Ctx } from '../shared'
import { claimAttempt, markAttemptSucceeded } from './throttle'
import { sendVerificationEmail } from './send-verification-email'

/** A logged-in client asks for a new verification link (throttled). */
export async function resendVerification(ctx: Ctx): Promise<void> {
  const actor = requireClient(ctx.actor)
  const user = await ctx.db.user.findUnique({
    where: { id: actor.userId },
    select: { id: true, clientId: true, email: true, firstName: true, emailVerifiedAt: true },
  })
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (user.emailVerifiedAt) return
  const attempt = await claimAttempt(ctx, 'PORTAL', 'EMAIL_VERIFICATION', user.email)
  await inTransaction(ctx, async (tx) => {
    await markAttemptSucceeded(tx, attempt)
    await sendVerificationEmail(tx.db, user)
    await recordAuditEvent(tx, {
      action: 'user.email.verification-resend',
      targetType: 'User',
      targetId: user.id,
      clientId: user.clientId,
      after: { email: user.email },
    })
  })
}
