import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, TEST_PASSWORD, tableCounts } from '@berth/tests/support/factories'
import { verifyPassword } from '../crypto'
import { createSession, sessionIdForToken } from '../sessions'
import { changePassword } from './change-password'

const db = getDb()
const NEW_PASSWORD = 'an entirely new passphrase'

describe('changePassword', () => {
  it('changes the password and ends every other session of the login, keeping the current one', async () => {
    const c = await makeClient()
    const current = await createSession(db, { door: 'PORTAL', userId: c.userId })
    const elsewhere = [
      await createSession(db, { door: 'PORTAL', userId: c.userId }),
      await createSession(db, { door: 'PORTAL', userId: c.userId }),
    ]
    const other = await makeClient()
    const othersSession = await createSession(db, { door: 'PORTAL', userId: other.userId })

    const result = await changePassword(
      c.ctx,
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      sessionIdForToken(current),
    )
    expect(result).toEqual({ sessionsEnded: 2 })

    const hash = (await db.user.findUniqueOrThrow({ where: { id: c.userId } })).passwordHash
    expect(await verifyPassword(hash, NEW_PASSWORD)).toBe(true)
    expect(await verifyPassword(hash, TEST_PASSWORD)).toBe(false)
    const left = await db.session.findMany({
      where: { userId: { in: [c.userId, other.userId] } },
      select: { id: true },
    })
    expect(left.map((s) => s.id).sort()).toEqual(
      [sessionIdForToken(current), sessionIdForToken(othersSession)].sort(),
    )
    for (const t of elsewhere)
      expect(await db.session.findUnique({ where: { id: sessionIdForToken(t) } })).toBeNull()

    const notice = await db.emailLog.findFirstOrThrow({
      where: { userId: c.userId, template: 'password-changed' },
    })
    expect(notice).toMatchObject({ toAddress: c.email, props: { firstName: 'Test', viaReset: false } })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.password.change', targetId: c.userId },
    })
    expect(audit).toMatchObject({
      actorType: 'CLIENT',
      actorId: c.userId,
      clientId: c.clientId,
      after: { passwordChanged: true, sessionsEnded: 2 },
    })
  })

  it('refuses a wrong current password on the currentPassword field and writes nothing', async () => {
    const c = await makeClient()
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    const hash = (await db.user.findUniqueOrThrow({ where: { id: c.userId } })).passwordHash
    const before = await tableCounts()
    const error = await changePassword(
      c.ctx,
      { currentPassword: 'not the password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      undefined,
    ).catch((e) => e)
    expect(error.code).toBe('WRONG_PASSWORD')
    expect(error.field).toBe('currentPassword')
    expect(await tableCounts()).toEqual(before)
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).passwordHash).toBe(hash)
  })

  it('names a mismatched confirmation and a short new password, and writes nothing', async () => {
    const c = await makeClient()
    const before = await tableCounts()
    const mismatch = await changePassword(
      c.ctx,
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: 'different' },
      undefined,
    ).catch((e) => e)
    expect(mismatch.fieldErrors()).toEqual({ confirmPassword: 'The passwords do not match' })
    const short = await changePassword(
      c.ctx,
      { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' },
      undefined,
    ).catch((e) => e)
    expect(Object.keys(short.fieldErrors())).toEqual(['newPassword'])
    expect(await tableCounts()).toEqual(before)
  })

  it('is only for a logged-in client', async () => {
    const staff = await makeStaff('Super admin')
    const error = await changePassword(
      staff.ctx,
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      undefined,
    ).catch((e) => e)
    expect(error.code).toBe('UNAUTHENTICATED')
  })
})
