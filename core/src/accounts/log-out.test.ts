import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, REQUEST } from '@berth/tests/support/factories'
import { createSession, sessionIdForToken } from '../sessions'
import { anonymousCtx } from '../shared'
import { logOut } from './log-out'

const db = getDb()

describe('logOut', () => {
  it("ends a client's session, only that one, and records it", async () => {
    const c = await makeClient()
    const token = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const other = await createSession(db, { door: 'PORTAL', userId: c.userId })
    await logOut(c.ctx, token)
    expect(await db.session.findUnique({ where: { id: sessionIdForToken(token) } })).toBeNull()
    expect(await db.session.findUnique({ where: { id: sessionIdForToken(other) } })).not.toBeNull()
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.logout', targetId: c.userId },
    })
    expect(audit).toMatchObject({
      actorType: 'CLIENT',
      actorId: c.userId,
      clientId: c.clientId,
      ip: REQUEST.ip,
    })
  })

  it("ends a staff member's admin session and records it", async () => {
    const s = await makeStaff('Support')
    const token = await createSession(db, { door: 'ADMIN', staffId: s.staffId })
    await logOut(s.ctx, token)
    expect(await db.session.count({ where: { staffId: s.staffId } })).toBe(0)
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: 'staff.logout', targetId: s.staffId } }),
    ).toMatchObject({ actorType: 'STAFF', actorId: s.staffId })
  })

  it('ends the session of an anonymous caller (an expired login) without an audit event, and ignores unknown tokens', async () => {
    const c = await makeClient()
    const token = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const events = await db.auditEvent.count()
    await logOut(anonymousCtx(db, REQUEST), token)
    await logOut(anonymousCtx(db, REQUEST), 'unknown-token')
    expect(await db.session.count({ where: { userId: c.userId } })).toBe(0)
    expect(await db.auditEvent.count()).toBe(events)
  })
})
