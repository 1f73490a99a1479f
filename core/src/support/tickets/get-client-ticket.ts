import type { TicketPriority, TicketStatus } from '@berth/prisma'
import { requireClient } from '../../access'
import type { Ctx } from '../../shared'
import { getSettings } from '../../settings'
import { ticketNotFoundForClient } from './client-ticket'
import { normalizePublicNumber } from './public-number'
import { TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from './statuses'

export interface ClientTicketMessage {
  id: string
  author: 'client' | 'staff' | 'system'
  authorName: string
  /** Markdown as written: render it with renderMarkdown */
  body: string
  createdAt: string
  attachments: { id: string; fileName: string; size: number; contentType: string }[]
}

export interface ClientTicketView {
  publicNumber: string
  subject: string
  status: TicketStatus
  statusLabel: string
  priority: TicketPriority
  priorityLabel: string
  departmentName: string
  serviceLabel: string | null
  createdAt: string
  lastReplyAt: string
  canReply: boolean
  canClose: boolean
  canReopen: boolean
  messages: ClientTicketMessage[]
}

/**
 * One of the client's own tickets with its thread, by public number. Staff internal notes are
 * never read (the query leaves them out), and staff appear by first name only.
 */
export async function getClientTicket(
  ctx: Pick<Ctx, 'db' | 'actor'>,
  rawNumber: string,
): Promise<ClientTicketView> {
  const actor = requireClient(ctx.actor)
  const publicNumber = normalizePublicNumber(rawNumber)
  if (!publicNumber) throw ticketNotFoundForClient()
  const t = await ctx.db.ticket.findFirst({
    where: { publicNumber, clientId: actor.clientId },
    select: {
      publicNumber: true,
      subject: true,
      status: true,
      priority: true,
      createdAt: true,
      lastReplyAt: true,
      department: { select: { name: true } },
      service: { select: { domain: true, product: { select: { name: true } } } },
      messages: {
        where: { isInternal: false },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          authorType: true,
          body: true,
          createdAt: true,
          user: { select: { firstName: true, lastName: true } },
          staff: { select: { firstName: true } },
          attachments: {
            orderBy: { createdAt: 'asc' },
            select: { id: true, fileName: true, size: true, contentType: true },
          },
        },
      },
    },
  })
  if (!t) throw ticketNotFoundForClient()
  const allowReopen = (await getSettings(ctx.db))['support.allowReopen']
  const isClosed = t.status === 'CLOSED'
  return {
    publicNumber: t.publicNumber,
    subject: t.subject,
    status: t.status,
    statusLabel: TICKET_STATUS_LABELS[t.status],
    priority: t.priority,
    priorityLabel: TICKET_PRIORITY_LABELS[t.priority],
    departmentName: t.department.name,
    serviceLabel: t.service
      ? `${t.service.product.name}${t.service.domain ? ` (${t.service.domain})` : ''}`
      : null,
    createdAt: t.createdAt.toISOString(),
    lastReplyAt: t.lastReplyAt.toISOString(),
    canReply: !isClosed || allowReopen,
    canClose: !isClosed,
    canReopen: isClosed && allowReopen,
    messages: t.messages.map((m) => ({
      id: m.id,
      author: m.authorType === 'CLIENT' ? 'client' : m.authorType === 'STAFF' ? 'staff' : 'system',
      authorName:
        m.authorType === 'CLIENT'
          ? m.user
            ? `${m.user.firstName} ${m.user.lastName}`.trim()
            : 'You'
          : m.authorType === 'STAFF'
            ? `${m.staff?.firstName ?? 'Staff'} (staff)`
            : 'System',
      body: m.body,
      createdAt: m.createdAt.toISOString(),
      attachments: m.attachments,
    })),
  }
}
