import { describe, expect, it } from 'vitest'
import { getDb, type AttemptKind, type Door } from '@berth/prisma'
import { uniqueEmail } from '../../../tests/support/factories'
import { anonymousCtx } from '../shared/context'
import { assertNotThrottled, recordAttempt, THROTTLE_RULES } from './throttle'

const db = getDb()
const from = (ip: string | null) => anonymousCtx(db, { ip, userAgent: null })
const refused = (p: Promise<unknown>) => p.then(() => null, (e) => e.code as string)

async function attempts(n: number, row: { door: Door; kind: AttemptKind; email?: string; ip: string; success: boolean; minutesAgo?: number }) {
  await db.loginAttempt.createMany({
    data: Array.from({ length: n }, () => ({
      door: row.door, kind: row.kind, email: row.email ?? uniqueEmail('probe'), ip: row.ip, success: row.success,
      createdAt: new Date(Date.now() - (row.minutesAgo ?? 0) * 60_000),
    })),
  })
}

describe('throttle', () => {
  it('records attempts with the door, kind, address and IP ("unknown" when there is none)', async () => {
    const email = uniqueEmail()
    await recordAttempt(from('198.18.0.1'), 'ADMIN', 'LOGIN', email, false)
    await recordAttempt(from(null), 'PORTAL', 'PASSWORD_RESET', email, true)
    const rows = await db.loginAttempt.findMany({ where: { email }, orderBy: { id: 'asc' }, select: { door: true, kind: true, ip: true, success: true } })
    expect(rows).toEqual([
      { door: 'ADMIN', kind: 'LOGIN', ip: '198.18.0.1', success: false },
      { door: 'PORTAL', kind: 'PASSWORD_RESET', ip: 'unknown', success: true },
    ])
  })

  it('counts login failures per address within the window, per door', async () => {
    const email = uniqueEmail()
    const ctx = from('198.18.0.2')
    await attempts(THROTTLE_RULES.LOGIN.perEmail - 1, { door: 'PORTAL', kind: 'LOGIN', email, ip: '198.18.1.1', success: false })
    await attempts(3, { door: 'PORTAL', kind: 'LOGIN', email, ip: '198.18.1.1', success: false, minutesAgo: 16 })
    expect(await refused(assertNotThrottled(ctx, 'PORTAL', 'LOGIN', email))).toBeNull()
    await attempts(1, { door: 'PORTAL', kind: 'LOGIN', email, ip: '198.18.1.1', success: false })
    const error = await assertNotThrottled(ctx, 'PORTAL', 'LOGIN', email).catch((e) => e)
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.retryAfterSeconds).toBe(900)
    expect(error.message).toBe('Too many attempts. Please wait 15 minutes and try again.')
    // The admin door and the reset requests of the same address are counted apart.
    expect(await refused(assertNotThrottled(ctx, 'ADMIN', 'LOGIN', email))).toBeNull()
    expect(await refused(assertNotThrottled(ctx, 'PORTAL', 'PASSWORD_RESET', email))).toBeNull()
  })

  it('counts successful reset requests, not only failures', async () => {
    const email = uniqueEmail()
    await attempts(THROTTLE_RULES.PASSWORD_RESET.perEmail, { door: 'PORTAL', kind: 'PASSWORD_RESET', email, ip: '198.18.2.1', success: true })
    expect(await refused(assertNotThrottled(from('198.18.0.3'), 'PORTAL', 'PASSWORD_RESET', email))).toBe('RATE_LIMITED')
  })

  it('does not count successful logins from an IP against it', async () => {
    const ip = '198.18.0.4'
    await attempts(THROTTLE_RULES.LOGIN.perIp + 5, { door: 'PORTAL', kind: 'LOGIN', ip, success: true })
    await attempts(THROTTLE_RULES.LOGIN.perIp - 1, { door: 'PORTAL', kind: 'LOGIN', ip, success: false })
    expect(await refused(assertNotThrottled(from(ip), 'PORTAL', 'LOGIN', uniqueEmail()))).toBeNull()
    await attempts(1, { door: 'PORTAL', kind: 'LOGIN', ip, success: false })
    expect(await refused(assertNotThrottled(from(ip), 'PORTAL', 'LOGIN', uniqueEmail()))).toBe('RATE_LIMITED')
  })
})
