import type { TicketPriority, TicketStatus } from '@berth/prisma'
import { requireClient } from '../../access'
import type { Ctx } from '../../shared'
import { ACTIVE_TICKET_STATUSES, TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from './statuses'

export interface ClientTicketRow {
  publicNumber: string
  subject: string
  status: TicketStatus
  statusLabel: string
  priority: TicketPriority
  priorityLabel: string
  departmentName: string
  lastReplyAt: string
  createdAt: string
}

const PAGE_SIZE = 25

/** The client's own tickets, most recently active first; `filter` 'active' leaves closed ones out. */
export async function listClientTickets(
  ctx: Pick<Ctx, 'db' | 'actor'>,
  options: { filter?: 'all' | 'active'; page?: number } = {},
): Promise<{ tickets: ClientTicketRow[]; total: number; page: number; pageSize: number }> {
  const actor = requireClient(ctx.actor)
  const page = Math.max(1, Math.floor(options.page ?? 1))
  const where = {
    clientId: actor.clientId,
    ...(options.filter === 'active' ? { status: { in: [...ACTIVE_TICKET_STATUSES] } } : {}),
  }
  const [rows, total] = await Promise.all([
    ctx.db.ticket.findMany({
      where,
      orderBy: [{ lastReplyAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        publicNumber: true,
        subject: true,
        status: true,
        priority: true,
        lastReplyAt: true,
        createdAt: true,
        department: { select: { name: true } },
      },
    }),
    ctx.db.ticket.count({ where }),
  ])
  return {
    tickets: rows.map((t) => ({
      publicNumber: t.publicNumber,
      subject: t.subject,
      status: t.status,
      statusLabel: TICKET_STATUS_LABELS[t.status],
      priority: t.priority,
      priorityLabel: TICKET_PRIORITY_LABELS[t.priority],
      departmentName: t.department.name,
      lastReplyAt: t.lastReplyAt.toISOString(),
      createdAt: t.createdAt.toISOString(),
    })),
    total,
    page,
    pageSize: PAGE_SIZE,
  }
}

/** How many of the client's tickets are not closed (the dashboard tile). */
export async function countActiveClientTickets(ctx: Pick<Ctx, 'db' | 'actor'>): Promise<number> {
  const actor = requireClient(ctx.actor)
  return ctx.db.ticket.count({
    where: { clientId: actor.clientId, status: { in: [...ACTIVE_TICKET_STATUSES] } },
  })
}

/** What the new-ticket form offers: departments clients can see, and the client's services. */
export async function getNewTicketOptions(ctx: Pick<Ctx, 'db' | 'actor'>): Promise<{
  departments: { id: string; name: string }[]
  services: { id: string; label: string }[]
}> {
  const actor = requireClient(ctx.actor)
  const [departments, services] = await Promise.all([
    ctx.db.department.findMany({
      where: { isHidden: false },
      orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
      select: { id: true, name: true },
    }),
    ctx.db.service.findMany({
      where: { clientId: actor.clientId },
      orderBy: { registrationDate: 'desc' },
      take: 200,
      select: { id: true, domain: true, status: true, product: { select: { name: true } } },
    }),
  ])
  return {
    departments,
    services: services.map((s) => ({
      id: s.id,
      label: `${s.product.name}${s.domain ? ` (${s.domain})` : ''}`,
    })),
  }
}
