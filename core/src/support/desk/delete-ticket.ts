import { requirePermission, requireStaff } from '../../access'
import { getFileStore, type FileStore } from '../../platform'
import { recordAuditEvent } from '../../audit'
import { inTransaction, parseInput, type Ctx } from '../../shared'
import { deleteTicketInput } from './schemas'
import { deleteStoredAttachments } from '../tickets'
import { auditState, lockTicket } from './ticket-access'

/**
 * Deletes a ticket with its messages and attachment rows (support.manage); the audit event keeps
 * its number, subject, client and state, and the storage keys of its files. The files are removed
 * from the FileStore after the commit (best effort), and only when this call owns the transaction.
 */
export async function deleteTicket(ctx: Ctx, raw: unknown, store?: FileStore) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(deleteTicketInput, raw)
  const ownsTransaction = typeof (ctx.db as { $transaction?: unknown }).$transaction === 'function'
  const result = await inTransaction(ctx, async (tx) => {
    const t = await lockTicket(tx.db, input.ticketId)
    const files = await tx.db.attachment.findMany({
      where: { message: { ticketId: t.id } },
      select: { storageKey: true },
    })
    const messages = await tx.db.ticketMessage.count({ where: { ticketId: t.id } })
    await tx.db.ticket.delete({ where: { id: t.id } })
    await recordAuditEvent(tx, {
      action: 'ticket.delete',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      before: {
        publicNumber: t.publicNumber,
        subject: t.subject,
        ...auditState(t),
        messages,
        storageKeys: files.map((f) => f.storageKey),
      },
    })
    return { ticketId: t.id, storageKeys: files.map((f) => f.storageKey) }
  })
  if (ownsTransaction && result.storageKeys.length)
    await deleteStoredAttachments(
      store ?? getFileStore(),
      result.storageKeys.map((storageKey) => ({ storageKey })),
    )
  return result
}
