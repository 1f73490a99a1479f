import { defineStep, type DueItem } from '../../pipeline'
import { getSettings } from '../../settings'
import { closeLockedTicket } from './change-ticket'
import { lockTicket } from './ticket-access'

const DAY_MS = 86_400_000

/**
 * The daily run's ticket auto-close: tickets ANSWERED (waiting on the client) whose last reply is
 * more than `support.autoCloseDays` days before the run's date (0: off) close with a system message
 * and the ticket-closed email. Once per ticket: the item is re-read under the ticket's row lock and
 * a closed ticket no longer qualifies, so a repeat or a second run at once writes nothing.
 */
export const ticketAutoCloseStep = defineStep<DueItem>({
  name: 'ticket-auto-close',
  async select(db, asOf, afterKey, limit) {
    const days = (await getSettings(db))['support.autoCloseDays']
    if (days === 0) return []
    const cutoff = new Date(asOf.getTime() - days * DAY_MS)
    const rows = await db.ticket.findMany({
      where: {
        status: 'ANSWERED',
        lastReplyAt: { lt: cutoff },
        ...(afterKey ? { id: { gt: afterKey } } : {}),
      },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, clientId: true },
    })
    // Guest tickets have no client: their own id stands in for the per-client lock.
    return rows.map((r) => ({ key: r.id, clientId: r.clientId ?? r.id }))
  },
  async processItem(tx, item, asOf) {
    const days = (await getSettings(tx.db))['support.autoCloseDays']
    if (days === 0) return { changed: false }
    const t = await lockTicket(tx.db, item.key)
    const cutoff = new Date(asOf.getTime() - days * DAY_MS)
    if (t.status !== 'ANSWERED' || t.lastReplyAt >= cutoff) return { changed: false }
    await closeLockedTicket(tx, t, {
      isAutomatic: true,
      idleDays: days,
      action: 'ticket.auto-close',
      systemMessage: `This ticket was closed automatically after ${days} days without a reply. Reply to reopen it.`,
    })
    return { changed: true, counts: { ticketsClosed: 1 } }
  },
})
