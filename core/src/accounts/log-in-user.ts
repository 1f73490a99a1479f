import { recordAuditEvent } from '../audit'
import { verifyAgainstDummy, verifyPassword } from '../crypto'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { loginInput, type LoginInput } from './schemas'
import { claimAttempt, markAttemptSucceeded } from './throttle'

export interface PortalUser {
  userId: string
  clientId: string
  email: string
  firstName: string
  lastName: string
}

/**
 * Checks a client's email and password. Unknown email, wrong password and a disabled login all give
 * the same answer, in about the same time, so the form cannot tell which accounts exist.
 * Throttled per account and per IP: the attempt is claimed (counted and recorded as a failure) before
 * the password is checked, so a burst gets only the allowed number of checks; a success marks it.
 */
export async function logInUser(ctx: Ctx, raw: LoginInput): Promise<PortalUser> {
  const input = parseInput(loginInput, raw)
  const attempt = await claimAttempt(ctx, 'PORTAL', 'LOGIN', input.email)
  const user = await ctx.db.user.findUnique({
    where: { email: input.email },
    select: {
      id: true,
      clientId: true,
      email: true,
      firstName: true,
      lastName: true,
      passwordHash: true,
      status: true,
      client: { select: { status: true } },
    },
  })
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password)
  const allowed = ok && user && user.status === 'ACTIVE' && user.client.status === 'ACTIVE'
  if (allowed && user) {
    await inTransaction(ctx, async (tx) => {
      await markAttemptSucceeded(tx, attempt)
      await tx.db.user.update({
        where: { id: user.id },
        data: { lastLoginAt: new Date(), lastLoginIp: ctx.request.ip },
      })
      await recordAuditEvent(
        { ...tx, actor: { type: 'client', userId: user.id, clientId: user.clientId, label: user.email } },
        {
          action: 'user.login',
          targetType: 'User',
          targetId: user.id,
          clientId: user.clientId,
        },
      )
    })
  }
  if (!allowed || !user) throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.')
  return {
    userId: user.id,
    clientId: user.clientId,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
  }
}
