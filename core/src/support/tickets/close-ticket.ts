import { requireClient } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, type Ctx } from '../../shared'
import { getSettings } from '../../settings'
import { lockClientTicket } from './client-ticket'

/** The client closes their own ticket; closing a closed ticket changes nothing. */
export async function closeTicket(ctx: Ctx, input: { number: string }): Promise<{ changed: boolean }> {
  const actor = requireClient(ctx.actor)
  return inTransaction(ctx, async (tx) => {
    const t = await lockClientTicket(tx.db, actor, input.number)
    if (t.status === 'CLOSED') return { changed: false }
    await tx.db.ticket.update({
      where: { id: t.id },
      data: { status: 'CLOSED', closedAt: new Date() },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'ticket.close',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: actor.clientId,
      before: { status: t.status },
      after: { status: 'CLOSED' },
    })
    return { changed: true }
  })
}

/** The client reopens their closed ticket, when support.allowReopen is on. It becomes OPEN. */
export async function reopenTicket(ctx: Ctx, input: { number: string }): Promise<{ changed: boolean }> {
  const actor = requireClient(ctx.actor)
  const allowReopen = (await getSettings(ctx.db))['support.allowReopen']
  return inTransaction(ctx, async (tx) => {
    const t = await lockClientTicket(tx.db, actor, input.number)
    if (t.status !== 'CLOSED') return { changed: false }
    if (!allowReopen) {
      throw new DomainError(
        'INVALID_TRANSITION',
        'Closed tickets cannot be reopened. Please open a new ticket.',
      )
    }
    await tx.db.ticket.update({
      where: { id: t.id },
      data: { status: 'OPEN', closedAt: null, lastReplyAt: new Date() },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'ticket.reopen',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: actor.clientId,
      before: { status: 'CLOSED' },
      after: { status: 'OPEN' },
    })
    return { changed: true }
  })
}
