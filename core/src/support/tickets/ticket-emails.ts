import type { DbClient } from '@berth/prisma'
import { portalLink } from '../../accounts'
import { queueEmail } from '../../notifications'
import { markdownToText } from '../../shared'
import { ticketEmailHeaders } from './email-threading'

/** A plain-text excerpt of a message for emails: Markdown stripped, at most 600 characters. */
export function messageExcerpt(markdown: string, max = 600): string {
  const text = markdownToText(markdown).replace(/\s+\n/g, '\n')
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}

function adminTicketUrl(ticketId: string): string {
  const base = (process.env.ADMIN_URL ?? 'http://localhost:3001/admin').replace(/\/+$/, '')
  return `${base}/resources/Ticket/records/${ticketId}/show`
}

export interface TicketForEmail {
  id: string
  publicNumber: string
  subject: string
  clientId: string
  firstMessageId: string
  department: { name: string; email: string | null }
  user: { id: string; firstName: string; lastName: string; email: string }
  assignee: { id: string; firstName: string; email: string } | null
}

const clientNameOf = (t: TicketForEmail) => `${t.user.firstName} ${t.user.lastName}`.trim()

/** ticket-opened to the client, and a staff copy to the department's address when it has one. */
export async function queueTicketOpenedEmails(db: DbClient, t: TicketForEmail, body: string): Promise<void> {
  const common = {
    ticketNumber: t.publicNumber,
    subject: t.subject,
    departmentName: t.department.name,
    clientName: clientNameOf(t),
    excerpt: messageExcerpt(body),
  }
  const thread = {
    publicNumber: t.publicNumber,
    firstMessageId: t.firstMessageId,
    messageKey: t.firstMessageId,
  }
  await queueEmail(db, {
    template: 'ticket-opened',
    to: t.user.email,
    clientId: t.clientId,
    userId: t.user.id,
    props: {
      ...common,
      firstName: t.user.firstName,
      isStaffCopy: false,
      ticketUrl: portalLink(`/tickets/${t.publicNumber}`),
    },
    headers: ticketEmailHeaders({ ...thread, audience: 'client' }),
  })
  if (t.department.email) {
    await queueEmail(db, {
      template: 'ticket-opened',
      to: t.department.email,
      clientId: t.clientId,
      props: { ...common, firstName: t.department.name, isStaffCopy: true, ticketUrl: adminTicketUrl(t.id) },
      headers: ticketEmailHeaders({ ...thread, audience: 'staff' }),
    })
  }
}

/** ticket-client-reply to the assignee, else to the department's address; nobody: no email. */
export async function queueClientReplyEmail(
  db: DbClient,
  t: TicketForEmail,
  message: { id: string; body: string },
): Promise<void> {
  const to = t.assignee
    ? { email: t.assignee.email, firstName: t.assignee.firstName, staffId: t.assignee.id }
    : t.department.email
      ? { email: t.department.email, firstName: t.department.name, staffId: null }
      : null
  if (!to) return
  await queueEmail(db, {
    template: 'ticket-client-reply',
    to: to.email,
    clientId: t.clientId,
    staffId: to.staffId,
    props: {
      firstName: to.firstName,
      ticketNumber: t.publicNumber,
      subject: t.subject,
      clientName: clientNameOf(t),
      excerpt: messageExcerpt(message.body),
      ticketUrl: adminTicketUrl(t.id),
    },
    headers: ticketEmailHeaders({
      publicNumber: t.publicNumber,
      firstMessageId: t.firstMessageId,
      messageKey: message.id,
      audience: 'staff',
    }),
  })
}
