import { requirePermission, requireStaff } from '../../access'
import { recordAuditEvent } from '../../audit'
import { inTransaction, parseInput, type Ctx } from '../../shared'
import { fillPlaceholders, placeholderValues } from './placeholders'
import { internalNoteInput, staffReplyInput } from './schemas'
import { actingStaff, lockTicket } from './ticket-access'
import { queueStaffReplyEmail } from './ticket-emails'

/**
 * Staff answer a ticket: the message (Markdown, placeholders filled in) goes into the thread, the
 * ticket becomes ANSWERED (a closed one reopens), and the client gets the ticket-staff-reply email.
 */
export async function replyToTicket(ctx: Ctx, raw: unknown) {
  const me = requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.reply')
  const input = parseInput(staffReplyInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    const staff = await actingStaff(tx.db, me.staffId)
    const body = fillPlaceholders(input.body, placeholderValues(t, staff.name))
    const now = new Date()
    const message = await tx.db.ticketMessage.create({
      data: {
        ticketId: t.id,
        authorType: 'STAFF',
        staffId: staff.id,
        body,
        isInternal: false,
        createdAt: now,
      },
      select: { id: true },
    })
    await tx.db.ticket.update({
      where: { id: t.id },
      data: { status: 'ANSWERED', lastReplyAt: now, closedAt: null },
    })
    const emailId = await queueStaffReplyEmail(tx.db, t, {
      staffName: staff.name,
      body,
      messageId: message.id,
    })
    await recordAuditEvent(tx, {
      action: 'ticket.reply',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      before: { status: t.status, lastReplyAt: t.lastReplyAt },
      after: { status: 'ANSWERED', lastReplyAt: now, messageId: message.id, emailId },
    })
    return { ticketId: t.id, messageId: message.id }
  })
}

/**
 * An internal note: staff-only (isInternal), never shown in the portal and never emailed to the
 * client. It changes neither the status nor lastReplyAt, so it does not stop the clocks of the
 * auto-close and the unanswered reminder.
 */
export async function addInternalNote(ctx: Ctx, raw: unknown) {
  const me = requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.reply')
  const input = parseInput(internalNoteInput, raw)
  return inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    const message = await tx.db.ticketMessage.create({
      data: { ticketId: t.id, authorType: 'STAFF', staffId: me.staffId, body: input.body, isInternal: true },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'ticket.note',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      after: { messageId: message.id, isInternal: true },
    })
    return { ticketId: t.id, messageId: message.id }
  })
}
