import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { anonymousCtx } from '../shared'
import { logInUser } from './log-in-user'
import { THROTTLE_RULES } from './throttle'

const db = getDb()
// Each test uses an IP of its own so the per-IP count of one test does not reach another.
const from = (ip: string) => anonymousCtx(db, { ip, userAgent: 'vitest' })
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the login to fail')
    },
    (e) => e,
  )

describe('logInUser', () => {
  it('returns the user, records a successful attempt, an audit event and the last login', async () => {
    const c = await makeClient()
    const user = await logInUser(from('192.0.2.1'), {
      email: `  ${c.email.toUpperCase()} `,
      password: TEST_PASSWORD,
    })
    expect(user).toMatchObject({
      userId: c.userId,
      clientId: c.clientId,
      email: c.email,
      firstName: 'Test',
      lastName: 'Client',
    })
    const attempts = await db.loginAttempt.findMany({ where: { email: c.email } })
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ door: 'PORTAL', kind: 'LOGIN', ip: '192.0.2.1', success: true })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.login', targetId: c.userId },
    })
    expect(audit).toMatchObject({
      actorType: 'CLIENT',
      actorId: c.userId,
      clientId: c.clientId,
      ip: '192.0.2.1',
    })
    const row = await db.user.findUniqueOrThrow({ where: { id: c.userId } })
    expect(row.lastLoginAt).toBeInstanceOf(Date)
    expect(row.lastLoginIp).toBe('192.0.2.1')
  })

  it('gives the same INVALID_CREDENTIALS answer for a wrong password, an unknown email, a disabled login and a closed client', async () => {
    const wrong = await makeClient()
    const disabled = await makeClient()
    await db.user.update({ where: { id: disabled.userId }, data: { status: 'DISABLED' } })
    const closed = await makeClient()
    await db.client.update({ where: { id: closed.clientId }, data: { status: 'CLOSED' } })
    const attemptsFor = [
      { email: wrong.email, password: 'not the password' },
      { email: uniqueEmail('nobody'), password: TEST_PASSWORD },
      { email: disabled.email, password: TEST_PASSWORD },
      { email: closed.email, password: TEST_PASSWORD },
    ]
    const errors = []
    for (const input of attemptsFor) errors.push(await failure(logInUser(from('192.0.2.2'), input)))
    for (const e of errors) {
      expect(e.code).toBe('INVALID_CREDENTIALS')
      expect(e.message).toBe('Email or password is incorrect.')
      expect(e.field).toBeUndefined()
    }
    for (const input of attemptsFor) {
      expect(
        await db.loginAttempt.findMany({
          where: { email: input.email },
          select: { success: true, ip: true },
        }),
      ).toEqual([{ success: false, ip: '192.0.2.2' }])
    }
    expect(
      await db.auditEvent.count({
        where: { action: 'user.login', targetId: { in: [wrong.userId, disabled.userId, closed.userId] } },
      }),
    ).toBe(0)
    for (const c of [wrong, disabled, closed])
      expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).lastLoginAt).toBeNull()
  })

  it('refuses staff credentials at the portal', async () => {
    const staff = await makeStaff('Super admin')
    expect(
      (await failure(logInUser(from('192.0.2.3'), { email: staff.email, password: staff.password }))).code,
    ).toBe('INVALID_CREDENTIALS')
  })

  it(`locks an address after ${THROTTLE_RULES.LOGIN.perEmail} failures, even for the right password, without recording more attempts`, async () => {
    const c = await makeClient()
    for (let i = 0; i < THROTTLE_RULES.LOGIN.perEmail; i++) {
      expect(
        (await failure(logInUser(from(`192.0.2.${10 + i}`), { email: c.email, password: 'wrong password' })))
          .code,
      ).toBe('INVALID_CREDENTIALS')
    }
    const error = await failure(logInUser(from('192.0.2.20'), { email: c.email, password: TEST_PASSWORD }))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.retryAfterSeconds).toBe(15 * 60)
    expect(await db.loginAttempt.count({ where: { email: c.email } })).toBe(THROTTLE_RULES.LOGIN.perEmail)
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).lastLoginAt).toBeNull()
    // Once the failures are older than the window, the right password works again.
    await db.loginAttempt.updateMany({
      where: { email: c.email },
      data: { createdAt: new Date(Date.now() - 16 * 60_000) },
    })
    await expect(
      logInUser(from('192.0.2.20'), { email: c.email, password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ userId: c.userId })
  })

  it('counts only the failures since the last success', async () => {
    const c = await makeClient()
    const ip = from('192.0.2.30')
    const fail = async (n: number) => {
      for (let i = 0; i < n; i++)
        expect((await failure(logInUser(ip, { email: c.email, password: 'wrong password' }))).code).toBe(
          'INVALID_CREDENTIALS',
        )
    }
    await fail(THROTTLE_RULES.LOGIN.perEmail - 1)
    await logInUser(ip, { email: c.email, password: TEST_PASSWORD })
    await fail(THROTTLE_RULES.LOGIN.perEmail - 1)
    await logInUser(ip, { email: c.email, password: TEST_PASSWORD })
    await fail(THROTTLE_RULES.LOGIN.perEmail)
    expect((await failure(logInUser(ip, { email: c.email, password: TEST_PASSWORD }))).code).toBe(
      'RATE_LIMITED',
    )
  })

  it(`limits one IP to ${THROTTLE_RULES.LOGIN.perIp} failures across addresses, and only that IP`, async () => {
    const ip = '192.0.2.40'
    // Two real failures, the rest as rows (each real attempt costs an argon2 verification).
    for (let i = 0; i < 2; i++)
      await failure(logInUser(from(ip), { email: uniqueEmail('probe'), password: 'guess' }))
    await db.loginAttempt.createMany({
      data: Array.from({ length: THROTTLE_RULES.LOGIN.perIp - 3 }, () => ({
        door: 'PORTAL' as const,
        kind: 'LOGIN' as const,
        email: uniqueEmail('probe'),
        ip,
        success: false,
      })),
    })
    // Successes from the IP and failures at the admin door do not count.
    await db.loginAttempt.createMany({
      data: [
        { door: 'PORTAL', kind: 'LOGIN', email: uniqueEmail('ok'), ip, success: true },
        { door: 'ADMIN', kind: 'LOGIN', email: uniqueEmail('staff'), ip, success: false },
      ],
    })
    const c = await makeClient()
    await expect(logInUser(from(ip), { email: c.email, password: TEST_PASSWORD })).resolves.toMatchObject({
      userId: c.userId,
    })
    await failure(logInUser(from(ip), { email: uniqueEmail('probe'), password: 'guess' }))
    expect((await failure(logInUser(from(ip), { email: c.email, password: TEST_PASSWORD }))).code).toBe(
      'RATE_LIMITED',
    )
    await expect(
      logInUser(from('192.0.2.41'), { email: c.email, password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ userId: c.userId })
  })

  it(`checks exactly ${THROTTLE_RULES.LOGIN.perEmail} of 200 simultaneous wrong passwords for one account, and refuses the rest unchecked`, async () => {
    const c = await makeClient()
    // From 200 addresses, so only the account's count can hold them.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        failure(logInUser(from(`192.0.3.${i}`), { email: c.email, password: `wrong password ${i}` })).then(
          (e) => e.code as string,
        ),
      ),
    )
    // Only a claimed attempt reaches the password check, and each claimed attempt is a row.
    expect(answers.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(
      THROTTLE_RULES.LOGIN.perEmail,
    )
    expect(answers.filter((code) => code === 'RATE_LIMITED')).toHaveLength(
      200 - THROTTLE_RULES.LOGIN.perEmail,
    )
    expect(await db.loginAttempt.findMany({ where: { email: c.email }, select: { success: true } })).toEqual(
      Array.from({ length: THROTTLE_RULES.LOGIN.perEmail }, () => ({ success: false })),
    )
    // The right password is refused too, until the window passes.
    expect(
      (await failure(logInUser(from('192.0.3.250'), { email: c.email, password: TEST_PASSWORD }))).code,
    ).toBe('RATE_LIMITED')
  })

  it(`checks exactly ${THROTTLE_RULES.LOGIN.perIp} of 200 simultaneous guesses from one IP across accounts`, async () => {
    const ip = '192.0.2.60'
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        failure(logInUser(from(ip), { email: uniqueEmail('spray'), password: 'guess guess' })).then(
          (e) => e.code as string,
        ),
      ),
    )
    expect(answers.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(THROTTLE_RULES.LOGIN.perIp)
    expect(answers.filter((code) => code === 'RATE_LIMITED')).toHaveLength(200 - THROTTLE_RULES.LOGIN.perIp)
    expect(await db.loginAttempt.count({ where: { ip } })).toBe(THROTTLE_RULES.LOGIN.perIp)
  })

  it('names the fields of an incomplete form and records nothing', async () => {
    const error = await failure(logInUser(from('192.0.2.50'), { email: 'not-an-email', password: '' }))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(error.fieldErrors()).sort()).toEqual(['email', 'password'])
    expect(await db.loginAttempt.count({ where: { ip: '192.0.2.50' } })).toBe(0)
  })
})
