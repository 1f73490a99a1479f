import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, REQUEST } from '@berth/tests/support/factories'
import type { Ctx } from '../shared'
import { resendVerification } from './resend-verification'
import { THROTTLE_RULES } from './throttle'

const db = getDb()

/** The client's ctx seen from an IP of its own, so the per-IP counts of other tests stay apart. */
function fromIp(ctx: Ctx, ip: string): Ctx {
  return { ...ctx, request: { ...REQUEST, ip } }
}

describe('resendVerification', () => {
  it('sends a fresh link, spends the earlier one, and records the attempt and an audit event', async () => {
    const c = await makeClient()
    const ctx = fromIp(c.ctx, '198.51.100.1')
    const earlier = await db.authToken.findFirstOrThrow({
      where: { userId: c.userId, purpose: 'EMAIL_VERIFICATION' },
    })
    await resendVerification(ctx)
    expect((await db.authToken.findUniqueOrThrow({ where: { id: earlier.id } })).usedAt).toBeInstanceOf(Date)
    const live = await db.authToken.findMany({
      where: { userId: c.userId, purpose: 'EMAIL_VERIFICATION', usedAt: null },
    })
    expect(live).toHaveLength(1)
    expect(live[0]!.email).toBe(c.email)
    const emails = await db.emailLog.findMany({ where: { userId: c.userId, template: 'verify-email' } })
    expect(emails).toHaveLength(2)
    expect(emails.every((e) => e.toAddress === c.email && e.status === 'QUEUED')).toBe(true)
    expect(
      await db.loginAttempt.count({
        where: { door: 'PORTAL', kind: 'EMAIL_VERIFICATION', email: c.email, ip: '198.51.100.1' },
      }),
    ).toBe(1)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.email.verification-resend', targetId: c.userId },
    })
    expect(audit).toMatchObject({ actorType: 'CLIENT', actorId: c.userId, clientId: c.clientId })
  })

  it('does nothing for an address that is already verified', async () => {
    const c = await makeClient()
    await db.user.update({ where: { id: c.userId }, data: { emailVerifiedAt: new Date() } })
    await resendVerification(fromIp(c.ctx, '198.51.100.2'))
    expect(await db.emailLog.count({ where: { userId: c.userId } })).toBe(1)
    expect(await db.loginAttempt.count({ where: { email: c.email } })).toBe(0)
    expect(
      await db.auditEvent.count({ where: { action: 'user.email.verification-resend', targetId: c.userId } }),
    ).toBe(0)
  })

  it(`is throttled after ${THROTTLE_RULES.EMAIL_VERIFICATION.perEmail} requests an hour per address, with nothing sent once refused`, async () => {
    const c = await makeClient()
    const ctx = fromIp(c.ctx, '198.51.100.3')
    for (let i = 0; i < THROTTLE_RULES.EMAIL_VERIFICATION.perEmail; i++) await resendVerification(ctx)
    const sent = await db.emailLog.count({ where: { userId: c.userId } })
    expect(sent).toBe(1 + THROTTLE_RULES.EMAIL_VERIFICATION.perEmail)
    const error = await resendVerification(ctx).catch((e) => e)
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.retryAfterSeconds).toBe(3600)
    expect(await db.emailLog.count({ where: { userId: c.userId } })).toBe(sent)
    // Requests older than the window no longer count.
    await db.loginAttempt.updateMany({
      where: { email: c.email },
      data: { createdAt: new Date(Date.now() - 61 * 60_000) },
    })
    await resendVerification(ctx)
    expect(await db.emailLog.count({ where: { userId: c.userId } })).toBe(sent + 1)
  })

  it('is throttled per IP across addresses', async () => {
    const ip = '198.51.100.4'
    await db.loginAttempt.createMany({
      data: Array.from({ length: THROTTLE_RULES.EMAIL_VERIFICATION.perIp }, (_, i) => ({
        door: 'PORTAL' as const,
        kind: 'EMAIL_VERIFICATION' as const,
        email: `other-${i}@example.test`,
        ip,
        success: true,
      })),
    })
    const c = await makeClient()
    expect((await resendVerification(fromIp(c.ctx, ip)).catch((e) => e)).code).toBe('RATE_LIMITED')
    await resendVerification(fromIp(c.ctx, '198.51.100.5'))
    expect(await db.emailLog.count({ where: { userId: c.userId } })).toBe(2)
  })

  it('is only for a logged-in client', async () => {
    const staff = await makeStaff('Super admin')
    expect((await resendVerification(staff.ctx).catch((e) => e)).code).toBe('UNAUTHENTICATED')
  })
})
