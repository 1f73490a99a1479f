import { requirePermission, requireStaff } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { assignTicketInput } from './schemas'
import { actingStaff, auditState, lockTicket } from './ticket-access'
import { queueTicketAssignedEmail } from './ticket-emails'

/**
 * Assigns (or reassigns, or with null unassigns) a ticket. The new assignee must be an active staff
 * member who may see tickets; they get the ticket-assigned email unless they assigned it to themselves.
 */
export async function assignTicket(ctx: Ctx, raw: unknown) {
  const me = requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(assignTicketInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    const assignee = input.assigneeId
      ? await tx.db.staff.findUnique({
          where: { id: input.assigneeId },
          select: {
            id: true,
            firstName: true,
            email: true,
            status: true,
            role: { select: { permissions: true } },
          },
        })
      : null
    if (input.assigneeId) {
      const canWork =
        assignee?.status === 'ACTIVE' &&
        (assignee.role.permissions as string[]).some((p) => p === 'support.view')
      if (!canWork)
        throw new DomainError('VALIDATION_FAILED', 'Choose an active staff member who can see tickets.', {
          field: 'assigneeId',
        })
    }
    if (t.assigneeId === (input.assigneeId ?? null)) return { ticketId: t.id, changed: false }
    await tx.db.ticket.update({ where: { id: t.id }, data: { assigneeId: input.assigneeId } })
    let emailId: string | null = null
    if (assignee && assignee.id !== me.staffId) {
      const by = await actingStaff(tx.db, me.staffId)
      emailId = await queueTicketAssignedEmail(tx.db, t, assignee, by.name)
    }
    await recordAuditEvent(tx, {
      action: 'ticket.assign',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      before: { assigneeId: t.assigneeId },
      after: { ...auditState({ ...t, assigneeId: input.assigneeId }), emailId },
    })
    return { ticketId: t.id, changed: true }
  })
}
