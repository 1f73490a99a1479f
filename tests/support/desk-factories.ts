import { randomBytes } from 'node:crypto'
import { getDb, type Db, type TicketPriority, type TicketStatus } from '@berth/prisma'

/**
 * Support-desk test data written straight to the tables: departments and tickets in any state (a
 * ticket answered ten days ago), which the client-side use cases cannot make on their own.
 */
export async function makeDepartment(
  overrides: { name?: string; email?: string | null; isHidden?: boolean } = {},
  db: Db = getDb(),
) {
  return db.department.create({
    data: {
      name: overrides.name ?? `Dept ${randomBytes(4).toString('hex')}`,
      email:
        overrides.email === undefined
          ? `dept-${randomBytes(4).toString('hex')}@example.test`
          : overrides.email,
      isHidden: overrides.isHidden ?? false,
    },
    select: { id: true, name: true, email: true },
  })
}

export interface TicketSpec {
  clientId: string
  userId: string
  departmentId: string
  subject?: string
  body?: string
  status?: TicketStatus
  priority?: TicketPriority
  assigneeId?: string | null
  lastReplyAt?: Date
  createdAt?: Date
}

/** A ticket with its first client message (both dated createdAt, default lastReplyAt). */
export async function makeTicket(spec: TicketSpec, db: Db = getDb()) {
  const createdAt = spec.createdAt ?? spec.lastReplyAt ?? new Date()
  return db.ticket.create({
    data: {
      clientId: spec.clientId,
      userId: spec.userId,
      departmentId: spec.departmentId,
      subject: spec.subject ?? 'Mail not arriving',
      status: spec.status ?? 'OPEN',
      priority: spec.priority ?? 'MEDIUM',
      assigneeId: spec.assigneeId ?? null,
      lastReplyAt: spec.lastReplyAt ?? createdAt,
      createdAt,
      messages: {
        create: {
          authorType: 'CLIENT',
          userId: spec.userId,
          body: spec.body ?? 'Since this morning no mail reaches our mailboxes.',
          createdAt,
        },
      },
    },
    select: { id: true, publicNumber: true, subject: true },
  })
}
