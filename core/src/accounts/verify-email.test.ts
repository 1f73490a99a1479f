import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, REQUEST, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { decryptSecret, secretBinding, hashToken } from '../crypto'
import { anonymousCtx } from '../shared'
import { changeEmail } from './change-email'
import { requestPasswordReset } from './request-password-reset'
import { verifyEmail } from './verify-email'

const db = getDb()
const visitor = () => anonymousCtx(db, REQUEST)

/** The token in every link emailed to the user with this template, newest last (read from the encrypted payload). */
async function linkTokens(userId: string, template: 'verify-email' | 'password-reset'): Promise<string[]> {
  const logs = await db.emailLog.findMany({
    where: { userId, template },
    orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
  })
  return logs.map((log) => {
    const props = JSON.parse(
      decryptSecret(log.payloadEnc!, secretBinding('EmailLog.payloadEnc', log.id)),
    ) as Record<string, string>
    return new URL(props.verifyUrl ?? props.resetUrl!).searchParams.get('token')!
  })
}

/** The one link that still works (issuing a new one spends the earlier ones). */
async function liveToken(userId: string, template: 'verify-email' | 'password-reset'): Promise<string> {
  for (const token of await linkTokens(userId, template)) {
    const row = await db.authToken.findUnique({ where: { tokenHash: hashToken(token) } })
    if (row && !row.usedAt) return token
  }
  throw new Error(`no live ${template} token for ${userId}`)
}

describe('verifyEmail', () => {
  it('marks the address verified, spends the token and records who verified it', async () => {
    const c = await makeClient()
    const token = await liveToken(c.userId, 'verify-email')
    const result = await verifyEmail(visitor(), token)
    expect(result).toEqual({ userId: c.userId, email: c.email })
    const user = await db.user.findUniqueOrThrow({ where: { id: c.userId } })
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    const row = await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(row.usedAt).toBeInstanceOf(Date)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.email.verify', targetId: c.userId },
    })
    expect(audit).toMatchObject({
      actorType: 'CLIENT',
      actorId: c.userId,
      clientId: c.clientId,
      ip: REQUEST.ip,
    })
    expect(audit.before).toEqual({ emailVerifiedAt: null })
    expect((audit.after as Record<string, unknown>).email).toBe(c.email)
  })

  it('refuses a link used once already, and changes nothing the second time', async () => {
    const c = await makeClient()
    const token = await liveToken(c.userId, 'verify-email')
    await verifyEmail(visitor(), token)
    const verifiedAt = (await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt
    const error = await verifyEmail(visitor(), token).catch((e) => e)
    expect(error.code).toBe('TOKEN_INVALID')
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toEqual(verifiedAt)
    expect(await db.auditEvent.count({ where: { action: 'user.email.verify', targetId: c.userId } })).toBe(1)
  })

  it('refuses an expired link and leaves the address unverified and the token unspent', async () => {
    const c = await makeClient()
    const token = await liveToken(c.userId, 'verify-email')
    await db.authToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    const error = await verifyEmail(visitor(), token).catch((e) => e)
    expect(error.code).toBe('TOKEN_INVALID')
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    expect(
      (await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).usedAt,
    ).toBeNull()
  })

  it('after an email change, the link sent to the old address no longer verifies anything; the new one verifies the new address', async () => {
    const c = await makeClient()
    const oldToken = await liveToken(c.userId, 'verify-email')
    const newEmail = uniqueEmail('moved')
    await changeEmail(c.ctx, { email: newEmail, currentPassword: TEST_PASSWORD })
    expect((await verifyEmail(visitor(), oldToken).catch((e) => e)).code).toBe('TOKEN_INVALID')
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    const newToken = await liveToken(c.userId, 'verify-email')
    expect(await verifyEmail(visitor(), newToken)).toEqual({ userId: c.userId, email: newEmail })
  })

  it('checks that the token was sent to the address the user has now, even when the token is otherwise unspent', async () => {
    const c = await makeClient()
    const token = await liveToken(c.userId, 'verify-email')
    // An address change that did not go through changeEmail (which would also spend the token).
    await db.user.update({ where: { id: c.userId }, data: { email: uniqueEmail('elsewhere') } })
    expect((await verifyEmail(visitor(), token).catch((e) => e)).code).toBe('TOKEN_INVALID')
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    expect(
      (await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).usedAt,
    ).toBeNull()
  })

  it('refuses a password-reset token, an unknown token, an empty one and an oversized one', async () => {
    const c = await makeClient()
    await requestPasswordReset(visitor(), { email: c.email })
    const resetToken = await liveToken(c.userId, 'password-reset')
    for (const token of [resetToken, 'not-a-token', '', 'x'.repeat(201), undefined as unknown as string]) {
      expect((await verifyEmail(visitor(), token).catch((e) => e)).code).toBe('TOKEN_INVALID')
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    expect(
      (await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(resetToken) } })).usedAt,
    ).toBeNull()
  })

  it('gives exactly one success when the same link is opened several times at once', async () => {
    const c = await makeClient()
    const token = await liveToken(c.userId, 'verify-email')
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => verifyEmail(anonymousCtx(db, REQUEST), token)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused.map((r) => r.reason.code)).toEqual(['TOKEN_INVALID', 'TOKEN_INVALID'])
    expect(await db.auditEvent.count({ where: { action: 'user.email.verify', targetId: c.userId } })).toBe(1)
  })
})
