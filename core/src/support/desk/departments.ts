import { requirePermission } from '../../access'
import { diffFields, recordAuditEvent } from '../../audit'
import {
  DomainError,
  isUniqueViolation,
  inTransaction,
  parseInput,
  partialUpdate,
  type Ctx,
} from '../../shared'
import { departmentInput } from './schemas'

const select = {
  id: true,
  name: true,
  email: true,
  isHidden: true,
  autoAssign: true,
  sortOrder: true,
} as const

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This department does not exist.')
}

function duplicateName(error: unknown): never {
  if (isUniqueViolation(error))
    throw new DomainError('DUPLICATE', 'Another department has this name.', { field: 'name' })
  throw error
}

/** Departments (name, email, visible to clients or hidden, auto-assign): support.manage. */
export async function createDepartment(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(departmentInput, raw)
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.department.create({ data: input, select }).catch(duplicateName)
    await recordAuditEvent(tx, {
      action: 'department.create',
      targetType: 'Department',
      targetId: row.id,
      after: input,
    })
    return row
  })
}

export async function updateDepartment(ctx: Ctx, id: string, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(partialUpdate(departmentInput), raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.department.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    const row = await tx.db.department.update({ where: { id }, data: input, select }).catch(duplicateName)
    const diff = diffFields(before, input)
    await recordAuditEvent(tx, {
      action: 'department.update',
      targetType: 'Department',
      targetId: id,
      before: diff.before,
      after: diff.after,
    })
    return row
  })
}

/** A department with tickets cannot be deleted (hide it instead); its canned replies become shared. */
export async function deleteDepartment(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'support.manage')
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.department.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    if (await tx.db.ticket.findFirst({ where: { departmentId: id }, select: { id: true } }))
      throw new DomainError('IN_USE', 'This department has tickets: hide it from clients instead.')
    await tx.db.department.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'department.delete',
      targetType: 'Department',
      targetId: id,
      before,
    })
    return { id }
  })
}
