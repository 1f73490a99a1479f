import type { DbClient } from '@berth/prisma'
import { queueEmail } from '../notifications'
import { issueUserToken } from './issue-token'
import { portalLink, VERIFICATION_TTL_HOURS } from './links'

/** Issues a verification token for the user's current address and queues the email. */
export async function sendVerificationEmail(
  db: DbClient,
  user: { id: string; clientId: string; email: string; firstName: string },
): Promise<void> {
  const token = await issueUserToken(db, {
    userId: user.id,
    purpose: 'EMAIL_VERIFICATION',
    email: user.email,
    ttlMs: VERIFICATION_TTL_HOURS * 3600_000,
  })
  await queueEmail(db, {
    template: 'verify-email',
    to: user.email,
    clientId: user.clientId,
    userId: user.id,
    props: {
      firstName: user.firstName,
      email: user.email,
      verifyUrl: portalLink('verify-email', { token }),
      expiresInHours: VERIFICATION_TTL_HOURS,
    },
  })
}
