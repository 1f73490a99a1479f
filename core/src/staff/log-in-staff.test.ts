import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { BUILT_IN_ROLES } from '../access'
import { THROTTLE_RULES } from '../accounts'
import { anonymousCtx } from '../shared'
import { logInStaff } from './log-in-staff'

const db = getDb()
const from = (ip: string) => anonymousCtx(db, { ip, userAgent: 'vitest' })
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the login to fail')
    },
    (e) => e,
  )

describe('logInStaff', () => {
  it(`checks exactly ${THROTTLE_RULES.LOGIN.perEmail} of 200 simultaneous wrong passwords for one member, and refuses the rest unchecked`, async () => {
    const s = await makeStaff('Support')
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        failure(logInStaff(from(`198.19.3.${i}`), { email: s.email, password: `wrong password ${i}` })).then(
          (e) => e.code as string,
        ),
      ),
    )
    expect(answers.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(
      THROTTLE_RULES.LOGIN.perEmail,
    )
    expect(answers.filter((code) => code === 'RATE_LIMITED')).toHaveLength(
      200 - THROTTLE_RULES.LOGIN.perEmail,
    )
    expect(await db.loginAttempt.count({ where: { door: 'ADMIN', email: s.email, success: false } })).toBe(
      THROTTLE_RULES.LOGIN.perEmail,
    )
    expect(
      (await failure(logInStaff(from('198.19.3.250'), { email: s.email, password: TEST_PASSWORD }))).code,
    ).toBe('RATE_LIMITED')
    expect((await db.staff.findUniqueOrThrow({ where: { id: s.staffId } })).lastLoginAt).toBeNull()
  })

  it("returns the member with their role's permissions, and records the attempt, an audit event and the last login", async () => {
    const s = await makeStaff('Billing')
    const principal = await logInStaff(from('198.19.0.1'), {
      email: s.email.toUpperCase(),
      password: TEST_PASSWORD,
    })
    expect(principal).toMatchObject({ id: s.staffId, email: s.email, roleName: 'Billing' })
    expect([...principal.permissions].sort()).toEqual([...BUILT_IN_ROLES.Billing.permissions].sort())
    expect(
      await db.loginAttempt.findMany({
        where: { email: s.email },
        select: { door: true, kind: true, success: true, ip: true },
      }),
    ).toEqual([{ door: 'ADMIN', kind: 'LOGIN', success: true, ip: '198.19.0.1' }])
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: 'staff.login', targetId: s.staffId } }),
    ).toMatchObject({ actorType: 'STAFF', actorId: s.staffId, ip: '198.19.0.1' })
    const row = await db.staff.findUniqueOrThrow({ where: { id: s.staffId } })
    expect(row.lastLoginAt).toBeInstanceOf(Date)
    expect(row.lastLoginIp).toBe('198.19.0.1')
  })

  it("never accepts a client's credentials, and answers them like any other failure", async () => {
    const c = await makeClient()
    const error = await failure(logInStaff(from('198.19.0.2'), { email: c.email, password: TEST_PASSWORD }))
    expect(error.code).toBe('INVALID_CREDENTIALS')
    expect(error.message).toBe('Email or password is incorrect.')
    expect(
      await db.loginAttempt.findMany({ where: { email: c.email }, select: { door: true, success: true } }),
    ).toEqual([{ door: 'ADMIN', success: false }])
  })

  it('refuses a disabled member, a wrong password and an unknown address with the same answer', async () => {
    const disabled = await makeStaff('Super admin')
    await db.staff.update({ where: { id: disabled.staffId }, data: { status: 'DISABLED' } })
    const active = await makeStaff('Support')
    const errors = [
      await failure(logInStaff(from('198.19.0.3'), { email: disabled.email, password: TEST_PASSWORD })),
      await failure(logInStaff(from('198.19.0.3'), { email: active.email, password: 'wrong password' })),
      await failure(
        logInStaff(from('198.19.0.3'), { email: uniqueEmail('nobody'), password: TEST_PASSWORD }),
      ),
    ]
    expect(errors.map((e) => [e.code, e.message])).toEqual(
      Array(3).fill(['INVALID_CREDENTIALS', 'Email or password is incorrect.']),
    )
    expect(
      await db.auditEvent.count({
        where: { action: 'staff.login', targetId: { in: [disabled.staffId, active.staffId] } },
      }),
    ).toBe(0)
    expect((await db.staff.findUniqueOrThrow({ where: { id: disabled.staffId } })).lastLoginAt).toBeNull()
  })

  it(`locks an address after ${THROTTLE_RULES.LOGIN.perEmail} failures, counted apart from the portal`, async () => {
    const s = await makeStaff('Support')
    // Portal failures for the same address do not count at the admin door.
    await db.loginAttempt.createMany({
      data: Array.from({ length: 10 }, () => ({
        door: 'PORTAL' as const,
        kind: 'LOGIN' as const,
        email: s.email,
        ip: '198.19.0.4',
        success: false,
      })),
    })
    for (let i = 0; i < THROTTLE_RULES.LOGIN.perEmail; i++)
      await failure(logInStaff(from('198.19.0.5'), { email: s.email, password: 'wrong password' }))
    expect(
      (await failure(logInStaff(from('198.19.0.6'), { email: s.email, password: TEST_PASSWORD }))).code,
    ).toBe('RATE_LIMITED')
  })
})
