import { requirePermission, requireStaff } from '../../access'
import { recordAuditEvent } from '../../audit'
import type { DbClient } from '@berth/prisma'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import {
  changeTicketDepartmentInput,
  changeTicketPriorityInput,
  changeTicketStatusInput,
  closeTicketInput,
} from './schemas'
import { lockTicket, type DeskTicket } from './ticket-access'
import { queueTicketClosedEmail } from './ticket-emails'

/** Moves a ticket to another department (support.manage). */
export async function changeTicketDepartment(ctx: Ctx, raw: unknown) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(changeTicketDepartmentInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    const department = await tx.db.department.findUnique({
      where: { id: input.departmentId },
      select: { id: true },
    })
    if (!department)
      throw new DomainError('VALIDATION_FAILED', 'Choose a department.', { field: 'departmentId' })
    if (t.departmentId === department.id) return { ticketId: t.id, changed: false }
    await tx.db.ticket.update({ where: { id: t.id }, data: { departmentId: department.id } })
    await recordAuditEvent(tx, {
      action: 'ticket.department',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      before: { departmentId: t.departmentId },
      after: { departmentId: department.id },
    })
    return { ticketId: t.id, changed: true }
  })
}

/** Changes a ticket's priority (support.manage). */
export async function changeTicketPriority(ctx: Ctx, raw: unknown) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(changeTicketPriorityInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    if (t.priority === input.priority) return { ticketId: t.id, changed: false }
    await tx.db.ticket.update({ where: { id: t.id }, data: { priority: input.priority } })
    await recordAuditEvent(tx, {
      action: 'ticket.priority',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      before: { priority: t.priority },
      after: { priority: input.priority },
    })
    return { ticketId: t.id, changed: true }
  })
}

/**
 * Closes a locked ticket inside the caller's transaction: status CLOSED, closedAt, an optional
 * system message in the thread, the ticket-closed email. The one home of "closing a ticket" for
 * staff and for the daily run's auto-close.
 */
export async function closeLockedTicket(
  tx: Ctx & { db: DbClient },
  t: DeskTicket,
  how: { isAutomatic: boolean; idleDays: number; systemMessage?: string; action: string },
) {
  const now = new Date()
  await tx.db.ticket.update({ where: { id: t.id }, data: { status: 'CLOSED', closedAt: now } })
  if (how.systemMessage)
    await tx.db.ticketMessage.create({
      data: {
        ticketId: t.id,
        authorType: 'SYSTEM',
        body: how.systemMessage,
        isInternal: false,
        createdAt: now,
      },
    })
  const emailId = await queueTicketClosedEmail(tx.db, t, how)
  await recordAuditEvent(tx, {
    action: how.action,
    targetType: 'Ticket',
    targetId: t.id,
    clientId: t.clientId,
    before: { status: t.status, closedAt: t.closedAt },
    after: { status: 'CLOSED', closedAt: now, emailId },
  })
  return { ticketId: t.id, closedAt: now, emailId }
}

/** Staff close a ticket (support.manage); the client gets the ticket-closed email. */
export async function closeTicketAsStaff(ctx: Ctx, raw: unknown) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(closeTicketInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    if (t.status === 'CLOSED') throw new DomainError('INVALID_TRANSITION', 'This ticket is already closed.')
    return closeLockedTicket(tx, t, { isAutomatic: false, idleDays: 0, action: 'ticket.close' })
  })
}

/**
 * Sets any status (support.manage). CLOSED closes as closeTicketAsStaff does; leaving CLOSED
 * reopens the ticket (closedAt cleared).
 */
export async function changeTicketStatus(ctx: Ctx, raw: unknown) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(changeTicketStatusInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    if (t.status === input.status) return { ticketId: t.id, changed: false }
    if (input.status === 'CLOSED') {
      await closeLockedTicket(tx, t, { isAutomatic: false, idleDays: 0, action: 'ticket.close' })
      return { ticketId: t.id, changed: true }
    }
    await tx.db.ticket.update({ where: { id: t.id }, data: { status: input.status, closedAt: null } })
    await recordAuditEvent(tx, {
      action: 'ticket.status',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      before: { status: t.status, closedAt: t.closedAt },
      after: { status: input.status, closedAt: null },
    })
    return { ticketId: t.id, changed: true }
  })
}
