import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff, TEST_PASSWORD, tableCounts, uniqueEmail } from '@berth/tests/support/factories'
import { ALL_PERMISSIONS } from '../access'
import { verifyPassword } from '../crypto'
import { createSession, sessionIdForToken } from '../sessions'
import { createRole } from './manage-roles'
import {
  changeOwnStaffPassword,
  createStaff,
  deleteStaff,
  updateOwnStaffProfile,
  updateStaff,
} from './manage-staff'

const db = getDb()
const roleId = async (name: string) => (await db.role.findUniqueOrThrow({ where: { name } })).id
const newMember = async (overrides: Record<string, unknown> = {}) => ({
  firstName: 'New',
  lastName: 'Member',
  email: uniqueEmail('member'),
  roleId: await roleId('Support'),
  password: 'member password 1',
  ...overrides,
})

/** Leaves `keep` as the only active Super admin (the others are disabled straight in the database). */
async function onlyActiveSuperAdmin(keep: string) {
  await db.staff.updateMany({
    where: { role: { name: 'Super admin' }, id: { not: keep } },
    data: { status: 'DISABLED' },
  })
}

describe('createStaff', () => {
  it('creates the member with an argon2id hash and audits it without the password', async () => {
    const admin = await makeStaff('Super admin')
    const input = await newMember({ email: `  ${uniqueEmail('member').toUpperCase()} ` })
    const created = await createStaff(admin.ctx, input)
    expect(created).toEqual({
      id: expect.any(String),
      email: input.email.trim().toLowerCase(),
      firstName: 'New',
      lastName: 'Member',
      roleId: input.roleId,
      status: 'ACTIVE',
    })
    const row = await db.staff.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(row.passwordHash, 'member password 1')).toBe(true)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.create', targetId: created.id },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: admin.staffId, targetType: 'Staff' })
    expect(audit.after).toEqual({ ...created })
    expect(JSON.stringify(audit.after)).not.toContain('member password 1')
  })

  it('refuses an email in use on the email field, and an unknown role on the roleId field, writing nothing', async () => {
    const admin = await makeStaff('Super admin')
    const existing = await makeStaff('Support')
    const before = await tableCounts()
    const dup = await createStaff(admin.ctx, await newMember({ email: existing.email.toUpperCase() })).catch(
      (e) => e,
    )
    expect(dup).toMatchObject({ code: 'DUPLICATE', field: 'email' })
    const noRole = await createStaff(
      admin.ctx,
      await newMember({ roleId: '00000000-0000-7000-8000-000000000000' }),
    ).catch((e) => e)
    expect(noRole).toMatchObject({ code: 'VALIDATION_FAILED', field: 'roleId' })
    const invalid = await createStaff(admin.ctx, {
      firstName: '',
      email: 'x',
      roleId: 'nope',
      password: 'short',
    }).catch((e) => e)
    expect(Object.keys(invalid.fieldErrors()).sort()).toEqual([
      'email',
      'firstName',
      'lastName',
      'password',
      'roleId',
    ])
    expect(await tableCounts()).toEqual(before)
  })
})

describe('staff management permissions', () => {
  it.each(['Support', 'Read-only', 'Billing'])(
    'refuses a %s member every change to staff, and writes nothing',
    async (role) => {
      const actor = await makeStaff(role)
      const target = await makeStaff('Support')
      await createSession(db, { door: 'ADMIN', staffId: target.staffId })
      const before = await tableCounts()
      const member = await newMember()
      const superAdmin = await roleId('Super admin')
      const attempts = [
        () => createStaff(actor.ctx, member),
        () =>
          updateStaff(actor.ctx, target.staffId, {
            firstName: 'Changed',
            status: 'DISABLED',
            password: 'new password 123',
          }),
        () => updateStaff(actor.ctx, actor.staffId, { roleId: superAdmin }),
        () => deleteStaff(actor.ctx, target.staffId),
      ]
      for (const attempt of attempts) expect((await attempt().catch((e) => e)).code).toBe('FORBIDDEN')
      expect(await tableCounts()).toEqual(before)
      expect(await db.staff.findUniqueOrThrow({ where: { id: target.staffId } })).toMatchObject({
        firstName: 'Staff',
        status: 'ACTIVE',
      })
      expect(
        (await db.staff.findUniqueOrThrow({ where: { id: actor.staffId }, include: { role: true } })).role
          .name,
      ).toBe(role)
    },
  )
})

describe('updateStaff', () => {
  it('audits only the fields that changed', async () => {
    const admin = await makeStaff('Super admin')
    const target = await makeStaff('Support')
    const billing = await roleId('Billing')
    const after = await updateStaff(admin.ctx, target.staffId, {
      firstName: 'Renamed',
      lastName: 'Support',
      roleId: billing,
    })
    expect(after).toMatchObject({ firstName: 'Renamed', roleId: billing })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.update', targetId: target.staffId },
    })
    expect(audit.before).toEqual({ firstName: 'Staff', roleId: await roleId('Support') })
    expect(audit.after).toEqual({ firstName: 'Renamed', roleId: billing })
  })

  it("a password set by an admin ends all of that member's sessions (and only theirs), audited without the password", async () => {
    const admin = await makeStaff('Super admin')
    const target = await makeStaff('Support')
    await createSession(db, { door: 'ADMIN', staffId: target.staffId })
    await createSession(db, { door: 'ADMIN', staffId: target.staffId })
    const adminSession = await createSession(db, { door: 'ADMIN', staffId: admin.staffId })
    await updateStaff(admin.ctx, target.staffId, { password: 'set by the admin 1' })
    expect(await db.session.count({ where: { staffId: target.staffId } })).toBe(0)
    expect(await db.session.findUnique({ where: { id: sessionIdForToken(adminSession) } })).not.toBeNull()
    const row = await db.staff.findUniqueOrThrow({ where: { id: target.staffId } })
    expect(await verifyPassword(row.passwordHash, 'set by the admin 1')).toBe(true)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.update', targetId: target.staffId },
    })
    expect(audit.after).toEqual({ passwordChanged: true })
    expect(JSON.stringify([audit.before, audit.after])).not.toMatch(/set by the admin|argon2/)
  })

  it('disabling a member ends their sessions; an empty password field changes nothing', async () => {
    const admin = await makeStaff('Super admin')
    const target = await makeStaff('Billing')
    await createSession(db, { door: 'ADMIN', staffId: target.staffId })
    const hash = (await db.staff.findUniqueOrThrow({ where: { id: target.staffId } })).passwordHash
    await updateStaff(admin.ctx, target.staffId, { status: 'DISABLED', password: '' })
    const row = await db.staff.findUniqueOrThrow({ where: { id: target.staffId } })
    expect(row.status).toBe('DISABLED')
    expect(row.passwordHash).toBe(hash)
    expect(await db.session.count({ where: { staffId: target.staffId } })).toBe(0)
  })

  it('refuses an email another member has, on the email field', async () => {
    const admin = await makeStaff('Super admin')
    const a = await makeStaff('Support')
    const b = await makeStaff('Support')
    expect(await updateStaff(admin.ctx, a.staffId, { email: b.email }).catch((e) => e)).toMatchObject({
      code: 'DUPLICATE',
      field: 'email',
    })
    expect((await db.staff.findUniqueOrThrow({ where: { id: a.staffId } })).email).toBe(a.email)
  })

  it('refuses an unknown member', async () => {
    const admin = await makeStaff('Super admin')
    expect(
      (
        await updateStaff(admin.ctx, '00000000-0000-7000-8000-000000000000', { firstName: 'X' }).catch(
          (e) => e,
        )
      ).code,
    ).toBe('NOT_FOUND')
  })
})

describe('the last active Super admin', () => {
  it('cannot be demoted, disabled or deleted: a staff manager is refused as no Super admin, the Super admin themself as the last one; only the refusals are written', async () => {
    const admin = await makeStaff('Super admin')
    await onlyActiveSuperAdmin(admin.staffId)
    // A custom role that may manage staff, so someone other than the Super admin can try.
    const managerRole = await createRole(admin.ctx, {
      name: 'Staff manager',
      permissions: ['staff.manage', 'staff.view'],
    })
    const manager = await makeStaff('Staff manager')
    expect(manager.principal.roleId).toBe(managerRole.id)
    const before = await tableCounts()
    const [support, billing] = [await roleId('Support'), await roleId('Billing')]
    const tries = [
      () => updateStaff(manager.ctx, admin.staffId, { roleId: support }),
      () => updateStaff(manager.ctx, admin.staffId, { status: 'DISABLED' }),
      () => deleteStaff(manager.ctx, admin.staffId),
      () => updateStaff(admin.ctx, admin.staffId, { roleId: billing }),
    ]
    // A staff manager who is not a Super admin is refused before the last-Super-admin rule (issue 8 §4).
    const codes = []
    for (const attempt of tries) codes.push((await attempt().catch((e) => e)).code)
    expect(codes).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'LAST_SUPER_ADMIN'])
    expect(await tableCounts()).toEqual({ ...before, auditEvents: before.auditEvents + 3 })
    expect(
      await db.staff.findUniqueOrThrow({ where: { id: admin.staffId }, include: { role: true } }),
    ).toMatchObject({ status: 'ACTIVE', role: { name: 'Super admin' } })
  })

  it('can be demoted once another Super admin is active; a disabled one does not count', async () => {
    const admin = await makeStaff('Super admin')
    await onlyActiveSuperAdmin(admin.staffId)
    const second = await makeStaff('Super admin')
    await db.staff.update({ where: { id: second.staffId }, data: { status: 'DISABLED' } })
    expect(
      (await updateStaff(admin.ctx, admin.staffId, { roleId: await roleId('Billing') }).catch((e) => e)).code,
    ).toBe('LAST_SUPER_ADMIN')
    await db.staff.update({ where: { id: second.staffId }, data: { status: 'ACTIVE' } })
    await updateStaff(admin.ctx, admin.staffId, { roleId: await roleId('Billing') })
    expect(
      (await db.staff.findUniqueOrThrow({ where: { id: admin.staffId }, include: { role: true } })).role.name,
    ).toBe('Billing')
  })
  it('stays protected when the last two Super admins demote each other at the same moment', async () => {
    const a = await makeStaff('Super admin')
    await onlyActiveSuperAdmin(a.staffId)
    const b = await makeStaff('Super admin')
    const support = await roleId('Support')
    const results = await Promise.allSettled([
      updateStaff(a.ctx, b.staffId, { roleId: support }),
      updateStaff(b.ctx, a.staffId, { roleId: support }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code),
    ).toEqual(['LAST_SUPER_ADMIN'])
    expect(await db.staff.count({ where: { status: 'ACTIVE', role: { name: 'Super admin' } } })).toBe(1)
  })
})

describe('acting on oneself', () => {
  it('a member cannot disable or delete their own account', async () => {
    const admin = await makeStaff('Super admin')
    await makeStaff('Super admin') // so the last-Super-admin rule is not what refuses
    const disable = await updateStaff(admin.ctx, admin.staffId, { status: 'DISABLED' }).catch((e) => e)
    expect(disable).toMatchObject({ code: 'VALIDATION_FAILED', field: 'status' })
    const remove = await deleteStaff(admin.ctx, admin.staffId).catch((e) => e)
    expect(remove.code).toBe('VALIDATION_FAILED')
    expect(await db.staff.findUniqueOrThrow({ where: { id: admin.staffId } })).toMatchObject({
      status: 'ACTIVE',
    })
  })
})

describe('deleteStaff', () => {
  it('deletes the member, their sessions with them, and audits the deletion with the role name', async () => {
    const admin = await makeStaff('Super admin')
    const target = await makeStaff('Read-only')
    await createSession(db, { door: 'ADMIN', staffId: target.staffId })
    await deleteStaff(admin.ctx, target.staffId)
    expect(await db.staff.findUnique({ where: { id: target.staffId } })).toBeNull()
    expect(await db.session.count({ where: { staffId: target.staffId } })).toBe(0)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.delete', targetId: target.staffId },
    })
    expect(audit.before).toMatchObject({
      id: target.staffId,
      email: target.email,
      role: 'Read-only',
      status: 'ACTIVE',
    })
    expect((await deleteStaff(admin.ctx, target.staffId).catch((e) => e)).code).toBe('NOT_FOUND')
  })
})

describe('updateOwnStaffProfile and changeOwnStaffPassword', () => {
  it('any member, even Read-only, changes their own name and email; a taken email is refused on the email field', async () => {
    const me = await makeStaff('Read-only')
    const other = await makeStaff('Support')
    const email = uniqueEmail('me')
    expect(
      await updateOwnStaffProfile(me.ctx, { firstName: 'Rita', lastName: 'Viewer', email }),
    ).toMatchObject({ firstName: 'Rita', email })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.profile.update', targetId: me.staffId },
    })
    expect(audit.before).toEqual({ firstName: 'Staff', lastName: 'Read-only', email: me.email })
    expect(audit.after).toEqual({ firstName: 'Rita', lastName: 'Viewer', email })
    expect(
      await updateOwnStaffProfile(me.ctx, {
        firstName: 'Rita',
        lastName: 'Viewer',
        email: other.email,
      }).catch((e) => e),
    ).toMatchObject({ code: 'DUPLICATE', field: 'email' })
    expect((await db.staff.findUniqueOrThrow({ where: { id: me.staffId } })).email).toBe(email)
  })

  it('changing their own password needs the current one and ends their other sessions only', async () => {
    const me = await makeStaff('Support')
    const current = await createSession(db, { door: 'ADMIN', staffId: me.staffId })
    await createSession(db, { door: 'ADMIN', staffId: me.staffId })
    const wrong = await changeOwnStaffPassword(
      me.ctx,
      { currentPassword: 'nope', newPassword: 'my new password', confirmPassword: 'my new password' },
      sessionIdForToken(current),
    ).catch((e) => e)
    expect(wrong).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' })
    expect(await db.session.count({ where: { staffId: me.staffId } })).toBe(2)
    const result = await changeOwnStaffPassword(
      me.ctx,
      { currentPassword: TEST_PASSWORD, newPassword: 'my new password', confirmPassword: 'my new password' },
      sessionIdForToken(current),
    )
    expect(result).toEqual({ sessionsEnded: 1 })
    expect((await db.session.findMany({ where: { staffId: me.staffId } })).map((s) => s.id)).toEqual([
      sessionIdForToken(current),
    ])
    expect(
      await verifyPassword(
        (await db.staff.findUniqueOrThrow({ where: { id: me.staffId } })).passwordHash,
        'my new password',
      ),
    ).toBe(true)
    expect(
      await db.auditEvent.findFirstOrThrow({
        where: { action: 'staff.password.change', targetId: me.staffId },
      }),
    ).toMatchObject({ after: { passwordChanged: true, sessionsEnded: 1 } })
  })
})

describe('privilege limits: staff.manage cannot raise privileges (issue 8 §4)', () => {
  let seq = 0
  /** A custom role with these permissions and a member holding it. */
  async function memberWith(permissions: string[]) {
    const admin = await makeStaff('Super admin')
    const role = await createRole(admin.ctx, { name: `Limits role ${++seq} ${Date.now()}`, permissions })
    return { ...(await makeStaff(role.name)), role, admin }
  }
  const refusals = (actorId: string) =>
    db.auditEvent.findMany({
      where: { action: 'staff.privilege-escalation.refused', actorId },
      orderBy: { id: 'asc' },
    })
  /** Everything but the audit trail, which gains exactly the refusals. */
  const countsWithoutAudit = async () => {
    const { auditEvents: _a, ...rest } = await tableCounts()
    return rest
  }

  it('a staff manager cannot give anyone (themself included) a role with permissions they lack, nor make anyone Super admin; nothing but the refusal is written', async () => {
    const manager = await memberWith(['staff.view', 'staff.manage'])
    const target = await makeStaff('Read-only')
    const [billing, superAdmin] = [await roleId('Billing'), await roleId('Super admin')]
    const before = await countsWithoutAudit()
    const tries: Array<[string, () => Promise<unknown>]> = [
      ['self to Billing', () => updateStaff(manager.ctx, manager.staffId, { roleId: billing })],
      ['self to Super admin', () => updateStaff(manager.ctx, manager.staffId, { roleId: superAdmin })],
      ['other to Billing', () => updateStaff(manager.ctx, target.staffId, { roleId: billing })],
      [
        'new member as Super admin',
        async () => createStaff(manager.ctx, await newMember({ roleId: superAdmin })),
      ],
      ['new member as Billing', async () => createStaff(manager.ctx, await newMember({ roleId: billing }))],
    ]
    for (const [label, attempt] of tries) {
      const error = await attempt().catch((e) => e)
      expect(error, label).toMatchObject({ code: 'FORBIDDEN', field: 'roleId' })
    }
    expect(
      (await updateStaff(manager.ctx, target.staffId, { roleId: billing }).catch((e) => e)).message,
    ).toMatch(/permissions you do not have \(.*billing\.manage.*\)/)
    expect(await countsWithoutAudit()).toEqual(before)
    expect((await db.staff.findUniqueOrThrow({ where: { id: manager.staffId } })).roleId).toBe(
      manager.role.id,
    )
    expect((await db.staff.findUniqueOrThrow({ where: { id: target.staffId } })).roleId).toBe(
      await roleId('Read-only'),
    )

    const audits = await refusals(manager.staffId)
    expect(audits).toHaveLength(tries.length + 1)
    expect(audits[0]).toMatchObject({
      actorType: 'STAFF',
      targetType: 'Staff',
      targetId: manager.staffId,
      before: { roleId: manager.role.id, roleName: manager.role.name },
      after: {
        roleId: billing,
        roleName: 'Billing',
        missingPermissions: expect.arrayContaining(['billing.manage', 'billing.refund']),
        refused: { field: 'roleId' },
      },
    })
    expect(audits[1]!.after).toMatchObject({
      roleName: 'Super admin',
      refused: { message: 'Only a Super admin can make someone Super admin.' },
    })
    expect(audits[3]).toMatchObject({ targetId: null, after: { roleName: 'Super admin' } })
    expect(JSON.stringify(audits.map((a) => a.after))).not.toContain('member password 1')
  })

  it('a staff manager may still give a role within their own permissions', async () => {
    const manager = await memberWith(['staff.view', 'staff.manage', 'clients.view'])
    const admin = await makeStaff('Super admin')
    const narrow = await createRole(admin.ctx, {
      name: `Narrow ${Date.now()}`,
      permissions: ['clients.view', 'staff.view'],
    })
    const target = await makeStaff('Read-only')
    await updateStaff(manager.ctx, target.staffId, { roleId: narrow.id })
    expect((await db.staff.findUniqueOrThrow({ where: { id: target.staffId } })).roleId).toBe(narrow.id)
    const created = await createStaff(manager.ctx, await newMember({ roleId: narrow.id }))
    expect(created.roleId).toBe(narrow.id)
    expect(await refusals(manager.staffId)).toHaveLength(0)
  })

  it("only a Super admin changes a Super admin's email, password, role or status, or deletes one: even a custom role holding every permission is refused", async () => {
    const deputy = await memberWith([...ALL_PERMISSIONS])
    const victim = await makeStaff('Super admin')
    await createSession(db, { door: 'ADMIN', staffId: victim.staffId })
    const support = await roleId('Support')
    const victimRow = await db.staff.findUniqueOrThrow({ where: { id: victim.staffId } })
    const before = await countsWithoutAudit()
    const tries: Array<[string, () => Promise<unknown>]> = [
      ['email', () => updateStaff(deputy.ctx, victim.staffId, { email: uniqueEmail('taken-over') })],
      ['password', () => updateStaff(deputy.ctx, victim.staffId, { password: 'taken over password' })],
      ['roleId', () => updateStaff(deputy.ctx, victim.staffId, { roleId: support })],
      ['status', () => updateStaff(deputy.ctx, victim.staffId, { status: 'DISABLED' })],
      ['roleId', () => updateStaff(deputy.ctx, deputy.staffId, { roleId: victimRow.roleId })],
    ]
    for (const [field, attempt] of tries)
      expect(await attempt().catch((e) => e), field).toMatchObject({ code: 'FORBIDDEN', field })
    const removal = await deleteStaff(deputy.ctx, victim.staffId).catch((e) => e)
    expect(removal).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only a Super admin can delete a Super admin.',
    })
    expect(await countsWithoutAudit()).toEqual(before)
    expect(await db.staff.findUniqueOrThrow({ where: { id: victim.staffId } })).toEqual(victimRow)
    const audits = await refusals(deputy.staffId)
    expect(audits).toHaveLength(tries.length + 1)
    expect(audits[1]).toMatchObject({
      targetId: victim.staffId,
      before: { roleName: 'Super admin', email: victim.email },
      after: { passwordChange: true, refused: { field: 'password' } },
    })
    expect(JSON.stringify(audits[1]!.after)).not.toContain('taken over password')
    expect(audits[5]).toMatchObject({ targetId: victim.staffId, after: { deleted: true } })

    // The form sends every field back: a name change with the same email, role and status goes through.
    await updateStaff(deputy.ctx, victim.staffId, {
      firstName: 'Renamed',
      email: victim.email,
      roleId: victimRow.roleId,
      status: 'ACTIVE',
      password: '',
    })
    expect((await db.staff.findUniqueOrThrow({ where: { id: victim.staffId } })).firstName).toBe('Renamed')
    // A Super admin may do what the deputy may not.
    const admin = await makeStaff('Super admin')
    await updateStaff(admin.ctx, victim.staffId, {
      email: uniqueEmail('moved'),
      password: 'new password for them',
    })
  })

  it('a staff manager cannot take over a member whose role reaches further than theirs (email or password), but may rename them', async () => {
    const manager = await memberWith(['staff.view', 'staff.manage'])
    const billing = await makeStaff('Billing')
    const row = await db.staff.findUniqueOrThrow({ where: { id: billing.staffId } })
    const before = await countsWithoutAudit()
    expect(
      await updateStaff(manager.ctx, billing.staffId, { email: uniqueEmail('mine') }).catch((e) => e),
    ).toMatchObject({ code: 'FORBIDDEN', field: 'email' })
    expect(
      await updateStaff(manager.ctx, billing.staffId, { password: 'my password now' }).catch((e) => e),
    ).toMatchObject({ code: 'FORBIDDEN', field: 'password' })
    expect(await countsWithoutAudit()).toEqual(before)
    expect(await db.staff.findUniqueOrThrow({ where: { id: billing.staffId } })).toEqual(row)
    expect(await refusals(manager.staffId)).toHaveLength(2)
    await updateStaff(manager.ctx, billing.staffId, { lastName: 'Renamed' })
    expect((await db.staff.findUniqueOrThrow({ where: { id: billing.staffId } })).lastName).toBe('Renamed')
  })
})
