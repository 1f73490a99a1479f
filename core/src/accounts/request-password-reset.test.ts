import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, REQUEST, uniqueEmail } from '@berth/tests/support/factories'
import { decryptSecret, secretBinding, hashToken } from '../crypto'
import { anonymousCtx } from '../shared'
import { requestPasswordReset } from './request-password-reset'
import { isResetTokenUsable } from './reset-password'
import { THROTTLE_RULES } from './throttle'

const db = getDb()
const from = (ip: string) => anonymousCtx(db, { ip, userAgent: 'vitest' })

async function resetTokens(userId: string): Promise<string[]> {
  const logs = await db.emailLog.findMany({
    where: { userId, template: 'password-reset' },
    orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
  })
  return logs.map((log) =>
    new URL(
      (
        JSON.parse(decryptSecret(log.payloadEnc!, secretBinding('EmailLog.payloadEnc', log.id))) as {
          resetUrl: string
        }
      ).resetUrl,
    ).searchParams.get('token')!,
  )
}

describe('requestPasswordReset', () => {
  it('emails a one-hour link whose token is stored only as its sha256', async () => {
    const c = await makeClient()
    const before = Date.now()
    await expect(
      requestPasswordReset(from('192.0.2.60'), { email: ` ${c.email.toUpperCase()}` }),
    ).resolves.toBeUndefined()
    const [token] = await resetTokens(c.userId)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = await db.authToken.findFirstOrThrow({
      where: { userId: c.userId, purpose: 'PASSWORD_RESET' },
    })
    expect(row.tokenHash).toBe(hashToken(token!))
    expect(row.email).toBe(c.email)
    expect(row.usedAt).toBeNull()
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60 * 60_000)
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60_000)
    // The plain token is nowhere in the database in clear: not the token row, the email log or the audit trail.
    const log = await db.emailLog.findFirstOrThrow({
      where: { userId: c.userId, template: 'password-reset' },
    })
    expect(log).toMatchObject({ toAddress: c.email, status: 'QUEUED', subject: 'Reset your password' })
    expect(log.props).toEqual({ firstName: 'Test', resetUrl: '[redacted]', expiresInMinutes: 60 })
    const audits = await db.auditEvent.findMany({ where: { clientId: c.clientId } })
    expect(audits.map((a) => a.action)).toContain('user.password.reset-request')
    for (const stored of [row, log, audits])
      expect(JSON.stringify(stored, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(token)
    expect(
      await db.loginAttempt.count({
        where: { door: 'PORTAL', kind: 'PASSWORD_RESET', email: c.email, success: true },
      }),
    ).toBe(1)
  })

  it('answers an unknown or disabled address exactly as a known one, sending nothing', async () => {
    const disabled = await makeClient()
    await db.user.update({ where: { id: disabled.userId }, data: { status: 'DISABLED' } })
    const unknown = uniqueEmail('nobody')
    const [a, b] = await Promise.all([
      requestPasswordReset(from('192.0.2.61'), { email: unknown }),
      requestPasswordReset(from('192.0.2.61'), { email: disabled.email }),
    ])
    expect(a).toBeUndefined()
    expect(b).toBeUndefined()
    expect(
      await db.emailLog.count({
        where: { template: 'password-reset', toAddress: { in: [unknown, disabled.email] } },
      }),
    ).toBe(0)
    expect(
      await db.authToken.count({
        where: { purpose: 'PASSWORD_RESET', email: { in: [unknown, disabled.email] } },
      }),
    ).toBe(0)
    // The request is still counted, so the throttle answers the same for unknown addresses too.
    expect(
      await db.loginAttempt.count({
        where: { kind: 'PASSWORD_RESET', email: { in: [unknown, disabled.email] } },
      }),
    ).toBe(2)
  })

  it('spends the earlier links when a new one is asked for', async () => {
    const c = await makeClient()
    await requestPasswordReset(from('192.0.2.62'), { email: c.email })
    await requestPasswordReset(from('192.0.2.62'), { email: c.email })
    const [first, second] = await resetTokens(c.userId)
    expect(await isResetTokenUsable(c.ctx, first!)).toBe(false)
    expect(await isResetTokenUsable(c.ctx, second!)).toBe(true)
    expect(
      await db.authToken.count({ where: { userId: c.userId, purpose: 'PASSWORD_RESET', usedAt: null } }),
    ).toBe(1)
    // The email verification link is a different purpose and stays usable.
    expect(
      await db.authToken.count({ where: { userId: c.userId, purpose: 'EMAIL_VERIFICATION', usedAt: null } }),
    ).toBe(1)
  })

  it(`allows ${THROTTLE_RULES.PASSWORD_RESET.perEmail} requests an hour per address, for known and unknown addresses alike`, async () => {
    const c = await makeClient()
    const unknown = uniqueEmail('nobody')
    for (const email of [c.email, unknown]) {
      for (let i = 0; i < THROTTLE_RULES.PASSWORD_RESET.perEmail; i++)
        await requestPasswordReset(from(`192.0.2.${70 + i}`), { email })
      const error = await requestPasswordReset(from('192.0.2.79'), { email }).catch((e) => e)
      expect(error.code).toBe('RATE_LIMITED')
      expect(error.retryAfterSeconds).toBe(3600)
    }
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-reset' } })).toBe(
      THROTTLE_RULES.PASSWORD_RESET.perEmail,
    )
    expect(await db.loginAttempt.count({ where: { email: c.email } })).toBe(
      THROTTLE_RULES.PASSWORD_RESET.perEmail,
    )
  })

  it(`allows ${THROTTLE_RULES.PASSWORD_RESET.perIp} requests an hour per IP`, async () => {
    const ip = '192.0.2.80'
    await db.loginAttempt.createMany({
      data: Array.from({ length: THROTTLE_RULES.PASSWORD_RESET.perIp }, () => ({
        door: 'PORTAL' as const,
        kind: 'PASSWORD_RESET' as const,
        email: uniqueEmail('probe'),
        ip,
        success: true,
      })),
    })
    const c = await makeClient()
    expect((await requestPasswordReset(from(ip), { email: c.email }).catch((e) => e)).code).toBe(
      'RATE_LIMITED',
    )
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-reset' } })).toBe(0)
    await requestPasswordReset(from('192.0.2.81'), { email: c.email })
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-reset' } })).toBe(1)
  })

  it('refuses a malformed address on the email field', async () => {
    const error = await requestPasswordReset(anonymousCtx(db, REQUEST), { email: 'nope' }).catch((e) => e)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.field).toBe('email')
  })
})
