import { requirePermission, requireStaff } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { mergeTicketsInput } from './schemas'
import { lockTicket, type DeskTicket } from './ticket-access'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function sameRequester(a: DeskTicket, b: DeskTicket): boolean {
  if (a.clientId || b.clientId) return a.clientId === b.clientId
  return !!a.guestEmail && a.guestEmail.toLowerCase() === b.guestEmail?.toLowerCase()
}

/**
 * Merges ticket B (`sourceTicket`, by id or public number) into ticket A (`ticketId`): B's messages
 * (with their attachments) move into A, where the thread orders everything by time; B is closed with
 * a system message pointing to A, and A records where the messages came from. Both must belong to
 * the same client. support.manage.
 */
export async function mergeTickets(ctx: Ctx, raw: unknown) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(mergeTicketsInput, raw)
  return inTransaction(ctx, async (tx) => {
    const source = await tx.db.ticket.findFirst({
      where: UUID.test(input.sourceTicket)
        ? { id: input.sourceTicket }
        : { publicNumber: input.sourceTicket.toUpperCase().replace(/^#/, '') },
      select: { id: true },
    })
    if (!source)
      throw new DomainError('VALIDATION_FAILED', 'No ticket has this number.', { field: 'sourceTicket' })
    if (source.id === input.ticketId)
      throw new DomainError('VALIDATION_FAILED', 'A ticket cannot be merged into itself.', {
        field: 'sourceTicket',
      })
    // Both rows locked in id order, so two merges of the same pair never deadlock.
    const [first, second] = [input.ticketId, source.id].sort()
    const locked = new Map<string, DeskTicket>()
    for (const id of [first!, second!]) locked.set(id, await lockTicket(tx.db, id))
    const a = locked.get(input.ticketId)!
    const b = locked.get(source.id)!
    if (!sameRequester(a, b))
      throw new DomainError('VALIDATION_FAILED', 'Only tickets of the same client can be merged.', {
        field: 'sourceTicket',
      })
    const moved = await tx.db.ticketMessage.updateMany({
      where: { ticketId: b.id },
      data: { ticketId: a.id },
    })
    const now = new Date()
    await tx.db.ticketMessage.create({
      data: {
        ticketId: b.id,
        authorType: 'SYSTEM',
        body: `This ticket was merged into ticket #${a.publicNumber}. Please continue there.`,
        createdAt: now,
      },
    })
    await tx.db.ticketMessage.create({
      data: {
        ticketId: a.id,
        authorType: 'SYSTEM',
        body: `Ticket #${b.publicNumber} ("${b.subject}") was merged into this ticket.`,
        createdAt: now,
      },
    })
    const lastReplyAt = b.lastReplyAt > a.lastReplyAt ? b.lastReplyAt : a.lastReplyAt
    await tx.db.ticket.update({ where: { id: a.id }, data: { lastReplyAt } })
    await tx.db.ticket.update({ where: { id: b.id }, data: { status: 'CLOSED', closedAt: now } })
    await recordAuditEvent(tx, {
      action: 'ticket.merge',
      targetType: 'Ticket',
      targetId: a.id,
      clientId: a.clientId,
      before: { sourceTicketId: b.id, sourceStatus: b.status, lastReplyAt: a.lastReplyAt },
      after: { sourceTicketId: b.id, sourceStatus: 'CLOSED', messagesMoved: moved.count, lastReplyAt },
    })
    return { ticketId: a.id, sourceTicketId: b.id, messagesMoved: moved.count }
  })
}
