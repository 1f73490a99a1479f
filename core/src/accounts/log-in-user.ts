import { recordAuditEvent } from '../audit/record-audit-event'
import { verifyAgainstDummy, verifyPassword } from '../crypto/passwords'
import type { Ctx } from '../shared/context'
import { DomainError } from '../shared/domain-error'
import { inTransaction } from '../shared/transaction'
import { parseInput } from '../shared/validate'
import { loginInput, type LoginInput } from './schemas'
import { assertNotThrottled, recordAttempt } from './throttle'

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
 * Throttled per account and per IP.
 */
export async function logInUser(ctx: Ctx, raw: LoginInput): Promise<PortalUser> {
  const input = parseInput(loginInput, raw)
  await assertNotThrottled(ctx, 'PORTAL', 'LOGIN', input.email)
  const user = await ctx.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, clientId: true, email: true, firstName: true, lastName: true, passwordHash: true, status: true, client: { select: { status: true } } },
  })
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password)
  const allowed = ok && user && user.status === 'ACTIVE' && user.client.status === 'ACTIVE'
  await inTransaction(ctx, async (tx) => {
    await recordAttempt(tx, 'PORTAL', 'LOGIN', input.email, Boolean(allowed))
    if (allowed && user) {
      await tx.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date(), lastLoginIp: ctx.request.ip } })
      await recordAuditEvent({ ...tx, actor: { type: 'client', userId: user.id, clientId: user.clientId, label: user.email } }, {
        action: 'user.login', targetType: 'User', targetId: user.id, clientId: user.clientId,
      })
    }
  })
  if (!allowed || !user) throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.')
  return { userId: user.id, clientId: user.clientId, email: user.email, firstName: user.firstName, lastName: user.lastName }
}
