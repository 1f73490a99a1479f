import { requirePermission, requireStaff } from '../../access'
import { diffFields, recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, partialUpdate, type Ctx } from '../../shared'
import { fillPlaceholders, placeholderValues } from './placeholders'
import { cannedReplyInput, renderCannedReplyInput } from './schemas'
import { actingStaff, deskTicketSelect, ticketNotFound } from './ticket-access'

const select = { id: true, title: true, body: true, departmentId: true } as const

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This canned reply does not exist.')
}

async function assertDepartment(ctx: Ctx, departmentId: string | null | undefined) {
  if (!departmentId) return
  const d = await ctx.db.department.findUnique({ where: { id: departmentId }, select: { id: true } })
  if (!d) throw new DomainError('VALIDATION_FAILED', 'Unknown department.', { field: 'departmentId' })
}

export async function createCannedReply(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(cannedReplyInput, raw)
  return inTransaction(ctx, async (tx) => {
    await assertDepartment(tx, input.departmentId)
    const row = await tx.db.cannedReply.create({ data: input, select })
    await recordAuditEvent(tx, {
      action: 'canned-reply.create',
      targetType: 'CannedReply',
      targetId: row.id,
      after: input,
    })
    return row
  })
}

export async function updateCannedReply(ctx: Ctx, id: string, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(partialUpdate(cannedReplyInput), raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.cannedReply.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    await assertDepartment(tx, input.departmentId)
    const row = await tx.db.cannedReply.update({ where: { id }, data: input, select })
    const diff = diffFields(before, input)
    await recordAuditEvent(tx, {
      action: 'canned-reply.update',
      targetType: 'CannedReply',
      targetId: id,
      before: diff.before,
      after: diff.after,
    })
    return row
  })
}

export async function deleteCannedReply(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'support.manage')
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.cannedReply.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    await tx.db.cannedReply.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'canned-reply.delete',
      targetType: 'CannedReply',
      targetId: id,
      before,
    })
    return { id }
  })
}

/** The canned replies staff may pick from for a ticket: the department's own and the shared ones. */
export async function listCannedReplies(ctx: Ctx, options: { departmentId?: string | null } = {}) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.reply')
  return ctx.db.cannedReply.findMany({
    where: options.departmentId
      ? { OR: [{ departmentId: null }, { departmentId: options.departmentId }] }
      : {},
    orderBy: [{ title: 'asc' }, { id: 'asc' }],
    select,
  })
}

/**
 * A canned reply with its placeholders filled in for one ticket and the staff member asking, as the
 * reply box inserts it (staff may edit it before sending; the reply fills placeholders again).
 */
export async function renderCannedReply(ctx: Ctx, raw: unknown): Promise<{ title: string; body: string }> {
  const me = requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.reply')
  const input = parseInput(renderCannedReplyInput, raw)
  const reply = await ctx.db.cannedReply.findUnique({ where: { id: input.cannedReplyId }, select })
  if (!reply) throw notFound()
  const ticket = await ctx.db.ticket.findUnique({ where: { id: input.ticketId }, select: deskTicketSelect })
  if (!ticket) throw ticketNotFound()
  const staff = await actingStaff(ctx.db, me.staffId)
  return { title: reply.title, body: fillPlaceholders(reply.body, placeholderValues(ticket, staff.name)) }
}
