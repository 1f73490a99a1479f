import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import {
  createSession,
  destroyOtherSessions,
  destroySession,
  purgeExpiredSessions,
  readSession,
  SESSION_TTL_MS,
  sessionIdForToken,
  updateSession,
} from './session-store'

const db = getDb()
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

describe('session store', () => {
  it('keeps only the sha256 of the token: the cookie value is nowhere in the row', async () => {
    const c = await makeClient()
    const before = Date.now()
    const token = await createSession(db, {
      door: 'PORTAL',
      userId: c.userId,
      data: { csrf: 'abc' },
      ip: '203.0.113.9',
      userAgent: 'x'.repeat(600),
    })
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = await db.session.findUniqueOrThrow({ where: { id: sha256(token) } })
    expect(sessionIdForToken(token)).toBe(row.id)
    expect(JSON.stringify(row)).not.toContain(token)
    expect(row).toMatchObject({
      door: 'PORTAL',
      userId: c.userId,
      staffId: null,
      data: { csrf: 'abc' },
      ip: '203.0.113.9',
    })
    expect(row.userAgent).toHaveLength(500)
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_TTL_MS.PORTAL)
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + SESSION_TTL_MS.PORTAL)
  })

  it('reads a session only at its own door, and only with the token (not with the stored id)', async () => {
    const c = await makeClient()
    const s = await makeStaff('Support')
    const portal = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const admin = await createSession(db, { door: 'ADMIN', staffId: s.staffId })
    expect(await readSession(db, 'PORTAL', portal)).toMatchObject({
      id: sha256(portal),
      door: 'PORTAL',
      userId: c.userId,
      staffId: null,
      data: {},
    })
    expect(await readSession(db, 'ADMIN', admin)).toMatchObject({
      door: 'ADMIN',
      staffId: s.staffId,
      userId: null,
    })
    expect(await readSession(db, 'ADMIN', portal)).toBeNull()
    expect(await readSession(db, 'PORTAL', admin)).toBeNull()
    expect(await readSession(db, 'PORTAL', sha256(portal))).toBeNull()
    expect(await readSession(db, 'PORTAL', '')).toBeNull()
    expect(await readSession(db, 'PORTAL', 'unknown')).toBeNull()
    // A wrong-door read does not end the session.
    expect(await db.session.count({ where: { id: { in: [sha256(portal), sha256(admin)] } } })).toBe(2)
  })

  it('refuses an expired session and deletes it', async () => {
    const c = await makeClient()
    const token = await createSession(db, {
      door: 'PORTAL',
      userId: c.userId,
      expiresAt: new Date(Date.now() - 1000),
    })
    expect(await readSession(db, 'PORTAL', token)).toBeNull()
    expect(await db.session.findUnique({ where: { id: sha256(token) } })).toBeNull()
  })

  it('touches lastSeenAt when it is more than a minute old, not on every read', async () => {
    const c = await makeClient()
    const token = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const created = (await db.session.findUniqueOrThrow({ where: { id: sha256(token) } })).lastSeenAt
    await readSession(db, 'PORTAL', token)
    expect((await db.session.findUniqueOrThrow({ where: { id: sha256(token) } })).lastSeenAt).toEqual(created)
    const old = new Date(Date.now() - 5 * 60_000)
    await db.session.update({ where: { id: sha256(token) }, data: { lastSeenAt: old } })
    await readSession(db, 'PORTAL', token)
    expect(
      (await db.session.findUniqueOrThrow({ where: { id: sha256(token) } })).lastSeenAt.getTime(),
    ).toBeGreaterThan(old.getTime() + 60_000)
  })

  it('updates the data and expiry of a session, and destroys one session', async () => {
    const c = await makeClient()
    const token = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const other = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const expiresAt = new Date(Date.now() + 3600_000)
    await updateSession(db, token, { flash: 'Saved' }, expiresAt)
    expect(await readSession(db, 'PORTAL', token)).toMatchObject({ data: { flash: 'Saved' }, expiresAt })
    await destroySession(db, token)
    expect(await readSession(db, 'PORTAL', token)).toBeNull()
    expect(await readSession(db, 'PORTAL', other)).not.toBeNull()
  })

  it("destroyOtherSessions ends an owner's sessions except the one given, and nobody else's", async () => {
    const c = await makeClient()
    const other = await makeClient()
    const s = await makeStaff('Support')
    const keep = await createSession(db, { door: 'PORTAL', userId: c.userId })
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    const othersToken = await createSession(db, { door: 'PORTAL', userId: other.userId })
    const staffToken = await createSession(db, { door: 'ADMIN', staffId: s.staffId })
    expect(await destroyOtherSessions(db, { userId: c.userId }, sessionIdForToken(keep))).toBe(2)
    expect((await db.session.findMany({ where: { userId: c.userId } })).map((r) => r.id)).toEqual([
      sha256(keep),
    ])
    expect(await destroyOtherSessions(db, {})).toBe(0)
    expect(await db.session.count({ where: { id: { in: [sha256(othersToken), sha256(staffToken)] } } })).toBe(
      2,
    )
    expect(await destroyOtherSessions(db, { staffId: s.staffId })).toBe(1)
    expect(await destroyOtherSessions(db, { userId: c.userId })).toBe(1)
  })

  it('purgeExpiredSessions deletes expired sessions only', async () => {
    const c = await makeClient()
    const live = await createSession(db, { door: 'PORTAL', userId: c.userId })
    await createSession(db, { door: 'PORTAL', userId: c.userId, expiresAt: new Date(Date.now() - 60_000) })
    await createSession(db, { door: 'PORTAL', userId: c.userId, expiresAt: new Date(Date.now() - 1) })
    expect(await purgeExpiredSessions(db)).toBe(2)
    expect((await db.session.findMany({ where: { userId: c.userId } })).map((r) => r.id)).toEqual([
      sha256(live),
    ])
    expect(await purgeExpiredSessions(db)).toBe(0)
  })

  it('the database refuses a session whose owner does not match its door', async () => {
    const c = await makeClient()
    const s = await makeStaff('Support')
    await expect(createSession(db, { door: 'ADMIN', userId: c.userId })).rejects.toThrow(
      /Session_owner_matches_door/,
    )
    await expect(createSession(db, { door: 'PORTAL', staffId: s.staffId })).rejects.toThrow(
      /Session_owner_matches_door/,
    )
  })
})
