import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, REQUEST, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { decryptSecret, secretBinding, verifyPassword, hashToken } from '../crypto'
import { createSession } from '../sessions'
import { anonymousCtx } from '../shared'
import { requestPasswordReset } from './request-password-reset'
import { isResetTokenUsable, resetPassword } from './reset-password'

const db = getDb()
const visitor = () => anonymousCtx(db, REQUEST)
const NEW_PASSWORD = 'a brand new passphrase'

async function linkToken(userId: string, template: 'verify-email' | 'password-reset'): Promise<string> {
  const log = await db.emailLog.findFirstOrThrow({
    where: { userId, template },
    orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
  })
  const props = JSON.parse(
    decryptSecret(log.payloadEnc!, secretBinding('EmailLog.payloadEnc', log.id)),
  ) as Record<string, string>
  return new URL(props.resetUrl ?? props.verifyUrl!).searchParams.get('token')!
}

/** A client who asked for a reset link, and the link's token. */
async function clientWithResetLink() {
  const c = await makeClient()
  await requestPasswordReset(visitor(), { email: c.email })
  return { ...c, token: await linkToken(c.userId, 'password-reset') }
}

async function passwordHash(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash
}

describe('resetPassword', () => {
  it('sets the new password, ends every session, marks the address verified and tells the client', async () => {
    const c = await clientWithResetLink()
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    const other = await makeClient()
    await createSession(db, { door: 'PORTAL', userId: other.userId })
    expect(await isResetTokenUsable(visitor(), c.token)).toBe(true)

    await expect(
      resetPassword(visitor(), { token: c.token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).resolves.toEqual({ userId: c.userId })

    const user = await db.user.findUniqueOrThrow({ where: { id: c.userId } })
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true)
    expect(await verifyPassword(user.passwordHash, TEST_PASSWORD)).toBe(false)
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    expect(await db.session.count({ where: { userId: c.userId } })).toBe(0)
    expect(await db.session.count({ where: { userId: other.userId } })).toBe(1)
    const notice = await db.emailLog.findFirstOrThrow({
      where: { userId: c.userId, template: 'password-changed' },
    })
    expect(notice).toMatchObject({ toAddress: c.email, status: 'QUEUED' })
    expect(notice.props).toEqual({ firstName: 'Test', viaReset: true })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.password.reset', targetId: c.userId },
    })
    expect(audit).toMatchObject({ actorType: 'CLIENT', actorId: c.userId, clientId: c.clientId })
    expect(audit.after).toEqual({ passwordChanged: true, sessionsEnded: 2 })
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(user.passwordHash)
    expect(await isResetTokenUsable(visitor(), c.token)).toBe(false)
  })

  it('keeps the date an address was verified on', async () => {
    const c = await clientWithResetLink()
    const verifiedAt = new Date('2026-01-02T03:04:05.000Z')
    await db.user.update({ where: { id: c.userId }, data: { emailVerifiedAt: verifiedAt } })
    await resetPassword(visitor(), { token: c.token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toEqual(verifiedAt)
  })

  it('works once: the second use is refused on the token field and changes nothing', async () => {
    const c = await clientWithResetLink()
    await resetPassword(visitor(), { token: c.token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    const hash = await passwordHash(c.userId)
    const error = await resetPassword(visitor(), {
      token: c.token,
      password: 'yet another passphrase',
      confirmPassword: 'yet another passphrase',
    }).catch((e) => e)
    expect(error.code).toBe('TOKEN_INVALID')
    expect(error.field).toBe('token')
    expect(await passwordHash(c.userId)).toBe(hash)
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-changed' } })).toBe(1)
  })

  it('refuses an expired link', async () => {
    const c = await clientWithResetLink()
    await db.authToken.update({
      where: { tokenHash: hashToken(c.token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    })
    const hash = await passwordHash(c.userId)
    expect(await isResetTokenUsable(visitor(), c.token)).toBe(false)
    expect(
      (
        await resetPassword(visitor(), {
          token: c.token,
          password: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }).catch((e) => e)
      ).code,
    ).toBe('TOKEN_INVALID')
    expect(await passwordHash(c.userId)).toBe(hash)
  })

  it('refuses an email verification token, and an unknown one', async () => {
    const c = await makeClient()
    const verifyToken = await linkToken(c.userId, 'verify-email')
    const hash = await passwordHash(c.userId)
    for (const token of [verifyToken, 'made-up-token']) {
      expect(await isResetTokenUsable(visitor(), token)).toBe(false)
      expect(
        (
          await resetPassword(visitor(), {
            token,
            password: NEW_PASSWORD,
            confirmPassword: NEW_PASSWORD,
          }).catch((e) => e)
        ).code,
      ).toBe('TOKEN_INVALID')
    }
    expect(await passwordHash(c.userId)).toBe(hash)
    // The verification token was not spent by the failed attempt.
    expect(
      (await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(verifyToken) } })).usedAt,
    ).toBeNull()
    expect(await isResetTokenUsable(visitor(), '')).toBe(false)
  })

  it('refuses a link sent to an address the login no longer has', async () => {
    const c = await clientWithResetLink()
    await db.user.update({ where: { id: c.userId }, data: { email: uniqueEmail('moved') } })
    const hash = await passwordHash(c.userId)
    expect(
      (
        await resetPassword(visitor(), {
          token: c.token,
          password: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }).catch((e) => e)
      ).code,
    ).toBe('TOKEN_INVALID')
    expect(await passwordHash(c.userId)).toBe(hash)
  })

  it('names mismatched or short passwords and leaves the link usable', async () => {
    const c = await clientWithResetLink()
    const mismatch = await resetPassword(visitor(), {
      token: c.token,
      password: NEW_PASSWORD,
      confirmPassword: 'something else',
    }).catch((e) => e)
    expect(mismatch.code).toBe('VALIDATION_FAILED')
    expect(mismatch.fieldErrors()).toEqual({ confirmPassword: 'The passwords do not match' })
    const short = await resetPassword(visitor(), {
      token: c.token,
      password: 'short',
      confirmPassword: 'short',
    }).catch((e) => e)
    expect(Object.keys(short.fieldErrors())).toEqual(['password'])
    expect(await isResetTokenUsable(visitor(), c.token)).toBe(true)
  })

  it('gives exactly one success when the link is used several times at once', async () => {
    const c = await clientWithResetLink()
    const passwords = ['first concurrent password', 'second concurrent password', 'third concurrent password']
    const results = await Promise.allSettled(
      passwords.map((p) =>
        resetPassword(anonymousCtx(db, REQUEST), { token: c.token, password: p, confirmPassword: p }),
      ),
    )
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [passwords[i]!] : []))
    expect(won).toHaveLength(1)
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code),
    ).toEqual(['TOKEN_INVALID', 'TOKEN_INVALID'])
    expect(await verifyPassword(await passwordHash(c.userId), won[0]!)).toBe(true)
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-changed' } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'user.password.reset', targetId: c.userId } })).toBe(
      1,
    )
  })
})
