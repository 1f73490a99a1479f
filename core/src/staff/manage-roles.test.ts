import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff, tableCounts } from '@berth/tests/support/factories'
import { BUILT_IN_ROLES } from '../access'
import { BUILT_IN_ROLE_NAMES, createRole, deleteRole, updateRole } from './manage-roles'

const db = getDb()
let n = 0
const roleName = () => `Custom role ${++n}`

describe('createRole', () => {
  it('creates a custom role with its permissions de-duplicated and sorted, and audits it', async () => {
    const admin = await makeStaff('Super admin')
    const name = roleName()
    const role = await createRole(admin.ctx, {
      name: ` ${name} `,
      description: '',
      permissions: ['support.view', 'clients.view', 'support.view'],
    })
    expect(role).toEqual({
      id: expect.any(String),
      name,
      description: null,
      permissions: ['clients.view', 'support.view'],
      isSystem: false,
    })
    expect(await db.role.findUniqueOrThrow({ where: { id: role.id } })).toMatchObject({
      name,
      permissions: ['clients.view', 'support.view'],
      isSystem: false,
    })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.role.create', targetId: role.id },
    })
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: admin.staffId, after: role })
  })

  it('refuses an unknown permission, naming its position, and a taken name (built-in ones too); nothing is written', async () => {
    const admin = await makeStaff('Super admin')
    const before = await tableCounts()
    const unknown = await createRole(admin.ctx, {
      name: roleName(),
      permissions: ['clients.view', 'root.everything'],
    }).catch((e) => e)
    expect(unknown.code).toBe('VALIDATION_FAILED')
    expect(unknown.fieldErrors()).toEqual({ 'permissions.1': 'Unknown permission' })
    const taken = await createRole(admin.ctx, { name: 'Billing', permissions: [] }).catch((e) => e)
    expect(taken).toMatchObject({ code: 'DUPLICATE', field: 'name' })
    expect(await tableCounts()).toEqual(before)
  })

  it.each(['Billing', 'Support', 'Read-only'])('is refused to a %s member', async (roleNameOfActor) => {
    const actor = await makeStaff(roleNameOfActor)
    const before = await tableCounts()
    expect(
      (
        await createRole(actor.ctx, {
          name: roleName(),
          permissions: ['roles.manage', 'staff.manage'],
        }).catch((e) => e)
      ).code,
    ).toBe('FORBIDDEN')
    expect(await tableCounts()).toEqual(before)
  })
})

describe('updateRole', () => {
  it('changes a custom role and audits only what changed', async () => {
    const admin = await makeStaff('Super admin')
    const name = roleName()
    const role = await createRole(admin.ctx, { name, description: 'First', permissions: ['clients.view'] })
    const renamed = roleName()
    const after = await updateRole(admin.ctx, role.id, {
      name: renamed,
      permissions: ['clients.edit', 'clients.view'],
    })
    expect(after).toMatchObject({
      name: renamed,
      description: 'First',
      permissions: ['clients.edit', 'clients.view'],
    })
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.role.update', targetId: role.id },
    })
    expect(audit.before).toEqual({ name, permissions: ['clients.view'] })
    expect(audit.after).toEqual({ name: renamed, permissions: ['clients.edit', 'clients.view'] })
  })

  it("refuses to change a built-in role, to take another role's name, or an unknown permission", async () => {
    const admin = await makeStaff('Super admin')
    const custom = await createRole(admin.ctx, { name: roleName(), permissions: [] })
    const before = await tableCounts()
    for (const name of BUILT_IN_ROLE_NAMES) {
      const role = await db.role.findUniqueOrThrow({ where: { name } })
      expect(
        (await updateRole(admin.ctx, role.id, { permissions: ['clients.view'] }).catch((e) => e)).code,
      ).toBe('ROLE_IN_USE')
      expect((await db.role.findUniqueOrThrow({ where: { name } })).permissions).toEqual([
        ...BUILT_IN_ROLES[name as keyof typeof BUILT_IN_ROLES].permissions,
      ])
    }
    expect(await updateRole(admin.ctx, custom.id, { name: 'Support' }).catch((e) => e)).toMatchObject({
      code: 'DUPLICATE',
      field: 'name',
    })
    expect((await updateRole(admin.ctx, custom.id, { permissions: ['made.up'] }).catch((e) => e)).code).toBe(
      'VALIDATION_FAILED',
    )
    expect(
      (await updateRole(admin.ctx, '00000000-0000-7000-8000-000000000000', { name: 'X' }).catch((e) => e))
        .code,
    ).toBe('NOT_FOUND')
    expect(await tableCounts()).toEqual(before)
    expect(await db.role.findUniqueOrThrow({ where: { id: custom.id } })).toMatchObject({
      name: custom.name,
      permissions: [],
    })
  })

  it('is refused to a member without roles.manage', async () => {
    const admin = await makeStaff('Super admin')
    const custom = await createRole(admin.ctx, { name: roleName(), permissions: [] })
    const support = await makeStaff('Support')
    expect(
      (await updateRole(support.ctx, custom.id, { permissions: ['staff.manage'] }).catch((e) => e)).code,
    ).toBe('FORBIDDEN')
    expect((await db.role.findUniqueOrThrow({ where: { id: custom.id } })).permissions).toEqual([])
  })
})

describe('deleteRole', () => {
  it('deletes a custom role nobody has, and audits it', async () => {
    const admin = await makeStaff('Super admin')
    const role = await createRole(admin.ctx, { name: roleName(), permissions: ['audit.view'] })
    await deleteRole(admin.ctx, role.id)
    expect(await db.role.findUnique({ where: { id: role.id } })).toBeNull()
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.role.delete', targetId: role.id },
    })
    expect(audit.before).toEqual({
      id: role.id,
      name: role.name,
      description: null,
      permissions: ['audit.view'],
      isSystem: false,
    })
  })

  it('refuses a role that staff still have, and every built-in role', async () => {
    const admin = await makeStaff('Super admin')
    const name = roleName()
    const role = await createRole(admin.ctx, { name, permissions: [] })
    await makeStaff(name)
    const before = await tableCounts()
    const inUse = await deleteRole(admin.ctx, role.id).catch((e) => e)
    expect(inUse.code).toBe('ROLE_IN_USE')
    expect(inUse.message).toContain('1 staff member')
    for (const builtIn of BUILT_IN_ROLE_NAMES) {
      const r = await db.role.findUniqueOrThrow({ where: { name: builtIn } })
      expect((await deleteRole(admin.ctx, r.id).catch((e) => e)).code).toBe('ROLE_IN_USE')
    }
    expect(await tableCounts()).toEqual(before)
  })

  it('is refused to a Read-only member', async () => {
    const admin = await makeStaff('Super admin')
    const role = await createRole(admin.ctx, { name: roleName(), permissions: [] })
    const viewer = await makeStaff('Read-only')
    expect((await deleteRole(viewer.ctx, role.id).catch((e) => e)).code).toBe('FORBIDDEN')
    expect(await db.role.findUnique({ where: { id: role.id } })).not.toBeNull()
  })
})

describe('privilege limits: roles.manage cannot add permissions it lacks (issue 8 §4)', () => {
  const countsWithoutAudit = async () => {
    const { auditEvents: _a, ...rest } = await tableCounts()
    return rest
  }
  const refusals = (actorId: string) =>
    db.auditEvent.findMany({
      where: { action: 'staff.privilege-escalation.refused', actorId },
      orderBy: { id: 'asc' },
    })

  it('refuses adding a permission the holder lacks to its own role, another role, or a new role; nothing but the refusal is written', async () => {
    const admin = await makeStaff('Super admin')
    const own = await createRole(admin.ctx, {
      name: roleName(),
      permissions: ['roles.view', 'roles.manage', 'clients.view'],
    })
    const manager = await makeStaff(own.name)
    const other = await createRole(admin.ctx, { name: roleName(), permissions: ['clients.view'] })
    const before = await countsWithoutAudit()
    const tries = [
      () => updateRole(manager.ctx, own.id, { permissions: [...own.permissions, 'staff.manage'] }),
      () =>
        updateRole(manager.ctx, other.id, {
          permissions: ['clients.view', 'billing.refund', 'settings.manage'],
        }),
      () => createRole(manager.ctx, { name: roleName(), permissions: ['clients.view', 'staff.manage'] }),
    ]
    for (const attempt of tries)
      expect(await attempt().catch((e) => e)).toMatchObject({ code: 'FORBIDDEN', field: 'permissions' })
    expect((await tries[1]!().catch((e) => e)).message).toBe(
      'You cannot add permissions you do not have yourself: billing.refund, settings.manage.',
    )
    expect(await countsWithoutAudit()).toEqual(before)
    expect((await db.role.findUniqueOrThrow({ where: { id: own.id } })).permissions).toEqual(own.permissions)
    expect((await db.role.findUniqueOrThrow({ where: { id: other.id } })).permissions).toEqual([
      'clients.view',
    ])
    const audits = await refusals(manager.staffId)
    expect(audits).toHaveLength(4)
    expect(audits[0]).toMatchObject({
      targetType: 'Role',
      targetId: own.id,
      before: { name: own.name, permissions: own.permissions },
      after: {
        permissions: [...own.permissions, 'staff.manage'].sort(),
        missingPermissions: ['staff.manage'],
        refused: { field: 'permissions' },
      },
    })
    expect(audits[2]).toMatchObject({
      targetType: 'Role',
      targetId: null,
      after: { missingPermissions: ['staff.manage'] },
    })
  })

  it('allows what stays within the holder: its own permissions, removing any, keeping those a role had, renaming', async () => {
    const admin = await makeStaff('Super admin')
    const own = await createRole(admin.ctx, {
      name: roleName(),
      permissions: ['roles.view', 'roles.manage', 'clients.view'],
    })
    const manager = await makeStaff(own.name)
    const wide = await createRole(admin.ctx, {
      name: roleName(),
      permissions: ['billing.refund', 'clients.view', 'settings.manage'],
    })
    const created = await createRole(manager.ctx, {
      name: roleName(),
      permissions: ['clients.view', 'roles.view'],
    })
    expect(created.permissions).toEqual(['clients.view', 'roles.view'])
    // Keeps billing.refund (already there), drops settings.manage, adds roles.view (held).
    const after = await updateRole(manager.ctx, wide.id, {
      name: roleName(),
      permissions: ['billing.refund', 'clients.view', 'roles.view'],
    })
    expect(after.permissions).toEqual(['billing.refund', 'clients.view', 'roles.view'])
    expect(await refusals(manager.staffId)).toHaveLength(0)
  })
})
