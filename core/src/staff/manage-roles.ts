import { requirePermission, BUILT_IN_ROLES } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { auditingRefusals, permissionsBeyond, privilegeRefusal } from './privilege-limits'
import { roleInput, updateRoleInput } from './schemas'

const roleFields = { id: true, name: true, description: true, permissions: true, isSystem: true } as const

function nameTaken() {
  return new DomainError('DUPLICATE', 'A role with this name already exists.', { field: 'name' })
}

/**
 * A role manager adds only permissions they hold themselves, to any role (their own included);
 * permissions a role already has may stay or be removed.
 */
function assertMayAddPermissions(
  ctx: Ctx,
  role: { id: string | null; name: string; permissions: string[] },
  wanted: string[],
) {
  const added = wanted.filter((p) => !role.permissions.includes(p))
  const missing = permissionsBeyond(ctx.actor, added)
  if (!missing.length) return
  throw privilegeRefusal(
    `You cannot add permissions you do not have yourself: ${missing.join(', ')}.`,
    'permissions',
    {
      targetType: 'Role',
      targetId: role.id,
      before: role.id ? { name: role.name, permissions: role.permissions } : {},
      attempted: { name: role.name, permissions: wanted, missingPermissions: missing },
    },
  )
}

/** A Super admin (or another holder of roles.manage, within their own permissions) defines a custom role. */
export async function createRole(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'roles.manage')
  const input = parseInput(roleInput, raw)
  try {
    return await auditingRefusals(ctx, () =>
      inTransaction(ctx, async (tx) => {
        assertMayAddPermissions(tx, { id: null, name: input.name, permissions: [] }, input.permissions)
        if (await tx.db.role.findUnique({ where: { name: input.name }, select: { id: true } }))
          throw nameTaken()
        const role = await tx.db.role.create({ data: input, select: roleFields })
        await recordAuditEvent(tx, {
          action: 'staff.role.create',
          targetType: 'Role',
          targetId: role.id,
          after: role,
        })
        return role
      }),
    )
  } catch (error) {
    if (isUniqueViolation(error, 'name')) throw nameTaken()
    throw error
  }
}

/** Custom roles can be changed; the built-in roles are fixed (they are defined in code). */
export async function updateRole(ctx: Ctx, roleId: string, raw: unknown) {
  requirePermission(ctx.actor, 'roles.manage')
  const input = parseInput(updateRoleInput, raw)
  try {
    return await auditingRefusals(ctx, () =>
      inTransaction(ctx, async (tx) => {
        const before = await tx.db.role.findUnique({ where: { id: roleId }, select: roleFields })
        if (!before) throw new DomainError('NOT_FOUND', 'This role does not exist.')
        if (before.isSystem)
          throw new DomainError(
            'ROLE_IN_USE',
            `"${before.name}" is a built-in role and cannot be changed. Create a custom role instead.`,
          )
        if (input.permissions) assertMayAddPermissions(tx, before, input.permissions)
        if (
          input.name &&
          input.name !== before.name &&
          (await tx.db.role.findUnique({ where: { name: input.name }, select: { id: true } }))
        )
          throw nameTaken()
        const after = await tx.db.role.update({ where: { id: roleId }, data: input, select: roleFields })
        const diff = diffFields(before as Record<string, unknown>, input)
        await recordAuditEvent(tx, {
          action: 'staff.role.update',
          targetType: 'Role',
          targetId: roleId,
          ...diff,
        })
        return after
      }),
    )
  } catch (error) {
    if (isUniqueViolation(error, 'name')) throw nameTaken()
    throw error
  }
}

export async function deleteRole(ctx: Ctx, roleId: string) {
  requirePermission(ctx.actor, 'roles.manage')
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.role.findUnique({
      where: { id: roleId },
      select: { ...roleFields, _count: { select: { staff: true } } },
    })
    if (!before) throw new DomainError('NOT_FOUND', 'This role does not exist.')
    if (before.isSystem)
      throw new DomainError('ROLE_IN_USE', `"${before.name}" is a built-in role and cannot be deleted.`)
    if (before._count.staff > 0)
      throw new DomainError(
        'ROLE_IN_USE',
        `${before._count.staff} staff member(s) still have this role: give them another role first.`,
      )
    await tx.db.role.delete({ where: { id: roleId } })
    const { _count, ...fields } = before
    await recordAuditEvent(tx, {
      action: 'staff.role.delete',
      targetType: 'Role',
      targetId: roleId,
      before: fields,
    })
  })
}

export const BUILT_IN_ROLE_NAMES = Object.keys(BUILT_IN_ROLES)
