import type { DbClient } from '@berth/prisma'
import { DomainError, type Actor } from '../../shared'
import type { TicketForEmail } from './ticket-emails'
import { normalizePublicNumber } from './public-number'

/** The one refusal for a ticket or attachment the client cannot see: it does not exist for them. */
export function ticketNotFoundForClient(): DomainError {
  return new DomainError('NOT_FOUND', 'This ticket does not exist.')
}

/**
 * Locks and reads the client's own ticket by its public number: the lookup always includes the
 * client id, so another client's number is simply not found.
 */
export async function lockClientTicket(
  db: DbClient,
  actor: Extract<Actor, { type: 'client' }>,
  rawNumber: string,
) {
  const publicNumber = normalizePublicNumber(rawNumber)
  if (!publicNumber) throw ticketNotFoundForClient()
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "Ticket"
    WHERE "publicNumber" = ${publicNumber} AND "clientId" = ${actor.clientId}::uuid
    FOR UPDATE`
  if (!rows[0]) throw ticketNotFoundForClient()
  return db.ticket.findUniqueOrThrow({
    where: { id: rows[0].id },
    select: {
      id: true,
      publicNumber: true,
      subject: true,
      status: true,
      clientId: true,
      closedAt: true,
      department: { select: { name: true, email: true } },
      assignee: { select: { id: true, firstName: true, email: true, status: true } },
      user: { select: { id: true, firstName: true, lastName: true, email: true } },
      messages: { orderBy: { createdAt: 'asc' }, take: 1, select: { id: true } },
    },
  })
}

type LockedTicket = Awaited<ReturnType<typeof lockClientTicket>>

/** The ticket as the email helpers need it; the user who opened it, else the one acting. */
export async function ticketForEmail(
  db: DbClient,
  t: LockedTicket,
  actor: Extract<Actor, { type: 'client' }>,
): Promise<TicketForEmail> {
  const user =
    t.user ??
    (await db.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: { id: true, firstName: true, lastName: true, email: true },
    }))
  return {
    id: t.id,
    publicNumber: t.publicNumber,
    subject: t.subject,
    clientId: actor.clientId,
    firstMessageId: t.messages[0]?.id ?? t.id,
    department: t.department,
    user,
    assignee: t.assignee && t.assignee.status === 'ACTIVE' ? t.assignee : null,
  }
}
