import { requireClient } from '../access'
import { recordAuditEvent } from '../audit'
import { verifyPassword } from '../crypto'
import { queueEmail } from '../notifications'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { claimAttempt, markAttemptSucceeded } from './throttle'
import { changeEmailInput } from './schemas'
import { sendVerificationEmail } from './send-verification-email'

/**
 * The client changes their login email. The current password confirms it; the new address starts
 * unverified and gets a verification link; the old address is told about the change.
 */
export async function changeEmail(ctx: Ctx, raw: { email: string; currentPassword: string }): Promise<void> {
  const actor = requireClient(ctx.actor)
  const input = parseInput(changeEmailInput, raw)
  const user = await ctx.db.user.findUnique({
    where: { id: actor.userId },
    select: {
      id: true,
      clientId: true,
      email: true,
      firstName: true,
      passwordHash: true,
      emailVerifiedAt: true,
    },
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
  if (input.email === user.email)
    throw new DomainError('VALIDATION_FAILED', 'This is already your email address.', { field: 'email' })
  try {
    await inTransaction(ctx, async (tx) => {
      const taken = await tx.db.user.findUnique({ where: { email: input.email }, select: { id: true } })
      if (taken) throw emailTaken()
      const updated = await tx.db.user.update({
        where: { id: user.id },
        data: { email: input.email, emailVerifiedAt: null },
        select: { id: true, clientId: true, email: true, firstName: true },
      })
      await sendVerificationEmail(tx.db, updated)
      await queueEmail(tx.db, {
        template: 'email-changed',
        to: user.email,
        clientId: user.clientId,
        userId: user.id,
        props: { firstName: user.firstName, newEmail: input.email },
      })
      await recordAuditEvent(tx, {
        action: 'user.email.change',
        targetType: 'User',
        targetId: user.id,
        clientId: user.clientId,
        before: { email: user.email, emailVerifiedAt: user.emailVerifiedAt },
        after: { email: input.email, emailVerifiedAt: null },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

function emailTaken(): DomainError {
  return new DomainError('EMAIL_TAKEN', 'Another account already uses this email address.', {
    field: 'email',
  })
}
