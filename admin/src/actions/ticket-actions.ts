import {
  NotFoundError,
  type ActionContext,
  type ActionRequest,
  type ListActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import {
  getStaffTicket,
  hasPermission,
  listCannedReplies,
  listDepartmentsForStaff,
  listTicketAssignees,
  listTicketQueue,
  renderCannedReply,
  TICKET_PRIORITIES,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUSES,
  TICKET_STATUS_LABELS,
  type StaffTicketDetail,
  type Ctx,
  type TicketQueuePage,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { withData } from './record-data'
import { toAdminError } from './core-actions'

/**
 * The support desk's read side in the console: the queue (the Ticket list action, answered by core's
 * listTicketQueue with every filter, "mine" included) and the ticket page (core's getStaffTicket,
 * with the canned replies already filled in for this ticket and the choices of the triage forms).
 * Dates cross as ISO strings; message bodies arrive as sanitized HTML from core.
 */
export const TICKET_PARAM = 'berthTicket'

export interface Choice {
  value: string
  label: string
}

export interface QueueJson {
  tickets: (Omit<TicketQueuePage['tickets'][number], 'lastReplyAt' | 'createdAt'> & {
    lastReplyAt: string
    createdAt: string
  })[]
  total: number
  page: number
  perPage: number
  pages: number
  filters: Record<string, string>
  choices: { statuses: Choice[]; priorities: Choice[]; departments: Choice[]; assignees: Choice[] }
}

export interface TicketJson extends Omit<
  StaffTicketDetail,
  'lastReplyAt' | 'closedAt' | 'createdAt' | 'messages'
> {
  lastReplyAt: string
  closedAt: string | null
  createdAt: string
  messages: (Omit<StaffTicketDetail['messages'][number], 'createdAt'> & { createdAt: string })[]
  cannedReplies: { id: string; title: string; body: string }[]
  can: { reply: boolean; manage: boolean }
}

const FILTER_KEYS = ['status', 'priority', 'departmentId', 'assignee', 'page'] as const

export const statusChoices = (): Choice[] =>
  TICKET_STATUSES.map((s) => ({ value: s, label: TICKET_STATUS_LABELS[s] }))
export const priorityChoices = (): Choice[] =>
  [...TICKET_PRIORITIES].reverse().map((p) => ({ value: p, label: TICKET_PRIORITY_LABELS[p] }))

/** The Ticket list action: the queue page as core reads it. */
export function ticketQueueHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
  ): Promise<ListActionResponse & { queue: QueueJson }> => {
    const ctx = ctxFor(db, request)
    const query = (request.query ?? {}) as Record<string, unknown>
    const filters: Record<string, string> = {}
    for (const key of FILTER_KEYS) {
      const value = query[key]
      if (typeof value === 'string' && value !== '') filters[key] = value
    }
    let page: TicketQueuePage
    let departments: Awaited<ReturnType<typeof listDepartmentsForStaff>>
    let assignees: Awaited<ReturnType<typeof listTicketAssignees>>
    try {
      ;[page, departments, assignees] = await Promise.all([
        listTicketQueue(ctx, filters),
        listDepartmentsForStaff(ctx),
        listTicketAssignees(ctx),
      ])
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    const queue: QueueJson = {
      ...page,
      tickets: page.tickets.map((t) => ({
        ...t,
        lastReplyAt: t.lastReplyAt.toISOString(),
        createdAt: t.createdAt.toISOString(),
      })),
      filters,
      choices: {
        statuses: [
          { value: 'ACTIVE', label: 'All but closed' },
          ...statusChoices(),
          { value: 'ALL', label: 'All' },
        ],
        priorities: priorityChoices(),
        departments: departments.map((d) => ({ value: d.id, label: d.name })),
        assignees: [
          { value: 'mine', label: 'Mine' },
          { value: 'unassigned', label: 'Unassigned' },
          ...assignees.map((s) => ({ value: s.id, label: s.name })),
        ],
      },
    }
    return {
      records: [],
      meta: {
        total: page.total,
        perPage: page.perPage,
        page: page.page,
        direction: 'asc',
        sortBy: 'status',
      },
      queue,
    }
  }
}

/** The Ticket show action: the thread, the client's context and what the page's forms need. */
export function ticketShowHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'show')
    const ctx = ctxFor(db, request)
    const id = String(record.id())
    let json: TicketJson
    try {
      const detail = await getStaffTicket(ctx, { ticketId: id })
      const canReply = hasPermission(ctx.actor, 'support.reply')
      const replies = canReply ? await listCannedReplies(ctx, { departmentId: detail.departmentId }) : []
      const cannedReplies = []
      for (const r of replies)
        cannedReplies.push({
          id: r.id,
          ...(await renderCannedReply(ctx, { cannedReplyId: r.id, ticketId: id })),
        })
      json = {
        ...detail,
        lastReplyAt: detail.lastReplyAt.toISOString(),
        closedAt: detail.closedAt?.toISOString() ?? null,
        createdAt: detail.createdAt.toISOString(),
        messages: detail.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
        cannedReplies,
        can: { reply: canReply, manage: hasPermission(ctx.actor, 'support.manage') },
      }
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return { record: withData(record.toJSON(context.currentAdmin), TICKET_PARAM, json) }
  }
}

/** Choices for the triage forms (RecordForm's `command.options`). */
export async function triageChoices(ctx: Ctx, field: string) {
  switch (field) {
    case 'assigneeId':
      return {
        options: {
          assigneeId: [
            { value: '', label: 'Nobody (unassigned)' },
            ...(await listTicketAssignees(ctx)).map((s) => ({ value: s.id, label: s.name })),
          ],
        },
      }
    case 'departmentId':
      return {
        options: {
          departmentId: (await listDepartmentsForStaff(ctx)).map((d) => ({ value: d.id, label: d.name })),
        },
      }
    case 'priority':
      return { options: { priority: priorityChoices() } }
    case 'status':
      return { options: { status: statusChoices() } }
    default:
      return {}
  }
}
