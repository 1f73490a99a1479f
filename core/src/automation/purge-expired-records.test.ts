import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, uniqueEmail } from '@berth/tests/support/factories'
import { generateToken, hashToken } from '../crypto'
import { createSession } from '../sessions'
import { purgeExpiredRecords } from './purge-expired-records'

const db = getDb()
const DAY = 86400_000
const ago = (ms: number) => new Date(Date.now() - ms)

describe('purgeExpiredRecords', () => {
  it('deletes expired sessions, expired or long-spent tokens and login attempts older than 90 days, and nothing else', async () => {
    const c = await makeClient()
    const liveSession = await createSession(db, { door: 'PORTAL', userId: c.userId })
    await createSession(db, { door: 'PORTAL', userId: c.userId, expiresAt: ago(1000) })
    const token = (over: { expiresAt: Date; usedAt?: Date }) =>
      db.authToken.create({
        data: {
          purpose: 'PASSWORD_RESET',
          tokenHash: hashToken(generateToken()),
          userId: c.userId,
          email: c.email,
          ...over,
        },
      })
    await token({ expiresAt: ago(1000) })
    await token({ expiresAt: new Date(Date.now() + DAY), usedAt: ago(8 * DAY) })
    const recentlyUsed = await token({ expiresAt: new Date(Date.now() + DAY), usedAt: ago(DAY) })
    const unused = await token({ expiresAt: new Date(Date.now() + DAY) })
    const email = uniqueEmail('attempts')
    await db.loginAttempt.createMany({
      data: [
        {
          door: 'PORTAL',
          kind: 'LOGIN',
          email,
          ip: '198.51.100.9',
          success: false,
          createdAt: ago(91 * DAY),
        },
        {
          door: 'PORTAL',
          kind: 'LOGIN',
          email,
          ip: '198.51.100.9',
          success: false,
          createdAt: ago(89 * DAY),
        },
      ],
    })
    // The verification token issued at registration is unused and unexpired: it stays too.
    const tokensBefore = await db.authToken.count()

    expect(await purgeExpiredRecords(db)).toEqual({
      sessions: 1,
      tokens: 2,
      loginAttempts: 1,
      rejectedWebhooks: 0,
      expiredPackageChanges: 0,
    })

    expect((await db.session.findMany({ where: { userId: c.userId } })).map((s) => s.id)).toEqual([
      hashToken(liveSession),
    ])
    expect(await db.authToken.count()).toBe(tokensBefore - 2)
    expect(await db.authToken.count({ where: { id: { in: [recentlyUsed.id, unused.id] } } })).toBe(2)
    expect(await db.loginAttempt.count({ where: { email } })).toBe(1)
    expect(await purgeExpiredRecords(db)).toEqual({
      sessions: 0,
      tokens: 0,
      loginAttempts: 0,
      rejectedWebhooks: 0,
      expiredPackageChanges: 0,
    })
  })
})
