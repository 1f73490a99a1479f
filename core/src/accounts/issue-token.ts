import type { DbClient, TokenPurpose } from '@berth/prisma'
import { generateToken, hashToken } from '../crypto'

/**
 * Issues a single-use token for a user and returns the plain token (for the link). Only its hash
 * is stored; earlier unused tokens of the same purpose stop working.
 */
export async function issueUserToken(
  db: DbClient,
  input: { userId: string; purpose: TokenPurpose; email: string; ttlMs: number },
): Promise<string> {
  const token = generateToken()
  const now = new Date()
  await db.authToken.updateMany({
    where: { userId: input.userId, purpose: input.purpose, usedAt: null },
    data: { usedAt: now },
  })
  await db.authToken.create({
    data: {
      purpose: input.purpose,
      tokenHash: hashToken(token),
      userId: input.userId,
      email: input.email,
      expiresAt: new Date(now.getTime() + input.ttlMs),
    },
  })
  return token
}

/**
 * Marks a token used, exactly once even under concurrent use (the conditional update is the lock),
 * and returns it; null when it is unknown, used, expired or of another purpose.
 */
export async function consumeUserToken(db: DbClient, purpose: TokenPurpose, token: string) {
  const row = await db.authToken.findUnique({ where: { tokenHash: hashToken(token) } })
  if (!row || row.purpose !== purpose || !row.userId || row.usedAt || row.expiresAt.getTime() <= Date.now())
    return null
  const claimed = await db.authToken.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  })
  return claimed.count === 1 ? { ...row, userId: row.userId } : null
}
