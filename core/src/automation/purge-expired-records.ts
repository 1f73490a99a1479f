import type { Db } from '@berth/prisma'
import { REJECTED_WEBHOOK_DAYS } from '../billing'
import { purgeExpiredSessions } from '../sessions/session-store'

/**
 * Housekeeping: expired sessions, spent or expired single-use tokens, login attempts older than 90
 * days, webhook deliveries rejected for their signature more than REJECTED_WEBHOOK_DAYS ago.
 */
export async function purgeExpiredRecords(db: Db): Promise<{ sessions: number; tokens: number; loginAttempts: number; rejectedWebhooks: number }> {
  const now = new Date()
  const sessions = await purgeExpiredSessions(db)
  const tokens = await db.authToken.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { lt: new Date(now.getTime() - 7 * 86400_000) } }] } })
  const loginAttempts = await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 90 * 86400_000) } } })
  const rejectedWebhooks = await db.webhookEvent.deleteMany({ where: { status: 'REJECTED', receivedAt: { lt: new Date(now.getTime() - REJECTED_WEBHOOK_DAYS * 86400_000) } } })
  return { sessions, tokens: tokens.count, loginAttempts: loginAttempts.count, rejectedWebhooks: rejectedWebhooks.count }
}
