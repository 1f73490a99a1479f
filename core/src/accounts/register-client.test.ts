import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, registration, REQUEST, tableCounts } from '@berth/tests/support/factories'
import { anonymousCtx, DomainError } from '../shared'
import { registerClient } from './register-client'
import { THROTTLE_RULES } from './throttle'

describe('registerClient', () => {
  it('creates the client, its owner login, an audit event and a queued verification email', async () => {
    const db = getDb()
    const input = registration({ email: 'New.Person@Example.TEST', country: 'de' })
    const { clientId, userId } = await registerClient(anonymousCtx(db, REQUEST), input)
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { client: true } })
    expect(user.email).toBe('new.person@example.test')
    expect(user.emailVerifiedAt).toBeNull()
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.client.country).toBe('DE')
    expect(user.client.currencyCode).toBe('USD')
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'client.register', targetId: clientId },
    })
    expect(audit.ip).toBe(REQUEST.ip)
    expect(JSON.stringify(audit.after)).not.toContain(input.password)
    const email = await db.emailLog.findFirstOrThrow({ where: { userId } })
    expect(email.template).toBe('verify-email')
    expect(email.status).toBe('QUEUED')
    expect((email.props as Record<string, unknown>).verifyUrl).toBe('[redacted]')
    const jobs = await db.$queryRaw<
      { data: { emailLogId: string } }[]
    >`SELECT data FROM pgboss.job WHERE name = 'email.send'`
    expect(jobs.map((j) => j.data.emailLogId)).toContain(email.id)
  })

  it('refuses an email already in use, on the email field, and writes nothing', async () => {
    const existing = await makeClient()
    const before = await tableCounts()
    const error = await registerClient(
      anonymousCtx(getDb(), REQUEST),
      registration({ email: existing.email.toUpperCase() }),
    ).catch((e) => e)
    expect(error).toBeInstanceOf(DomainError)
    expect(error.code).toBe('EMAIL_TAKEN')
    expect(error.field).toBe('email')
    expect(await tableCounts()).toEqual(before)
  })

  it('names every invalid field and writes nothing', async () => {
    const before = await tableCounts()
    const error = await registerClient(
      anonymousCtx(getDb(), REQUEST),
      registration({
        firstName: ' ',
        email: 'not-an-email',
        password: 'short',
        country: 'XX',
        phone: 'call me',
      }),
    ).catch((e) => e)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(error.fieldErrors()).sort()).toEqual([
      'country',
      'email',
      'firstName',
      'password',
      'phone',
    ])
    expect(await tableCounts()).toEqual(before)
  })

  it('gives one account when the same registration is sent twice at once', async () => {
    const input = registration()
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => registerClient(anonymousCtx(getDb(), REQUEST), input)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused.map((r) => r.reason.code)).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN'])
    expect(await getDb().user.count({ where: { email: input.email } })).toBe(1)
  })

  it(`creates at most ${THROTTLE_RULES.REGISTRATION.perIp} accounts an hour from one IP, even at once, and counts refused ones`, async () => {
    const db = getDb()
    const ip = '203.0.113.90'
    const taken = await makeClient()
    // One attempt on an address in use (an account-listing probe) counts like a registration.
    expect(
      (
        await registerClient(
          anonymousCtx(db, { ip, userAgent: null }),
          registration({ email: taken.email }),
        ).catch((e) => e)
      ).code,
    ).toBe('EMAIL_TAKEN')
    const inputs = Array.from({ length: THROTTLE_RULES.REGISTRATION.perIp + 5 }, () => registration())
    const results = await Promise.allSettled(
      inputs.map((input) => registerClient(anonymousCtx(db, { ip, userAgent: null }), input)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(
      THROTTLE_RULES.REGISTRATION.perIp - 1,
    )
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused.map((r) => r.reason.code)).toEqual(Array(6).fill('RATE_LIMITED'))
    expect(await db.user.count({ where: { email: { in: inputs.map((i) => i.email) } } })).toBe(
      THROTTLE_RULES.REGISTRATION.perIp - 1,
    )
    expect(
      await db.loginAttempt.groupBy({
        by: ['success'],
        where: { kind: 'REGISTRATION', ip },
        _count: true,
        orderBy: { success: 'asc' },
      }),
    ).toEqual([
      { success: false, _count: 1 },
      { success: true, _count: THROTTLE_RULES.REGISTRATION.perIp - 1 },
    ])
    // Another address is not affected.
    await expect(
      registerClient(anonymousCtx(db, { ip: '203.0.113.91', userAgent: null }), registration()),
    ).resolves.toMatchObject({ clientId: expect.any(String) })
  })
})
