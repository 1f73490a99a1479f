import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import { hasPermission } from '../access'
import { createRole, updateRole } from './manage-roles'
import { updateStaff } from './manage-staff'
import { loadStaffPrincipal, staffActor } from './principal'

const db = getDb()

describe('loadStaffPrincipal', () => {
  it("follows changes to the member's role at once, without a new login", async () => {
    const admin = await makeStaff('Super admin')
    const role = await createRole(admin.ctx, { name: 'Helpdesk lead', permissions: ['support.view'] })
    const member = await makeStaff('Helpdesk lead')
    expect((await loadStaffPrincipal(db, member.staffId))!.permissions).toEqual(['support.view'])

    await updateRole(admin.ctx, role.id, { permissions: ['support.view', 'support.manage', 'clients.view'] })
    const widened = (await loadStaffPrincipal(db, member.staffId))!
    expect(widened.permissions).toEqual(['clients.view', 'support.manage', 'support.view'])
    expect(hasPermission(staffActor(widened), 'support.manage')).toBe(true)

    await updateRole(admin.ctx, role.id, { permissions: [] })
    const narrowed = (await loadStaffPrincipal(db, member.staffId))!
    expect(hasPermission(staffActor(narrowed), 'support.view')).toBe(false)

    await updateStaff(admin.ctx, member.staffId, {
      roleId: (await db.role.findUniqueOrThrow({ where: { name: 'Billing' } })).id,
    })
    expect((await loadStaffPrincipal(db, member.staffId))!).toMatchObject({
      roleName: 'Billing',
      permissions: expect.arrayContaining(['billing.refund']),
    })

    await updateStaff(admin.ctx, member.staffId, { status: 'DISABLED' })
    expect(await loadStaffPrincipal(db, member.staffId)).toBeNull()
  })

  it('drops permission strings the code does not know (left in the database by an older version)', async () => {
    const role = await db.role.create({
      data: { name: 'Legacy', permissions: ['clients.view', 'legacy.everything'] },
    })
    const member = await makeStaff('Legacy')
    expect((await loadStaffPrincipal(db, member.staffId))!).toMatchObject({
      roleId: role.id,
      permissions: ['clients.view'],
    })
  })

  it('is null for an unknown member; staffActor carries the id, permissions and email', async () => {
    expect(await loadStaffPrincipal(db, '00000000-0000-7000-8000-000000000000')).toBeNull()
    const s = await makeStaff('Support')
    expect(staffActor(s.principal)).toEqual({
      type: 'staff',
      staffId: s.staffId,
      permissions: s.principal.permissions,
      label: s.email,
    })
  })
})
