import type { Prisma } from '@berth/prisma'
import { requirePermission, requireStaff } from '../../access'
import { parseInput, type Ctx } from '../../shared'
import { TICKET_STATUSES, ticketQueueInput, type TicketPriorityName, type TicketStatusName } from './schemas'

const OPEN_STATUSES = TICKET_STATUSES.filter((s) => s !== 'CLOSED')

export interface QueueTicket {
  id: string
  publicNumber: string
  subject: string
  status: TicketStatusName
  priority: TicketPriorityName
  clientId: string | null
  clientLabel: string
  departmentId: string
  departmentName: string
  assigneeId: string | null
  assigneeName: string | null
  lastReplyAt: Date
  createdAt: Date
}

export interface TicketQueuePage {
  tickets: QueueTicket[]
  total: number
  page: number
  perPage: number
  pages: number
}

/** The queue's filters as a Prisma where (each one served by an index of Ticket). */
export function ticketQueueWhere(
  input: ReturnType<typeof ticketQueueInput.parse>,
  staffId: string,
): Prisma.TicketWhereInput {
  const where: Prisma.TicketWhereInput = {}
  if (input.status === 'ACTIVE') where.status = { not: 'CLOSED' }
  else if (input.status !== 'ALL') where.status = input.status
  if (input.priority) where.priority = input.priority
  if (input.departmentId) where.departmentId = input.departmentId
  if (input.clientId) where.clientId = input.clientId
  if (input.assignee === 'mine') where.assigneeId = staffId
  else if (input.assignee === 'unassigned') where.assigneeId = null
  else if (input.assignee) where.assigneeId = input.assignee
  return where
}

/**
 * The staff ticket queue: filtered (status, priority, department, assignee / "mine" / unassigned),
 * sorted by status, then the most urgent, then the longest waiting (the order of the index
 * Ticket_queue_order_idx, so a page is read straight off it), offset-paged with the total count.
 */
export async function listTicketQueue(ctx: Ctx, raw: unknown = {}): Promise<TicketQueuePage> {
  const me = requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.view')
  const input = parseInput(ticketQueueInput, raw)
  const where = ticketQueueWhere(input, me.staffId)
  const [rows, total] = await Promise.all([
    ctx.db.ticket.findMany({
      where,
      orderBy: [{ status: 'asc' }, { priority: 'desc' }, { lastReplyAt: 'asc' }, { id: 'asc' }],
      skip: (input.page - 1) * input.perPage,
      take: input.perPage,
      select: {
        id: true,
        publicNumber: true,
        subject: true,
        status: true,
        priority: true,
        clientId: true,
        guestName: true,
        departmentId: true,
        assigneeId: true,
        lastReplyAt: true,
        createdAt: true,
        client: { select: { companyName: true } },
        user: { select: { firstName: true, lastName: true } },
        department: { select: { name: true } },
        assignee: { select: { firstName: true, lastName: true } },
      },
    }),
    // The count names the open statuses instead of "not CLOSED": an index range per status, not a
    // filter over every closed ticket (the page itself reads the order index and stops at the limit).
    ctx.db.ticket.count({
      where: input.status === 'ACTIVE' ? { ...where, status: { in: OPEN_STATUSES } } : where,
    }),
  ])
  return {
    tickets: rows.map((r) => ({
      id: r.id,
      publicNumber: r.publicNumber,
      subject: r.subject,
      status: r.status,
      priority: r.priority,
      clientId: r.clientId,
      clientLabel:
        r.client?.companyName?.trim() ||
        (r.user ? `${r.user.firstName} ${r.user.lastName}`.trim() : r.guestName || 'Guest'),
      departmentId: r.departmentId,
      departmentName: r.department.name,
      assigneeId: r.assigneeId,
      assigneeName: r.assignee ? `${r.assignee.firstName} ${r.assignee.lastName}`.trim() : null,
      lastReplyAt: r.lastReplyAt,
      createdAt: r.createdAt,
    })),
    total,
    page: input.page,
    perPage: input.perPage,
    pages: Math.max(1, Math.ceil(total / input.perPage)),
  }
}
