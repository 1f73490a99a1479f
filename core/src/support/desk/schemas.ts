import { z } from 'zod'

// The statuses, priorities and their labels live with the tickets (support/tickets/statuses.ts).
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../tickets'
export {
  TICKET_STATUSES,
  TICKET_PRIORITIES,
  TICKET_STATUS_LABELS,
  TICKET_PRIORITY_LABELS,
  AWAITING_STAFF_STATUSES,
  type TicketStatusName,
  type TicketPriorityName,
} from '../tickets'

const uuid = (message: string) => z.string().trim().uuid(message)
export const ticketIdSchema = uuid('Unknown ticket.')
const body = z
  .string({ message: 'Write a message.' })
  .trim()
  .min(1, 'Write a message.')
  .max(50_000, 'The message is too long (at most 50,000 characters).')

/** The staff queue: filters, page. `status` ACTIVE means every status but CLOSED (the default). */
export const ticketQueueInput = z.object({
  status: z.enum([...TICKET_STATUSES, 'ACTIVE', 'ALL']).default('ACTIVE'),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  departmentId: uuid('Unknown department.').optional(),
  /** 'mine' (the asking staff member), 'unassigned', or a staff id */
  assignee: z.union([z.literal('mine'), z.literal('unassigned'), uuid('Unknown staff member.')]).optional(),
  clientId: uuid('Unknown client.').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
})
export type TicketQueueInput = z.input<typeof ticketQueueInput>

export const staffReplyInput = z.object({ ticketId: ticketIdSchema, body })
export const internalNoteInput = z.object({ ticketId: ticketIdSchema, body })
export const assignTicketInput = z.object({
  ticketId: ticketIdSchema,
  /** null unassigns */
  assigneeId: uuid('Choose a staff member.').nullable(),
})
export const changeTicketDepartmentInput = z.object({
  ticketId: ticketIdSchema,
  departmentId: uuid('Choose a department.'),
})
export const changeTicketPriorityInput = z.object({
  ticketId: ticketIdSchema,
  priority: z.enum(TICKET_PRIORITIES, { message: 'Choose a priority.' }),
})
export const changeTicketStatusInput = z.object({
  ticketId: ticketIdSchema,
  status: z.enum(TICKET_STATUSES, { message: 'Choose a status.' }),
})
export const mergeTicketsInput = z.object({
  /** the ticket that stays (A) */
  ticketId: ticketIdSchema,
  /** the ticket merged into it and closed (B): its id or its public number */
  sourceTicket: z.string().trim().min(1, 'Name the ticket to merge into this one.').max(64),
})
export const closeTicketInput = z.object({ ticketId: ticketIdSchema })
export const deleteTicketInput = z.object({ ticketId: ticketIdSchema })

export const cannedReplyInput = z.object({
  title: z.string().trim().min(1, 'Give the reply a title.').max(120, 'At most 120 characters.'),
  body: z.string().trim().min(1, 'Write the reply.').max(20_000, 'At most 20,000 characters.'),
  departmentId: uuid('Unknown department.').nullable().default(null),
})
export const renderCannedReplyInput = z.object({
  cannedReplyId: uuid('Unknown canned reply.'),
  ticketId: ticketIdSchema,
})

export const departmentInput = z.object({
  name: z.string().trim().min(1, 'Give the department a name.').max(80, 'At most 80 characters.'),
  email: z
    .string()
    .trim()
    .max(254)
    .transform((v) => (v === '' ? null : v.toLowerCase()))
    .pipe(z.string().email('Enter a valid email address, or leave it empty.').nullable())
    .nullable()
    .default(null),
  isHidden: z.boolean().default(false),
  autoAssign: z.boolean().default(false),
  sortOrder: z.coerce.number().int('A whole number.').min(-10_000).max(10_000).default(0),
})
