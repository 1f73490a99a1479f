import { afterAll, describe, expect, it } from 'vitest'
import { createPrismaClient, getDb, type AttemptKind, type Door } from '@berth/prisma'
import { makeClient, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { anonymousCtx } from '../shared'
import { changeEmail } from './change-email'
import { changePassword } from './change-password'
import { requestPasswordReset } from './request-password-reset'
import { claimAttempt, markAttemptSucceeded, THROTTLE_RULES } from './throttle'

const db = getDb()
const from = (ip: string | null) => anonymousCtx(db, { ip, userAgent: null })
// Four more clients stand for four more processes: what holds across them is the database lock.
const processes = [
  db,
  ...Array.from({ length: 4 }, () => createPrismaClient(process.env.DATABASE_URL!, { max: 5 })),
]
const fromProcess = (i: number, ip: string) =>
  anonymousCtx(processes[i % processes.length]!, { ip, userAgent: null })
afterAll(() => Promise.all(processes.slice(1).map((p) => p.$disconnect())))
const refused = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code: string }) => e.code,
  )

async function attempts(
  n: number,
  row: { door: Door; kind: AttemptKind; email?: string; ip: string; success: boolean; minutesAgo?: number },
) {
  await db.loginAttempt.createMany({
    data: Array.from({ length: n }, () => ({
      door: row.door,
      kind: row.kind,
      email: row.email ?? uniqueEmail('probe'),
      ip: row.ip,
      success: row.success,
      createdAt: new Date(Date.now() - (row.minutesAgo ?? 0) * 60_000),
    })),
  })
}

/** Claims `n` attempts at once and says how many got through and how many were refused. */
async function burst(n: number, claim: (i: number) => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => claim(i)))
  const reasons = results.flatMap((r) =>
    r.status === 'rejected' ? [(r.reason as { code?: string }).code ?? String(r.reason)] : [],
  )
  return {
    claimed: results.filter((r) => r.status === 'fulfilled').length,
    refusedAs: [...new Set(reasons)],
    refused: reasons.length,
  }
}

describe('throttle', () => {
  it('records a claimed attempt as not successful yet, with the door, kind, address and IP ("unknown" when there is none)', async () => {
    const email = uniqueEmail()
    const login = await claimAttempt(from('198.18.0.1'), 'ADMIN', 'LOGIN', email)
    await claimAttempt(from(null), 'PORTAL', 'PASSWORD_RESET', email)
    const rows = () =>
      db.loginAttempt.findMany({
        where: { email },
        orderBy: { id: 'asc' },
        select: { door: true, kind: true, ip: true, success: true },
      })
    expect(await rows()).toEqual([
      { door: 'ADMIN', kind: 'LOGIN', ip: '198.18.0.1', success: false },
      { door: 'PORTAL', kind: 'PASSWORD_RESET', ip: 'unknown', success: false },
    ])
    await markAttemptSucceeded(from('198.18.0.1'), login)
    expect((await rows()).map((r) => r.success)).toEqual([true, false])
  })

  it('counts login failures per address within the window, per door, and records nothing when it refuses', async () => {
    const email = uniqueEmail()
    const ctx = from('198.18.0.2')
    await attempts(THROTTLE_RULES.LOGIN.perEmail - 1, {
      door: 'PORTAL',
      kind: 'LOGIN',
      email,
      ip: '198.18.1.1',
      success: false,
    })
    await attempts(3, {
      door: 'PORTAL',
      kind: 'LOGIN',
      email,
      ip: '198.18.1.1',
      success: false,
      minutesAgo: 16,
    })
    expect(await refused(claimAttempt(ctx, 'PORTAL', 'LOGIN', email))).toBeNull()
    const error = await claimAttempt(ctx, 'PORTAL', 'LOGIN', email).catch((e) => e)
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.retryAfterSeconds).toBe(900)
    expect(error.message).toBe('Too many attempts. Please wait 15 minutes and try again.')
    expect(await db.loginAttempt.count({ where: { email } })).toBe(THROTTLE_RULES.LOGIN.perEmail + 3)
    // The admin door and the reset requests of the same address are counted apart.
    expect(await refused(claimAttempt(ctx, 'ADMIN', 'LOGIN', email))).toBeNull()
    expect(await refused(claimAttempt(ctx, 'PORTAL', 'PASSWORD_RESET', email))).toBeNull()
  })

  it('counts successful reset requests, not only failures', async () => {
    const email = uniqueEmail()
    await attempts(THROTTLE_RULES.PASSWORD_RESET.perEmail, {
      door: 'PORTAL',
      kind: 'PASSWORD_RESET',
      email,
      ip: '198.18.2.1',
      success: true,
    })
    expect(await refused(claimAttempt(from('198.18.0.3'), 'PORTAL', 'PASSWORD_RESET', email))).toBe(
      'RATE_LIMITED',
    )
  })

  it('does not count successful logins from an IP against it', async () => {
    const ip = '198.18.0.4'
    await attempts(THROTTLE_RULES.LOGIN.perIp + 5, { door: 'PORTAL', kind: 'LOGIN', ip, success: true })
    await attempts(THROTTLE_RULES.LOGIN.perIp - 1, { door: 'PORTAL', kind: 'LOGIN', ip, success: false })
    expect(await refused(claimAttempt(from(ip), 'PORTAL', 'LOGIN', uniqueEmail()))).toBeNull()
    expect(await refused(claimAttempt(from(ip), 'PORTAL', 'LOGIN', uniqueEmail()))).toBe('RATE_LIMITED')
  })

  it('a success resets the count of its address', async () => {
    const email = uniqueEmail()
    const ctx = from('198.18.0.5')
    const claims = []
    for (let i = 0; i < THROTTLE_RULES.LOGIN.perEmail; i++)
      claims.push(await claimAttempt(ctx, 'PORTAL', 'LOGIN', email))
    expect(await refused(claimAttempt(ctx, 'PORTAL', 'LOGIN', email))).toBe('RATE_LIMITED')
    await markAttemptSucceeded(ctx, claims.at(-1)!)
    expect(await refused(claimAttempt(ctx, 'PORTAL', 'LOGIN', email))).toBeNull()
  })

  it(`lets exactly ${THROTTLE_RULES.LOGIN.perEmail} of 200 simultaneous claims on one address through, across processes`, async () => {
    const email = uniqueEmail()
    // Each claim from an IP of its own: only the address's count can stop them.
    const result = await burst(200, (i) =>
      claimAttempt(fromProcess(i, `198.18.3.${i}`), 'PORTAL', 'LOGIN', email),
    )
    expect(result).toEqual({
      claimed: THROTTLE_RULES.LOGIN.perEmail,
      refused: 200 - THROTTLE_RULES.LOGIN.perEmail,
      refusedAs: ['RATE_LIMITED'],
    })
    expect(await db.loginAttempt.count({ where: { email } })).toBe(THROTTLE_RULES.LOGIN.perEmail)
  })

  it(`lets exactly ${THROTTLE_RULES.LOGIN.perIp} of 200 simultaneous claims from one IP on different addresses through, across processes`, async () => {
    const ip = '198.18.0.6'
    const result = await burst(200, (i) =>
      claimAttempt(fromProcess(i, ip), 'PORTAL', 'LOGIN', uniqueEmail('spray')),
    )
    expect(result).toEqual({
      claimed: THROTTLE_RULES.LOGIN.perIp,
      refused: 200 - THROTTLE_RULES.LOGIN.perIp,
      refusedAs: ['RATE_LIMITED'],
    })
    expect(await db.loginAttempt.count({ where: { ip } })).toBe(THROTTLE_RULES.LOGIN.perIp)
  })

  it.each(['REGISTRATION', 'CHECKOUT', 'PROMO_CODE'] as const)(
    'counts %s per IP only, whatever the address',
    async (kind) => {
      const ip = `198.18.4.${['REGISTRATION', 'CHECKOUT', 'PROMO_CODE'].indexOf(kind)}`
      const rule = THROTTLE_RULES[kind]
      expect(rule.perEmail).toBeNull()
      const result = await burst(rule.perIp + 10, () => claimAttempt(from(ip), 'PORTAL', kind, uniqueEmail()))
      expect(result).toEqual({ claimed: rule.perIp, refused: 10, refusedAs: ['RATE_LIMITED'] })
      expect(await refused(claimAttempt(from('198.18.4.99'), 'PORTAL', kind, uniqueEmail()))).toBeNull()
    },
  )

  it('counts only the wrong promotion codes (failures) of an IP, every registration and checkout', async () => {
    const ip = '198.18.0.7'
    for (const kind of ['PROMO_CODE', 'REGISTRATION'] as const) {
      await attempts(THROTTLE_RULES[kind].perIp, { door: 'PORTAL', kind, ip, success: true })
    }
    expect(await refused(claimAttempt(from(ip), 'PORTAL', 'PROMO_CODE', ''))).toBeNull()
    expect(await refused(claimAttempt(from(ip), 'PORTAL', 'REGISTRATION', uniqueEmail()))).toBe(
      'RATE_LIMITED',
    )
  })
})

describe('throttled use cases under a burst', () => {
  it(`queues exactly ${THROTTLE_RULES.PASSWORD_RESET.perEmail} reset emails for 200 simultaneous requests on one account`, async () => {
    const c = await makeClient()
    const result = await burst(200, (i) => requestPasswordReset(from(`198.18.5.${i}`), { email: c.email }))
    expect(result).toEqual({
      claimed: THROTTLE_RULES.PASSWORD_RESET.perEmail,
      refused: 200 - THROTTLE_RULES.PASSWORD_RESET.perEmail,
      refusedAs: ['RATE_LIMITED'],
    })
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-reset' } })).toBe(
      THROTTLE_RULES.PASSWORD_RESET.perEmail,
    )
    expect(
      await db.loginAttempt.count({ where: { email: c.email, kind: 'PASSWORD_RESET', success: true } }),
    ).toBe(THROTTLE_RULES.PASSWORD_RESET.perEmail)
  })

  it.each([
    [
      'changePassword',
      (ctx: Parameters<typeof changePassword>[0], guess: string) =>
        changePassword(
          ctx,
          {
            currentPassword: guess,
            newPassword: 'a brand new passphrase',
            confirmPassword: 'a brand new passphrase',
          },
          undefined,
        ),
    ],
    [
      'changeEmail',
      (ctx: Parameters<typeof changeEmail>[0], guess: string) =>
        changeEmail(ctx, { email: uniqueEmail('new'), currentPassword: guess }),
    ],
  ] as const)(
    `%s checks exactly ${THROTTLE_RULES.PASSWORD_CONFIRM.perEmail} of 100 simultaneous wrong current passwords`,
    async (_name, change) => {
      const c = await makeClient()
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          change({ ...c.ctx, request: { ip: `198.18.6.${i}`, userAgent: null } }, `wrong password ${i}`),
        ),
      )
      const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'))
      expect(codes.filter((code) => code === 'WRONG_PASSWORD')).toHaveLength(
        THROTTLE_RULES.PASSWORD_CONFIRM.perEmail,
      )
      expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(
        100 - THROTTLE_RULES.PASSWORD_CONFIRM.perEmail,
      )
      // The right password is held back too until the window passes; nothing changed.
      expect((await change(c.ctx, TEST_PASSWORD).catch((e) => e)).code).toBe('RATE_LIMITED')
      expect(await db.user.findUniqueOrThrow({ where: { id: c.userId }, select: { email: true } })).toEqual({
        email: c.email,
      })
      await db.loginAttempt.updateMany({
        where: { email: c.email, kind: 'PASSWORD_CONFIRM' },
        data: { createdAt: new Date(Date.now() - 16 * 60_000) },
      })
      await change(c.ctx, TEST_PASSWORD)
      expect(
        await db.loginAttempt.count({ where: { email: c.email, kind: 'PASSWORD_CONFIRM', success: true } }),
      ).toBe(1)
    },
  )
})
