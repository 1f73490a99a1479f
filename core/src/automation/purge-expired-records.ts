import type { Db } from '@berth/prisma'
import { REJECTED_WEBHOOK_DAYS } from '../billing'
import { expirePackageChanges } from '../services'
import { purgeExpiredSessions } from '../sessions'

/**
 * Housekeeping: expired sessions, spent or expired single-use tokens, login attempts older than 90
 * days, webhook deliveries rejected for their signature more than REJECTED_WEBHOOK_DAYS ago; and
 * upgrades left unpaid past their expiry end EXPIRED with their invoice cancelled (services'
 * expirePackageChanges).
 */
export async function purgeExpiredRecords(db: Db): Promise<{
  sessions: number
  tokens: number
  loginAttempts: number
  rejectedWebhooks: number
  expiredPackageChanges: number
}> {
  const now = new Date()
  const sessions = await purgeExpiredSessions(db)
  const tokens = await db.authToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { lt: new Date(now.getTime() - 7 * 86400_000) } }] },
  })
  const loginAttempts = await db.loginAttempt.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - 90 * 86400_000) } },
  })
  const rejectedWebhooks = await db.webhookEvent.deleteMany({
    where: {
      status: 'REJECTED',
      receivedAt: { lt: new Date(now.getTime() - REJECTED_WEBHOOK_DAYS * 86400_000) },
    },
  })
  const packageChanges = await expirePackageChanges(db, now)
  return {
    sessions,
    tokens: tokens.count,
    loginAttempts: loginAttempts.count,
    rejectedWebhooks: rejectedWebhooks.count,
    expiredPackageChanges: packageChanges.expired,
  }
}
