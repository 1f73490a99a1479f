import { hasPermission, requirePermission, requireStaff } from '../../access'
import { format as formatMoney } from '../../money'
import { DomainError, renderMarkdown, parseInput, type Ctx } from '../../shared'
import { closeTicketInput, type TicketPriorityName, type TicketStatusName } from './schemas'
import { clientLabelOf, deskTicketSelect, requesterOf, staffName, ticketNotFound } from './ticket-access'

export interface StaffThreadMessage {
  id: string
  authorType: 'CLIENT' | 'STAFF' | 'SYSTEM'
  authorName: string
  isInternal: boolean
  /** sanitized HTML (renderMarkdown): safe to insert as HTML */
  html: string
  createdAt: Date
  attachments: { id: string; fileName: string; size: number; contentType: string }[]
}

export interface StaffTicketDetail {
  id: string
  publicNumber: string
  subject: string
  status: TicketStatusName
  priority: TicketPriorityName
  clientId: string | null
  clientLabel: string
  requesterName: string
  requesterEmail: string | null
  departmentId: string
  departmentName: string
  assigneeId: string | null
  assigneeName: string | null
  lastReplyAt: Date
  closedAt: Date | null
  createdAt: Date
  messages: StaffThreadMessage[]
  /** null when the asker may not see them (orders.view / billing.view) or there is no client */
  services: { id: string; productName: string; domain: string | null; status: string }[] | null
  invoices: { id: string; number: string | null; status: string; total: string; dueDate: Date }[] | null
  recentTickets: { id: string; publicNumber: string; subject: string; status: string; lastReplyAt: Date }[]
}

const SIDE_LIST = 10
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A ticket as staff read it (support.view): the whole thread, internal notes included and marked,
 * bodies rendered to sanitized HTML, attachments; beside it the client's services (orders.view),
 * invoices (billing.view) and other recent tickets.
 */
export async function getStaffTicket(ctx: Ctx, raw: unknown): Promise<StaffTicketDetail> {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.view')
  const { ticketId } = parseInput(closeTicketInput, raw)
  const t = await ctx.db.ticket.findUnique({ where: { id: ticketId }, select: deskTicketSelect })
  if (!t) throw ticketNotFound()
  const messages = await ctx.db.ticketMessage.findMany({
    where: { ticketId: t.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      authorType: true,
      isInternal: true,
      body: true,
      createdAt: true,
      user: { select: { firstName: true, lastName: true } },
      staff: { select: { firstName: true, lastName: true } },
      attachments: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, fileName: true, size: true, contentType: true },
      },
    },
  })
  const requester = requesterOf(t)
  const clientId = t.clientId
  const [services, invoices, recentTickets] = await Promise.all([
    clientId && hasPermission(ctx.actor, 'orders.view')
      ? ctx.db.service.findMany({
          where: { clientId },
          orderBy: { createdAt: 'desc' },
          take: SIDE_LIST,
          select: { id: true, domain: true, status: true, product: { select: { name: true } } },
        })
      : null,
    clientId && hasPermission(ctx.actor, 'billing.view')
      ? ctx.db.invoice.findMany({
          where: { clientId, status: { not: 'DRAFT' } },
          orderBy: { createdAt: 'desc' },
          take: SIDE_LIST,
          select: {
            id: true,
            number: true,
            status: true,
            total: true,
            dueDate: true,
            currency: { select: { code: true, exponent: true } },
          },
        })
      : null,
    clientId
      ? ctx.db.ticket.findMany({
          where: { clientId, id: { not: t.id } },
          orderBy: { lastReplyAt: 'desc' },
          take: SIDE_LIST,
          select: { id: true, publicNumber: true, subject: true, status: true, lastReplyAt: true },
        })
      : [],
  ])
  return {
    id: t.id,
    publicNumber: t.publicNumber,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    clientId: t.clientId,
    clientLabel: clientLabelOf(t),
    requesterName: requester.fullName,
    requesterEmail: requester.email,
    departmentId: t.departmentId,
    departmentName: t.department.name,
    assigneeId: t.assigneeId,
    assigneeName: t.assignee ? staffName(t.assignee) : null,
    lastReplyAt: t.lastReplyAt,
    closedAt: t.closedAt,
    createdAt: t.createdAt,
    messages: messages.map((m) => ({
      id: m.id,
      authorType: m.authorType,
      authorName:
        m.authorType === 'SYSTEM'
          ? 'System'
          : m.staff
            ? staffName(m.staff)
            : m.user
              ? `${m.user.firstName} ${m.user.lastName}`.trim()
              : requester.fullName,
      isInternal: m.isInternal,
      html: renderMarkdown(m.body),
      createdAt: m.createdAt,
      attachments: m.attachments,
    })),
    services:
      services?.map((s) => ({ id: s.id, productName: s.product.name, domain: s.domain, status: s.status })) ??
      null,
    invoices:
      invoices?.map((i) => ({
        id: i.id,
        number: i.number,
        status: i.status,
        total: formatMoney(i.total, i.currency.code, i.currency.exponent),
        dueDate: i.dueDate,
      })) ?? null,
    recentTickets,
  }
}

/**
 * An attachment staff may download (support.view): its metadata and storage key; the admin route
 * reads the file through the FileStore and serves it with the safe download headers.
 */
export async function getStaffAttachment(ctx: Ctx, input: { ticketId: string; attachmentId: string }) {
  const { ticketId, attachmentId } = input
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.view')
  if (!UUID.test(attachmentId) || !UUID.test(ticketId)) throw new DomainError('NOT_FOUND', 'No such file.')
  const a = await ctx.db.attachment.findFirst({
    where: { id: attachmentId, message: { ticketId } },
    select: { id: true, fileName: true, contentType: true, size: true, storageKey: true },
  })
  if (!a) throw new DomainError('NOT_FOUND', 'No such file.')
  return a
}

/** The staff a ticket can be assigned to: active members whose role may see tickets. */
export async function listTicketAssignees(ctx: Ctx) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.view')
  const rows = await ctx.db.staff.findMany({
    where: { status: 'ACTIVE', role: { permissions: { has: 'support.view' } } },
    orderBy: [{ firstName: 'asc' }, { lastName: 'asc' }, { id: 'asc' }],
    select: { id: true, firstName: true, lastName: true },
  })
  return rows.map((s) => ({ id: s.id, name: staffName(s) }))
}

/** Every department, for the console's filters and the move action. */
export async function listDepartmentsForStaff(ctx: Ctx) {
  requireStaff(ctx.actor)
  requirePermission(ctx.actor, 'support.view')
  return ctx.db.department.findMany({
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, isHidden: true },
  })
}
