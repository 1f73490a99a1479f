import { requireClient } from '../../access'
import { recordAuditEvent } from '../../audit'
import { getFileStore } from '../../platform'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { getSettings } from '../../settings'
import {
  checkAttachments,
  deleteStoredAttachments,
  getAttachmentRules,
  storeAttachments,
} from './attachments'
import { lockClientTicket, ticketForEmail } from './client-ticket'
import { parseWithAttachments, type AttachmentOptions } from './open-ticket'
import { claimTicketAttempt } from './rate-limit'
import { replyToTicketInput, type ReplyToTicketInput } from './schemas'
import { queueClientReplyEmail } from './ticket-emails'

/**
 * The client replies to their own ticket, with attachments. The ticket becomes CUSTOMER_REPLY
 * (a closed one too, when support.allowReopen is on; otherwise a closed ticket takes no replies),
 * its lastReplyAt moves, and the assignee (or the department) is emailed.
 */
export async function replyAsClient(
  ctx: Ctx,
  raw: ReplyToTicketInput,
  options: AttachmentOptions = {},
): Promise<{ messageId: string }> {
  const actor = requireClient(ctx.actor)
  const rules = await getAttachmentRules(ctx.db)
  const checked = checkAttachments(options.files ?? [], rules)
  const input = parseWithAttachments(() => parseInput(replyToTicketInput, raw), checked.issues)
  const allowReopen = (await getSettings(ctx.db))['support.allowReopen']

  // Existence and state first (nothing stored, no attempt counted for a ticket that is not theirs).
  await inTransaction(ctx, async (tx) => {
    const t = await lockClientTicket(tx.db, actor, input.number)
    if (t.status === 'CLOSED' && !allowReopen) throw closedRefusal()
  })
  await claimTicketAttempt(ctx, 'TICKET_REPLY', actor.clientId)

  const store = options.store ?? getFileStore()
  const stored = await storeAttachments(store, checked.files)
  try {
    return await inTransaction(ctx, async (tx) => {
      const t = await lockClientTicket(tx.db, actor, input.number)
      if (t.status === 'CLOSED' && !allowReopen) throw closedRefusal()
      const now = new Date()
      const message = await tx.db.ticketMessage.create({
        data: {
          ticketId: t.id,
          authorType: 'CLIENT',
          userId: actor.userId,
          body: input.message,
          attachments: { create: stored },
        },
        select: { id: true },
      })
      await tx.db.ticket.update({
        where: { id: t.id },
        data: { status: 'CUSTOMER_REPLY', lastReplyAt: now, closedAt: null },
        select: { id: true },
      })
      await recordAuditEvent(tx, {
        action: 'ticket.reply',
        targetType: 'Ticket',
        targetId: t.id,
        clientId: actor.clientId,
        before: { status: t.status },
        after: {
          status: 'CUSTOMER_REPLY',
          messageId: message.id,
          attachments: stored.map((a) => ({ fileName: a.fileName, size: a.size, sha256: a.sha256 })),
        },
      })
      await queueClientReplyEmail(tx.db, await ticketForEmail(tx.db, t, actor), {
        id: message.id,
        body: input.message,
      })
      return { messageId: message.id }
    })
  } catch (error) {
    await deleteStoredAttachments(store, stored)
    throw error
  }
}

function closedRefusal(): DomainError {
  return new DomainError('INVALID_TRANSITION', 'This ticket is closed. Please open a new ticket.', {
    field: 'message',
  })
}
