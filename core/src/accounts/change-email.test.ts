import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import {
  makeClient,
  makeStaff,
  TEST_PASSWORD,
  tableCounts,
  uniqueEmail,
} from '@berth/tests/support/factories'
import { decryptSecret, secretBinding, hashToken } from '../crypto'
import { changeEmail } from './change-email'

const db = getDb()

describe('changeEmail', () => {
  it('moves the login to the new address, unverified, with a link to the new address and a notice to the old one', async () => {
    const c = await makeClient()
    const verifiedAt = new Date('2026-03-01T10:00:00.000Z')
    await db.user.update({ where: { id: c.userId }, data: { emailVerifiedAt: verifiedAt } })
    const newEmail = uniqueEmail('new')
    await changeEmail(c.ctx, { email: ` ${newEmail.toUpperCase()} `, currentPassword: TEST_PASSWORD })

    const user = await db.user.findUniqueOrThrow({ where: { id: c.userId } })
    expect(user.email).toBe(newEmail)
    expect(user.emailVerifiedAt).toBeNull()

    const link = await db.emailLog.findFirstOrThrow({
      where: { userId: c.userId, template: 'verify-email', toAddress: newEmail },
    })
    const props = JSON.parse(
      decryptSecret(link.payloadEnc!, secretBinding('EmailLog.payloadEnc', link.id)),
    ) as { verifyUrl: string; email: string }
    expect(props.email).toBe(newEmail)
    const token = new URL(props.verifyUrl).searchParams.get('token')!
    const tokenRow = await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(tokenRow).toMatchObject({
      purpose: 'EMAIL_VERIFICATION',
      email: newEmail,
      usedAt: null,
      userId: c.userId,
    })
    // The link issued at registration (to the old address) is spent.
    expect(
      await db.authToken.count({ where: { userId: c.userId, purpose: 'EMAIL_VERIFICATION', usedAt: null } }),
    ).toBe(1)

    const notice = await db.emailLog.findFirstOrThrow({
      where: { userId: c.userId, template: 'email-changed' },
    })
    expect(notice.toAddress).toBe(c.email)
    expect(notice.props).toEqual({ firstName: 'Test', newEmail })

    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'user.email.change', targetId: c.userId },
    })
    expect(audit).toMatchObject({ actorType: 'CLIENT', actorId: c.userId, clientId: c.clientId })
    expect(audit.before).toEqual({ email: c.email, emailVerifiedAt: verifiedAt.toISOString() })
    expect(audit.after).toEqual({ email: newEmail, emailVerifiedAt: null })
  })

  it('refuses a wrong current password on the currentPassword field and writes nothing', async () => {
    const c = await makeClient()
    const before = await tableCounts()
    const error = await changeEmail(c.ctx, {
      email: uniqueEmail('new'),
      currentPassword: 'not my password',
    }).catch((e) => e)
    expect(error.code).toBe('WRONG_PASSWORD')
    expect(error.field).toBe('currentPassword')
    expect(await tableCounts()).toEqual(before)
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).email).toBe(c.email)
  })

  it('refuses an address another login has, on the email field, and writes nothing', async () => {
    const c = await makeClient()
    const other = await makeClient()
    const before = await tableCounts()
    const error = await changeEmail(c.ctx, {
      email: other.email.toUpperCase(),
      currentPassword: TEST_PASSWORD,
    }).catch((e) => e)
    expect(error.code).toBe('EMAIL_TAKEN')
    expect(error.field).toBe('email')
    expect(await tableCounts()).toEqual(before)
  })

  it('refuses the address the login already has, and a malformed one, on the email field', async () => {
    const c = await makeClient()
    const before = await tableCounts()
    const same = await changeEmail(c.ctx, { email: c.email, currentPassword: TEST_PASSWORD }).catch((e) => e)
    expect(same).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email' })
    const malformed = await changeEmail(c.ctx, { email: 'nope', currentPassword: '' }).catch((e) => e)
    expect(malformed.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(malformed.fieldErrors()).sort()).toEqual(['currentPassword', 'email'])
    expect(await tableCounts()).toEqual(before)
  })

  it('gives one owner when two logins move to the same address at once', async () => {
    const a = await makeClient()
    const b = await makeClient()
    const target = uniqueEmail('contested')
    const results = await Promise.allSettled(
      [a, b].map((c) => changeEmail(c.ctx, { email: target, currentPassword: TEST_PASSWORD })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code),
    ).toEqual(['EMAIL_TAKEN'])
    expect(await db.user.count({ where: { email: target } })).toBe(1)
  })

  it('is only for a logged-in client', async () => {
    const staff = await makeStaff('Super admin')
    expect(
      (await changeEmail(staff.ctx, { email: uniqueEmail(), currentPassword: TEST_PASSWORD }).catch((e) => e))
        .code,
    ).toBe('UNAUTHENTICATED')
  })
})
