import type { Db } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import { recordJobRun } from '../../pipeline'
import { systemCtx, inTransaction } from '../../shared'
import { getSettings } from '../../settings'
import { AWAITING_STAFF_STATUSES } from './schemas'
import { lockTicket, type DeskTicket } from './ticket-access'
import { queueUnansweredEmail } from './ticket-emails'

const HOUR_MS = 3_600_000
const BATCH = 100

export interface UnansweredReminderReport {
  seen: number
  sent: number
  noRecipient: number
}

/** Who hears about a waiting ticket: its assignee (when active), else the department's address. */
async function recipientOf(
  db: Pick<Db, 'staff'>,
  t: DeskTicket,
): Promise<{ email: string; firstName: string; staffId: string | null } | null> {
  if (t.assignee) {
    const s = await db.staff.findUnique({ where: { id: t.assignee.id }, select: { status: true } })
    if (s?.status === 'ACTIVE')
      return { email: t.assignee.email, firstName: t.assignee.firstName, staffId: t.assignee.id }
  }
  if (t.department.email) return { email: t.department.email, firstName: t.department.name, staffId: null }
  return null
}

/**
 * Reminds staff of tickets waiting on them (OPEN or CUSTOMER_REPLY) for more than
 * `support.unansweredReminderHours` hours (0: off). At most once per ticket per waiting period:
 * TicketReminder's unique (ticketId, waitingSince = the ticket's lastReplyAt) is claimed in the
 * transaction that queues the email, so a repeat, or two workers at once, send one. A new client
 * message starts a new period. Recorded as a JobRun keyed by the hour (`now`).
 */
export async function sendUnansweredTicketReminders(
  db: Db,
  now: Date,
  options: { triggeredBy?: string } = {},
): Promise<UnansweredReminderReport & { status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED' }> {
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS)
  const outcome = await recordJobRun(
    db,
    {
      job: 'support.unanswered-reminders',
      runKey: hour.toISOString().slice(0, 13),
      triggeredBy: options.triggeredBy ?? 'cron',
    },
    async (progress) => {
      const report: UnansweredReminderReport = { seen: 0, sent: 0, noRecipient: 0 }
      const hours = (await getSettings(db))['support.unansweredReminderHours']
      if (hours === 0) return report
      const cutoff = new Date(now.getTime() - hours * HOUR_MS)
      let afterId: string | null = null
      for (;;) {
        const due: { id: string }[] = await db.ticket.findMany({
          where: {
            status: { in: [...AWAITING_STAFF_STATUSES] },
            lastReplyAt: { lte: cutoff },
            ...(afterId ? { id: { gt: afterId } } : {}),
          },
          orderBy: { id: 'asc' },
          take: BATCH,
          select: { id: true },
        })
        if (!due.length) break
        afterId = due[due.length - 1]!.id
        for (const { id } of due) {
          report.seen += 1
          const result = await remindOne(db, id, cutoff, now)
          if (result === 'sent') report.sent += 1
          if (result === 'no-recipient') report.noRecipient += 1
        }
        await progress(report.seen)
        if (due.length < BATCH) break
      }
      return report
    },
  )
  return { status: outcome.status, ...(outcome.result ?? { seen: 0, sent: 0, noRecipient: 0 }) }
}

async function remindOne(
  db: Db,
  ticketId: string,
  cutoff: Date,
  now: Date,
): Promise<'sent' | 'no-recipient' | 'skipped'> {
  return inTransaction(systemCtx(db, 'support unanswered reminder'), async (tx) => {
    const t = await lockTicket(tx.db, ticketId)
    const isWaiting = (AWAITING_STAFF_STATUSES as readonly string[]).includes(t.status)
    if (!isWaiting || t.lastReplyAt > cutoff) return 'skipped'
    const claimed = await tx.db.ticketReminder.createMany({
      data: [{ ticketId: t.id, waitingSince: t.lastReplyAt }],
      skipDuplicates: true,
    })
    if (claimed.count === 0) return 'skipped'
    const to = await recipientOf(tx.db, t)
    const hoursWaiting = Math.floor((now.getTime() - t.lastReplyAt.getTime()) / HOUR_MS)
    const emailId = to ? await queueUnansweredEmail(tx.db, t, to, hoursWaiting) : null
    await recordAuditEvent(tx, {
      action: 'ticket.unanswered-reminder',
      targetType: 'Ticket',
      targetId: t.id,
      clientId: t.clientId,
      after: { waitingSince: t.lastReplyAt, hoursWaiting, to: to?.email ?? null, emailId },
    })
    return to ? 'sent' : 'no-recipient'
  })
}
