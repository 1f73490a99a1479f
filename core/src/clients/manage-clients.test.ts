import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import {
  makeClient,
  makeStaff,
  REQUEST,
  TEST_PASSWORD,
  tableCounts,
  uniqueEmail,
} from '@berth/tests/support/factories'
import { BUILT_IN_ROLES, type BuiltInRoleName, type Permission } from '../access'
import { logInUser, resetPassword } from '../accounts'
import { decryptSecret, secretBinding, verifyPassword, hashToken } from '../crypto'
import { createSession, sessionIdForToken } from '../sessions'
import { anonymousCtx, systemCtx } from '../shared'
import { createClientByStaff, setClientStatus, updateClient, updateClientUser } from './manage-clients'

const db = getDb()

function newClient(overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Nora',
    lastName: 'Staffmade',
    email: uniqueEmail('staffmade'),
    companyName: 'Made By Staff Ltd',
    address1: '2 Admin Road',
    city: 'Leeds',
    postcode: 'LS1 1AA',
    country: 'GB',
    phone: '+44 113 496 0000',
    ...overrides,
  }
}

/** An invoice row written straight to the database (billing use cases are not under test here). */
async function giveInvoice(clientId: string, currencyCode = 'USD') {
  await db.invoice.create({ data: { clientId, currencyCode, dueDate: new Date('2026-12-31') } })
}

describe('createClientByStaff', () => {
  it('with a password: creates the client and its owner, queues a verification email and audits it', async () => {
    const staff = await makeStaff('Billing')
    const input = newClient({
      password: 'chosen by staff 1',
      currencyCode: 'eur',
      taxId: 'GB123456789',
      notes: 'VIP',
    })
    const created = await createClientByStaff(staff.ctx, input)
    expect(created).toMatchObject({
      status: 'ACTIVE',
      companyName: 'Made By Staff Ltd',
      currencyCode: 'EUR',
      taxId: 'GB123456789',
      isTaxExempt: false,
      notes: 'VIP',
    })
    const user = await db.user.findUniqueOrThrow({ where: { id: created.ownerUserId } })
    expect(user).toMatchObject({
      clientId: created.id,
      email: input.email,
      isOwner: true,
      emailVerifiedAt: null,
    })
    expect(await verifyPassword(user.passwordHash, 'chosen by staff 1')).toBe(true)
    const emails = await db.emailLog.findMany({ where: { userId: user.id } })
    expect(emails.map((e) => e.template)).toEqual(['verify-email'])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'client.create', targetId: created.id },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: staff.staffId, clientId: created.id })
    expect(audit.after).toMatchObject({
      ownerEmail: input.email,
      ownerName: 'Nora Staffmade',
      currencyCode: 'EUR',
    })
    expect(JSON.stringify(audit.after)).not.toContain('chosen by staff')
  })

  it('without a password: the owner gets a 7-day link to choose one, which works', async () => {
    const staff = await makeStaff('Super admin')
    const input = newClient({ password: '' })
    const created = await createClientByStaff(staff.ctx, input)
    expect(created.currencyCode).toBe('USD')
    const email = await db.emailLog.findFirstOrThrow({ where: { userId: created.ownerUserId } })
    expect(email).toMatchObject({
      template: 'password-reset',
      toAddress: input.email,
      props: { firstName: 'Nora', resetUrl: '[redacted]', expiresInMinutes: 7 * 24 * 60 },
    })
    expect(
      await db.emailLog.count({ where: { userId: created.ownerUserId, template: 'verify-email' } }),
    ).toBe(0)
    const token = new URL(
      (
        JSON.parse(decryptSecret(email.payloadEnc!, secretBinding('EmailLog.payloadEnc', email.id))) as {
          resetUrl: string
        }
      ).resetUrl,
    ).searchParams.get('token')!
    const row = await db.authToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(row.purpose).toBe('PASSWORD_RESET')
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600_000)
    // Nobody knows the random password it was created with; the link sets a real one.
    await resetPassword(anonymousCtx(db, REQUEST), {
      token,
      password: 'owner chose this',
      confirmPassword: 'owner chose this',
    })
    await expect(
      logInUser(anonymousCtx(db, REQUEST), { email: input.email, password: 'owner chose this' }),
    ).resolves.toMatchObject({ clientId: created.id })
  })

  it('refuses an email in use and an inactive or unknown currency, on their fields, writing nothing', async () => {
    const staff = await makeStaff('Super admin')
    const existing = await makeClient()
    await db.currency.create({
      data: { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0, isActive: false },
    })
    const before = await tableCounts()
    expect(
      await createClientByStaff(staff.ctx, newClient({ email: existing.email.toUpperCase() })).catch(
        (e) => e,
      ),
    ).toMatchObject({ code: 'EMAIL_TAKEN', field: 'email' })
    expect(
      await createClientByStaff(staff.ctx, newClient({ currencyCode: 'JPY' })).catch((e) => e),
    ).toMatchObject({ code: 'VALIDATION_FAILED', field: 'currencyCode' })
    expect(
      await createClientByStaff(staff.ctx, newClient({ currencyCode: 'XYZ' })).catch((e) => e),
    ).toMatchObject({ code: 'VALIDATION_FAILED', field: 'currencyCode' })
    const invalid = await createClientByStaff(
      staff.ctx,
      newClient({ firstName: '', country: 'XX', password: 'short' }),
    ).catch((e) => e)
    expect(Object.keys(invalid.fieldErrors()).sort()).toEqual(['country', 'firstName', 'password'])
    expect(await tableCounts()).toEqual(before)
  })
})

describe('updateClient', () => {
  it('saves staff-only fields and audits only what changed', async () => {
    const staff = await makeStaff('Billing')
    const c = await makeClient()
    const after = await updateClient(staff.ctx, c.clientId, {
      city: 'Testville',
      notes: 'Pays late',
      isTaxExempt: true,
    })
    expect(after).toMatchObject({ notes: 'Pays late', isTaxExempt: true, city: 'Testville' })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'client.update', targetId: c.clientId },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: staff.staffId, clientId: c.clientId })
    expect(audit.before).toEqual({ notes: null, isTaxExempt: false })
    expect(audit.after).toEqual({ notes: 'Pays late', isTaxExempt: true })
    // Saving the same values again records nothing.
    await updateClient(staff.ctx, c.clientId, { notes: 'Pays late' })
    expect(await db.auditEvent.count({ where: { action: 'client.update', targetId: c.clientId } })).toBe(1)
  })

  it('changes the currency while the client has no invoices, and refuses once it has one', async () => {
    const staff = await makeStaff('Super admin')
    const c = await makeClient()
    await updateClient(staff.ctx, c.clientId, { currencyCode: 'GBP' })
    expect((await db.client.findUniqueOrThrow({ where: { id: c.clientId } })).currencyCode).toBe('GBP')
    await giveInvoice(c.clientId, 'GBP')
    const before = await tableCounts()
    const error = await updateClient(staff.ctx, c.clientId, { currencyCode: 'EUR', city: 'Elsewhere' }).catch(
      (e) => e,
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'currencyCode' })
    expect(await db.client.findUniqueOrThrow({ where: { id: c.clientId } })).toMatchObject({
      currencyCode: 'GBP',
      city: 'Testville',
    })
    expect(await tableCounts()).toEqual(before)
    // Sending the unchanged currency along with other fields is fine.
    await updateClient(staff.ctx, c.clientId, { currencyCode: 'GBP', city: 'Elsewhere' })
    expect((await db.client.findUniqueOrThrow({ where: { id: c.clientId } })).city).toBe('Elsewhere')
  })

  it('refuses an unknown client', async () => {
    const staff = await makeStaff('Super admin')
    expect(
      (await updateClient(staff.ctx, '00000000-0000-7000-8000-000000000000', { city: 'X' }).catch((e) => e))
        .code,
    ).toBe('NOT_FOUND')
  })
})

describe('setClientStatus', () => {
  it('closing a client ends every portal session of its logins, and only theirs', async () => {
    const staff = await makeStaff('Super admin')
    const c = await makeClient()
    const second = await db.user.create({
      data: {
        clientId: c.clientId,
        email: uniqueEmail('second'),
        passwordHash: 'x',
        firstName: 'Second',
        lastName: 'User',
        isOwner: false,
      },
    })
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    await createSession(db, { door: 'PORTAL', userId: second.id })
    const other = await makeClient()
    await createSession(db, { door: 'PORTAL', userId: other.userId })
    const staffSession = await createSession(db, { door: 'ADMIN', staffId: staff.staffId })

    expect(await setClientStatus(staff.ctx, c.clientId, 'CLOSED')).toEqual({
      id: c.clientId,
      status: 'CLOSED',
    })
    expect((await db.client.findUniqueOrThrow({ where: { id: c.clientId } })).status).toBe('CLOSED')
    expect(await db.session.count({ where: { userId: { in: [c.userId, second.id] } } })).toBe(0)
    expect(await db.session.count({ where: { userId: other.userId } })).toBe(1)
    expect(await db.session.findUnique({ where: { id: sessionIdForToken(staffSession) } })).not.toBeNull()
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'client.status.change', targetId: c.clientId },
    })
    expect(audit).toMatchObject({
      before: { status: 'ACTIVE' },
      after: { status: 'CLOSED', sessionsEnded: 2 },
    })
    // A closed client's owner can no longer log in.
    expect(
      (
        await logInUser(anonymousCtx(db, REQUEST), { email: c.email, password: TEST_PASSWORD }).catch(
          (e) => e,
        )
      ).code,
    ).toBe('INVALID_CREDENTIALS')
  })

  it('re-enabling keeps sessions; setting the status it already has records nothing', async () => {
    const staff = await makeStaff('Super admin')
    const c = await makeClient()
    await setClientStatus(staff.ctx, c.clientId, 'INACTIVE')
    await createSession(db, { door: 'PORTAL', userId: c.userId })
    await setClientStatus(staff.ctx, c.clientId, 'ACTIVE')
    expect(await db.session.count({ where: { userId: c.userId } })).toBe(1)
    const events = await db.auditEvent.count({
      where: { targetId: c.clientId, action: 'client.status.change' },
    })
    expect(events).toBe(2)
    await setClientStatus(staff.ctx, c.clientId, 'ACTIVE')
    expect(
      await db.auditEvent.count({ where: { targetId: c.clientId, action: 'client.status.change' } }),
    ).toBe(events)
    expect((await setClientStatus(staff.ctx, c.clientId, 'DELETED').catch((e) => e)).code).toBe(
      'VALIDATION_FAILED',
    )
  })
})

describe('updateClientUser', () => {
  it('a new email clears the verified state and sends a link to the new address', async () => {
    const staff = await makeStaff('Billing')
    const c = await makeClient()
    await db.user.update({ where: { id: c.userId }, data: { emailVerifiedAt: new Date() } })
    const newEmail = uniqueEmail('corrected')
    const after = await updateClientUser(staff.ctx, c.userId, { email: newEmail.toUpperCase() })
    expect(after.email).toBe(newEmail)
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    const link = await db.emailLog.findFirstOrThrow({
      where: { userId: c.userId, template: 'verify-email', toAddress: newEmail },
    })
    expect(link.status).toBe('QUEUED')
    expect(await db.authToken.findFirstOrThrow({ where: { userId: c.userId, usedAt: null } })).toMatchObject({
      purpose: 'EMAIL_VERIFICATION',
      email: newEmail,
    })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'client.user.update', targetId: c.userId },
    })
    expect(audit).toMatchObject({
      clientId: c.clientId,
      after: { email: newEmail, emailVerifiedAt: null },
      before: { email: c.email },
    })
  })

  it('a name change keeps the verified state and sends nothing; a taken email is refused', async () => {
    const staff = await makeStaff('Super admin')
    const c = await makeClient()
    const other = await makeClient()
    const verifiedAt = new Date('2026-02-02T00:00:00.000Z')
    await db.user.update({ where: { id: c.userId }, data: { emailVerifiedAt: verifiedAt } })
    await updateClientUser(staff.ctx, c.userId, { firstName: 'Corrected', email: c.email })
    expect(await db.user.findUniqueOrThrow({ where: { id: c.userId } })).toMatchObject({
      firstName: 'Corrected',
      emailVerifiedAt: verifiedAt,
    })
    expect(await db.emailLog.count({ where: { userId: c.userId } })).toBe(1)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'client.user.update', targetId: c.userId },
    })
    expect(audit.before).toEqual({ firstName: 'Test' })
    expect(audit.after).toEqual({ firstName: 'Corrected' })
    expect(await updateClientUser(staff.ctx, c.userId, { email: other.email }).catch((e) => e)).toMatchObject(
      { code: 'EMAIL_TAKEN', field: 'email' },
    )
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).email).toBe(c.email)
  })
})

describe('client management permissions per built-in role', () => {
  const roles = Object.keys(BUILT_IN_ROLES) as BuiltInRoleName[]
  const may = (role: BuiltInRoleName, p: Permission) =>
    (BUILT_IN_ROLES[role].permissions as readonly Permission[]).includes(p)

  it.each(roles)('%s: allowed exactly what its permissions say; refusals write nothing', async (role) => {
    const actor = await makeStaff(role)
    const c = await makeClient()
    const cases: { permission: Permission; run: () => Promise<unknown> }[] = [
      {
        permission: 'clients.create',
        run: () => createClientByStaff(actor.ctx, newClient({ password: 'a fine password' })),
      },
      { permission: 'clients.edit', run: () => updateClient(actor.ctx, c.clientId, { notes: `by ${role}` }) },
      { permission: 'clients.edit', run: () => updateClientUser(actor.ctx, c.userId, { lastName: role }) },
      { permission: 'clients.disable', run: () => setClientStatus(actor.ctx, c.clientId, 'INACTIVE') },
    ]
    for (const { permission, run } of cases) {
      const before = await tableCounts()
      const outcome = await run().then(
        () => 'allowed',
        (e) => e.code,
      )
      expect([permission, outcome]).toEqual([permission, may(role, permission) ? 'allowed' : 'FORBIDDEN'])
      if (outcome === 'FORBIDDEN') expect(await tableCounts()).toEqual(before)
    }
    const row = await db.client.findUniqueOrThrow({ where: { id: c.clientId }, include: { users: true } })
    expect(row.notes).toBe(may(role, 'clients.edit') ? `by ${role}` : null)
    expect(row.users[0]!.lastName).toBe(may(role, 'clients.edit') ? role : 'Client')
    expect(row.status).toBe(may(role, 'clients.disable') ? 'INACTIVE' : 'ACTIVE')
  })

  it('a client login and an anonymous visitor are refused; the system is allowed', async () => {
    const c = await makeClient()
    for (const ctx of [c.ctx, anonymousCtx(db, REQUEST)]) {
      expect((await updateClient(ctx, c.clientId, { notes: 'self-service' }).catch((e) => e)).code).toBe(
        'FORBIDDEN',
      )
      expect((await setClientStatus(ctx, c.clientId, 'CLOSED').catch((e) => e)).code).toBe('FORBIDDEN')
    }
    await setClientStatus(systemCtx(db, 'test'), c.clientId, 'INACTIVE')
    expect(
      await db.auditEvent.findFirstOrThrow({
        where: { action: 'client.status.change', targetId: c.clientId },
      }),
    ).toMatchObject({ actorType: 'SYSTEM', actorLabel: 'test' })
  })
})
