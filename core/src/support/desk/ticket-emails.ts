import type { DbClient } from '@berth/prisma'
import { portalLink } from '../../accounts'
import { queueEmail } from '../../notifications'
import { markdownToText } from '../../shared'
import { ticketEmailHeaders, type TicketEmailAudience } from '../tickets'
import { TICKET_PRIORITY_LABELS } from './schemas'
import { adminTicketLink, clientLabelOf, requesterOf, type DeskTicket } from './ticket-access'

const EXCERPT_LENGTH = 400

/** A plain-text excerpt of a Markdown body (HTML and Markdown stripped; the template escapes it). */
export function excerptOf(markdown: string): string {
  const text = markdownToText(markdown).replace(/\s+/g, ' ').trim()
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text
}

/** Message-ID/In-Reply-To/References (H1's scheme): each email threads under the ticket's first one. */
async function threadHeaders(
  db: DbClient,
  t: DeskTicket,
  messageKey: string,
  audience: TicketEmailAudience,
): Promise<Record<string, string>> {
  const first = await db.ticketMessage.findFirst({
    where: { ticketId: t.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  })
  return ticketEmailHeaders({
    publicNumber: t.publicNumber,
    firstMessageId: first?.id ?? t.id,
    messageKey,
    audience,
  })
}

function ticketUrl(t: DeskTicket): string {
  return portalLink(`tickets/${encodeURIComponent(t.publicNumber)}`)
}

/** A staff reply, to the client who opened the ticket (never for internal notes). */
export async function queueStaffReplyEmail(
  db: DbClient,
  t: DeskTicket,
  reply: { staffName: string; body: string; messageId: string },
): Promise<string | null> {
  const to = requesterOf(t)
  if (!to.email) return null
  return queueEmail(db, {
    template: 'ticket-staff-reply',
    to: to.email,
    clientId: t.clientId,
    userId: t.userId,
    props: {
      firstName: to.firstName,
      ticketNumber: t.publicNumber,
      subject: t.subject,
      staffName: reply.staffName,
      excerpt: excerptOf(reply.body),
      ticketUrl: ticketUrl(t),
    },
    headers: await threadHeaders(db, t, reply.messageId, 'client'),
  })
}

export async function queueTicketClosedEmail(
  db: DbClient,
  t: DeskTicket,
  how: { isAutomatic: boolean; idleDays: number },
): Promise<string | null> {
  const to = requesterOf(t)
  if (!to.email) return null
  return queueEmail(db, {
    template: 'ticket-closed',
    to: to.email,
    clientId: t.clientId,
    userId: t.userId,
    props: {
      firstName: to.firstName,
      ticketNumber: t.publicNumber,
      subject: t.subject,
      isAutomatic: how.isAutomatic,
      idleDays: how.idleDays,
      ticketUrl: ticketUrl(t),
    },
    headers: await threadHeaders(db, t, `closed-${Date.now()}`, 'client'),
  })
}

async function lastClientExcerpt(db: DbClient, ticketId: string): Promise<string> {
  const m = await db.ticketMessage.findFirst({
    where: { ticketId, authorType: 'CLIENT' },
    orderBy: { createdAt: 'desc' },
    select: { body: true },
  })
  return m ? excerptOf(m.body) : ''
}

export async function queueTicketAssignedEmail(
  db: DbClient,
  t: DeskTicket,
  assignee: { id: string; firstName: string; email: string },
  assignedBy: string,
): Promise<string> {
  return queueEmail(db, {
    template: 'ticket-assigned',
    to: assignee.email,
    staffId: assignee.id,
    props: {
      firstName: assignee.firstName,
      ticketNumber: t.publicNumber,
      subject: t.subject,
      assignedBy,
      clientName: clientLabelOf(t),
      departmentName: t.department.name,
      priority: TICKET_PRIORITY_LABELS[t.priority],
      excerpt: await lastClientExcerpt(db, t.id),
      ticketUrl: adminTicketLink(t.id),
    },
    headers: await threadHeaders(db, t, `assigned-${Date.now()}`, 'staff'),
  })
}

export async function queueUnansweredEmail(
  db: DbClient,
  t: DeskTicket,
  to: { email: string; firstName: string; staffId: string | null },
  hoursWaiting: number,
): Promise<string> {
  return queueEmail(db, {
    template: 'ticket-unanswered',
    to: to.email,
    staffId: to.staffId,
    props: {
      firstName: to.firstName,
      ticketNumber: t.publicNumber,
      subject: t.subject,
      clientName: clientLabelOf(t),
      departmentName: t.department.name,
      priority: TICKET_PRIORITY_LABELS[t.priority],
      hoursWaiting,
      excerpt: await lastClientExcerpt(db, t.id),
      ticketUrl: adminTicketLink(t.id),
    },
    headers: await threadHeaders(db, t, `reminder-${t.lastReplyAt.getTime()}`, 'staff'),
  })
}
