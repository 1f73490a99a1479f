import type { DbClient, Prisma } from '@berth/prisma'
import { DomainError } from '../../shared'

/** Refusal for a ticket that does not exist (or that the asker may not know exists). */
export function ticketNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This ticket does not exist.')
}

/** What the staff use cases read of a ticket: enough for checks, audit, placeholders and emails. */
export const deskTicketSelect = {
  id: true,
  publicNumber: true,
  subject: true,
  status: true,
  priority: true,
  clientId: true,
  userId: true,
  guestName: true,
  guestEmail: true,
  departmentId: true,
  assigneeId: true,
  lastReplyAt: true,
  closedAt: true,
  createdAt: true,
  client: { select: { companyName: true } },
  user: { select: { firstName: true, lastName: true, email: true } },
  department: { select: { name: true, email: true } },
  assignee: { select: { id: true, firstName: true, lastName: true, email: true } },
} as const satisfies Prisma.TicketSelect

export type DeskTicket = Prisma.TicketGetPayload<{ select: typeof deskTicketSelect }>

/**
 * Locks the ticket row for the rest of the transaction and reads it: two staff acting on one
 * ticket at once (assigning, merging, replying) run one after the other.
 */
export async function lockTicket(db: DbClient, ticketId: string): Promise<DeskTicket> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "Ticket" WHERE "id" = ${ticketId}::uuid FOR UPDATE`
  if (!rows.length) throw ticketNotFound()
  return db.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: deskTicketSelect })
}

/** The person the ticket is with: the client user who opened it, or the guest. */
export function requesterOf(t: DeskTicket): { firstName: string; fullName: string; email: string | null } {
  if (t.user)
    return {
      firstName: t.user.firstName,
      fullName: `${t.user.firstName} ${t.user.lastName}`.trim(),
      email: t.user.email,
    }
  const name = t.guestName?.trim() || 'there'
  return { firstName: name.split(/\s+/)[0] ?? name, fullName: name, email: t.guestEmail }
}

/** How the console names the client of a ticket: the company, else the person. */
export function clientLabelOf(t: DeskTicket): string {
  return t.client?.companyName?.trim() || requesterOf(t).fullName
}

export function staffName(s: { firstName: string; lastName: string }): string {
  return `${s.firstName} ${s.lastName}`.trim()
}

/** The staff member acting, as the thread and the emails name them. */
export async function actingStaff(db: DbClient, staffId: string) {
  const s = await db.staff.findUnique({
    where: { id: staffId },
    select: { id: true, firstName: true, lastName: true, email: true },
  })
  if (!s) throw new DomainError('FORBIDDEN', 'Only staff can do this.')
  return { ...s, name: staffName(s) }
}

/** Absolute link to a ticket in the admin console, for staff emails. */
export function adminTicketLink(ticketId: string): string {
  const base = (process.env.ADMIN_URL ?? 'http://localhost:3001/admin').replace(/\/+$/, '')
  return `${base}/resources/Ticket/records/${ticketId}/show`
}

/** The ticket's state as the audit log records it before and after a change. */
export function auditState(t: {
  status: string
  priority: string
  departmentId: string
  assigneeId: string | null
}) {
  return { status: t.status, priority: t.priority, departmentId: t.departmentId, assigneeId: t.assigneeId }
}
