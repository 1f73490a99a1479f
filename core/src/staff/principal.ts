import type { Db, DbClient } from '@berth/prisma'
import { isPermission, type Permission } from '../access'

/** Who a staff session belongs to, with the permissions of their role as of now. */
export interface StaffPrincipal {
  id: string
  email: string
  firstName: string
  lastName: string
  roleId: string
  roleName: string
  permissions: Permission[]
}

export async function loadStaffPrincipal(db: Db | DbClient, staffId: string): Promise<StaffPrincipal | null> {
  const staff = await db.staff.findUnique({
    where: { id: staffId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      status: true,
      roleId: true,
      role: { select: { name: true, permissions: true } },
    },
  })
  if (!staff || staff.status !== 'ACTIVE') return null
  return {
    id: staff.id,
    email: staff.email,
    firstName: staff.firstName,
    lastName: staff.lastName,
    roleId: staff.roleId,
    roleName: staff.role.name,
    permissions: staff.role.permissions.filter(isPermission),
  }
}

export function staffActor(principal: StaffPrincipal) {
  return {
    type: 'staff' as const,
    staffId: principal.id,
    permissions: principal.permissions,
    label: principal.email,
  }
}
