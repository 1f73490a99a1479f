import { requirePermission, requireStaff, SUPER_ADMIN_ROLE } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { hashPassword, verifyPassword } from '../crypto'
import { destroyOtherSessions } from '../sessions'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import type { DbClient } from '@berth/prisma'
import { auditingRefusals, isSuperAdminActor, permissionsBeyond, privilegeRefusal } from './privilege-limits'
import {
  changeOwnStaffPasswordInput,
  createStaffInput,
  updateOwnStaffProfileInput,
  updateStaffInput,
} from './schemas'

const publicFields = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  roleId: true,
  status: true,
} as const

function emailTaken() {
  return new DomainError('DUPLICATE', 'A staff member with this email already exists.', { field: 'email' })
}

async function ensureRoleExists(db: DbClient, roleId: string) {
  const role = await db.role.findUnique({
    where: { id: roleId },
    select: { id: true, name: true, permissions: true },
  })
  if (!role) throw new DomainError('VALIDATION_FAILED', 'Choose an existing role.', { field: 'roleId' })
  return role
}

type RoleGrant = { id: string; name: string; permissions: string[] }

/**
 * A staff manager gives only roles within their own permissions, and only a Super admin makes
 * someone Super admin (a custom role holding every permission is still not one).
 */
async function assertMayGiveRole(
  tx: Ctx & { db: DbClient },
  role: RoleGrant,
  target: { id: string | null; before: Record<string, unknown>; attempted: Record<string, unknown> },
) {
  const details = { targetType: 'Staff' as const, targetId: target.id, before: target.before }
  const attempted = { ...target.attempted, roleId: role.id, roleName: role.name }
  if (role.name === SUPER_ADMIN_ROLE && !(await isSuperAdminActor(tx.db, tx.actor))) {
    throw privilegeRefusal('Only a Super admin can make someone Super admin.', 'roleId', {
      ...details,
      attempted,
    })
  }
  const missing = permissionsBeyond(tx.actor, role.permissions)
  if (missing.length) {
    const message = `You cannot give the role "${role.name}": it has permissions you do not have (${missing.join(', ')}).`
    throw privilegeRefusal(message, 'roleId', {
      ...details,
      attempted: { ...attempted, missingPermissions: missing },
    })
  }
}

/**
 * Refuses a change that would leave no active Super admin. The Super admin role's row is locked
 * first, so two such changes at once (two admins demoting each other) run one after the other and
 * the second sees the first.
 */
async function assertSuperAdminRemains(db: DbClient, changingStaffId: string) {
  await db.$queryRaw`SELECT 1 FROM "Role" WHERE "name" = ${SUPER_ADMIN_ROLE} FOR UPDATE`
  const others = await db.staff.count({
    where: { status: 'ACTIVE', role: { name: SUPER_ADMIN_ROLE }, id: { not: changingStaffId } },
  })
  if (others === 0)
    throw new DomainError(
      'LAST_SUPER_ADMIN',
      'This is the last active Super admin: make someone else Super admin first.',
    )
}

export async function createStaff(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'staff.manage')
  const input = parseInput(createStaffInput, raw)
  const passwordHash = await hashPassword(input.password)
  try {
    return await auditingRefusals(ctx, () =>
      inTransaction(ctx, async (tx) => {
        const role = await ensureRoleExists(tx.db, input.roleId)
        await assertMayGiveRole(tx, role, { id: null, before: {}, attempted: { email: input.email } })
        if (await tx.db.staff.findUnique({ where: { email: input.email }, select: { id: true } }))
          throw emailTaken()
        const staff = await tx.db.staff.create({
          data: {
            email: input.email,
            firstName: input.firstName,
            lastName: input.lastName,
            roleId: input.roleId,
            passwordHash,
          },
          select: publicFields,
        })
        await recordAuditEvent(tx, {
          action: 'staff.create',
          targetType: 'Staff',
          targetId: staff.id,
          after: staff,
        })
        return staff
      }),
    )
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

export async function updateStaff(ctx: Ctx, staffId: string, raw: unknown) {
  const actor = requireStaff(ctx.actor)
  requirePermission(actor, 'staff.manage')
  const input = parseInput(updateStaffInput, raw)
  const passwordHash = input.password ? await hashPassword(input.password) : undefined
  try {
    return await auditingRefusals(ctx, () =>
      inTransaction(ctx, async (tx) => {
        const before = await tx.db.staff.findUnique({
          where: { id: staffId },
          select: { ...publicFields, role: { select: { name: true, permissions: true } } },
        })
        if (!before) throw new DomainError('NOT_FOUND', 'This staff member does not exist.')
        const newRole = input.roleId ? await ensureRoleExists(tx.db, input.roleId) : before.role
        await assertMayUpdate(tx, actor.staffId, before, input, newRole)
        const losesSuperAdmin =
          before.role.name === SUPER_ADMIN_ROLE &&
          before.status === 'ACTIVE' &&
          (newRole.name !== SUPER_ADMIN_ROLE || input.status === 'DISABLED')
        if (losesSuperAdmin) await assertSuperAdminRemains(tx.db, staffId)
        if (staffId === actor.staffId && input.status === 'DISABLED') {
          throw new DomainError('VALIDATION_FAILED', 'You cannot disable your own account.', {
            field: 'status',
          })
        }
        if (
          input.email &&
          input.email !== before.email &&
          (await tx.db.staff.findUnique({ where: { email: input.email }, select: { id: true } }))
        )
          throw emailTaken()
        const { password: _pw, ...fields } = input
        const after = await tx.db.staff.update({
          where: { id: staffId },
          data: { ...fields, ...(passwordHash ? { passwordHash } : {}) },
          select: publicFields,
        })
        // A disabled member, or one whose password was reset by a Super admin, is logged out everywhere.
        if (input.status === 'DISABLED' || passwordHash) await destroyOtherSessions(tx.db, { staffId })
        const { role: _r, ...beforeFields } = before
        const diff = diffFields(beforeFields as Record<string, unknown>, fields)
        await recordAuditEvent(tx, {
          action: 'staff.update',
          targetType: 'Staff',
          targetId: staffId,
          before: diff.before,
          after: { ...diff.after, ...(passwordHash ? { passwordChanged: true } : {}) },
        })
        return after
      }),
    )
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

type StaffBefore = {
  id: string
  email: string
  roleId: string
  status: string
  role: { name: string; permissions: string[] }
}
type StaffUpdate = { email?: string; roleId?: string; status?: string; password?: string }

/**
 * The privilege limits on an edit, checked only on what really changes (the console's form sends
 * every field back): a Super admin's email, password, role and status are a Super admin's to
 * change; a new role must be one the actor may give; and the email or password of a member whose
 * role reaches beyond the actor's permissions cannot be changed by them (that would hand them the
 * account).
 */
async function assertMayUpdate(
  tx: Ctx & { db: DbClient },
  actorStaffId: string,
  before: StaffBefore,
  input: StaffUpdate,
  newRole: { name: string; permissions: string[] },
) {
  const changed = {
    roleId: input.roleId !== undefined && input.roleId !== before.roleId,
    status: input.status !== undefined && input.status !== before.status,
    email: input.email !== undefined && input.email !== before.email,
    password: Boolean(input.password),
  }
  if (!Object.values(changed).some(Boolean)) return
  const target = {
    id: before.id,
    before: { email: before.email, roleId: before.roleId, roleName: before.role.name, status: before.status },
  }
  const attempted: Record<string, unknown> = {
    ...(changed.email ? { email: input.email } : {}),
    ...(changed.status ? { status: input.status } : {}),
    ...(changed.password ? { passwordChange: true } : {}),
    ...(changed.roleId ? { roleId: input.roleId, roleName: newRole.name } : {}),
  }
  const details = { targetType: 'Staff' as const, targetId: before.id, before: target.before, attempted }
  const firstChanged = (['roleId', 'status', 'email', 'password'] as const).find((f) => changed[f])!
  if (before.role.name === SUPER_ADMIN_ROLE && !(await isSuperAdminActor(tx.db, tx.actor))) {
    throw privilegeRefusal(
      "Only a Super admin can change a Super admin's email, password, role or status.",
      firstChanged,
      details,
    )
  }
  if (changed.roleId) await assertMayGiveRole(tx, { id: input.roleId!, ...newRole }, { ...target, attempted })
  const missing = permissionsBeyond(tx.actor, before.role.permissions)
  if ((changed.email || changed.password) && before.id !== actorStaffId && missing.length) {
    const message = `You cannot change the email or password of a member whose role has permissions you do not have (${missing.join(', ')}).`
    throw privilegeRefusal(message, changed.email ? 'email' : 'password', {
      ...details,
      attempted: { ...attempted, missingPermissions: missing },
    })
  }
}

export async function deleteStaff(ctx: Ctx, staffId: string) {
  const actor = requireStaff(ctx.actor)
  requirePermission(actor, 'staff.manage')
  if (staffId === actor.staffId)
    throw new DomainError('VALIDATION_FAILED', 'You cannot delete your own account.')
  return auditingRefusals(ctx, () =>
    inTransaction(ctx, async (tx) => {
      const before = await tx.db.staff.findUnique({
        where: { id: staffId },
        select: { ...publicFields, role: { select: { name: true } } },
      })
      if (!before) throw new DomainError('NOT_FOUND', 'This staff member does not exist.')
      if (before.role.name === SUPER_ADMIN_ROLE && !(await isSuperAdminActor(tx.db, tx.actor))) {
        const state = {
          email: before.email,
          roleId: before.roleId,
          roleName: before.role.name,
          status: before.status,
        }
        throw privilegeRefusal('Only a Super admin can delete a Super admin.', null, {
          targetType: 'Staff',
          targetId: staffId,
          before: state,
          attempted: { deleted: true },
        })
      }
      if (before.role.name === SUPER_ADMIN_ROLE && before.status === 'ACTIVE')
        await assertSuperAdminRemains(tx.db, staffId)
      await tx.db.staff.delete({ where: { id: staffId } })
      const { role, ...fields } = before
      await recordAuditEvent(tx, {
        action: 'staff.delete',
        targetType: 'Staff',
        targetId: staffId,
        before: { ...fields, role: role.name },
      })
    }),
  )
}

/** Any staff member changes their own name and email. */
export async function updateOwnStaffProfile(ctx: Ctx, raw: unknown) {
  const actor = requireStaff(ctx.actor)
  const input = parseInput(updateOwnStaffProfileInput, raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.staff.findUniqueOrThrow({
        where: { id: actor.staffId },
        select: publicFields,
      })
      if (
        input.email !== before.email &&
        (await tx.db.staff.findUnique({ where: { email: input.email }, select: { id: true } }))
      )
        throw emailTaken()
      const after = await tx.db.staff.update({
        where: { id: actor.staffId },
        data: input,
        select: publicFields,
      })
      const diff = diffFields(before as Record<string, unknown>, input)
      await recordAuditEvent(tx, {
        action: 'staff.profile.update',
        targetType: 'Staff',
        targetId: actor.staffId,
        ...diff,
      })
      return after
    })
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

/** Any staff member changes their own password; their other sessions end. */
export async function changeOwnStaffPassword(ctx: Ctx, raw: unknown, currentSessionId?: string) {
  const actor = requireStaff(ctx.actor)
  const input = parseInput(changeOwnStaffPasswordInput, raw)
  const staff = await ctx.db.staff.findUniqueOrThrow({
    where: { id: actor.staffId },
    select: { passwordHash: true },
  })
  if (!(await verifyPassword(staff.passwordHash, input.currentPassword))) {
    throw new DomainError('WRONG_PASSWORD', 'Your current password is not correct.', {
      field: 'currentPassword',
    })
  }
  const passwordHash = await hashPassword(input.newPassword)
  return inTransaction(ctx, async (tx) => {
    await tx.db.staff.update({ where: { id: actor.staffId }, data: { passwordHash } })
    const sessionsEnded = await destroyOtherSessions(tx.db, { staffId: actor.staffId }, currentSessionId)
    await recordAuditEvent(tx, {
      action: 'staff.password.change',
      targetType: 'Staff',
      targetId: actor.staffId,
      after: { passwordChanged: true, sessionsEnded },
    })
    return { sessionsEnded }
  })
}
