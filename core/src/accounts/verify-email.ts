import { recordAuditEvent } from '../audit'
import { DomainError, inTransaction, type Ctx } from '../shared'
import { consumeUserToken } from './issue-token'

/** Confirms an address with the link's token. The token must be for the user's current address. */
export async function verifyEmail(ctx: Ctx, token: string): Promise<{ userId: string; email: string }> {
  if (typeof token !== 'string' || !token || token.length > 200) throw invalid()
  return inTransaction(ctx, async (tx) => {
    const row = await consumeUserToken(tx.db, 'EMAIL_VERIFICATION', token)
    if (!row) throw invalid()
    const user = await tx.db.user.findUnique({
      where: { id: row.userId },
      select: { id: true, email: true, clientId: true, emailVerifiedAt: true },
    })
    if (!user || user.email !== row.email) throw invalid()
    const verifiedAt = new Date()
    await tx.db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: verifiedAt } })
    await recordAuditEvent(
      { ...tx, actor: { type: 'client', userId: user.id, clientId: user.clientId, label: user.email } },
      {
        action: 'user.email.verify',
        targetType: 'User',
        targetId: user.id,
        clientId: user.clientId,
        before: { emailVerifiedAt: user.emailVerifiedAt },
        after: { email: user.email, emailVerifiedAt: verifiedAt },
      },
    )
    return { userId: user.id, email: user.email }
  })
}

function invalid(): DomainError {
  return new DomainError(
    'TOKEN_INVALID',
    'This verification link is invalid or has expired. Log in to get a new one.',
  )
}
