import { requireClient } from '../access/require-permission'
import { recordAuditEvent } from '../audit/record-audit-event'
import type { Ctx } from '../shared/context'
import { DomainError } from '../shared/domain-error'
import { inTransaction } from '../shared/transaction'
import { recordAttempt, assertNotThrottled } from './throttle'
import { sendVerificationEmail } from './send-verification-email'

/** A logged-in client asks for a new verification link (throttled). */
export async function resendVerification(ctx: Ctx): Promise<void> {
  const actor = requireClient(ctx.actor)
  const user = await ctx.db.user.findUnique({ where: { id: actor.userId }, select: { id: true, clientId: true, email: true, firstName: true, emailVerifiedAt: true } })
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (user.emailVerifiedAt) return
  await assertNotThrottled(ctx, 'PORTAL', 'EMAIL_VERIFICATION', user.email)
  await inTransaction(ctx, async (tx) => {
    await recordAttempt(tx, 'PORTAL', 'EMAIL_VERIFICATION', user.email, true)
    await sendVerificationEmail(tx.db, user)
    await recordAuditEvent(tx, { action: 'user.email.verification-resend', targetType: 'User', targetId: user.id, clientId: user.clientId, after: { email: user.email } })
  })
}
