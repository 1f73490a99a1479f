/** The ticket statuses and priorities, in the order the queue sorts them (the schema's enum order). */
export const TICKET_STATUSES = [
  'OPEN',
  'ANSWERED',
  'CUSTOMER_REPLY',
  'IN_PROGRESS',
  'ON_HOLD',
  'CLOSED',
] as const
export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const
export type TicketStatusName = (typeof TICKET_STATUSES)[number]
export type TicketPriorityName = (typeof TICKET_PRIORITIES)[number]

export const TICKET_STATUS_LABELS: Record<TicketStatusName, string> = {
  OPEN: 'Open',
  ANSWERED: 'Answered',
  CUSTOMER_REPLY: 'Customer reply',
  IN_PROGRESS: 'In progress',
  ON_HOLD: 'On hold',
  CLOSED: 'Closed',
}
export const TICKET_PRIORITY_LABELS: Record<TicketPriorityName, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  URGENT: 'Urgent',
}

/** The statuses that wait on staff: the unanswered reminder watches these. */
export const AWAITING_STAFF_STATUSES = ['OPEN', 'CUSTOMER_REPLY'] as const satisfies TicketStatusName[]

/** Every status but CLOSED: the ticket still needs someone. */
export const ACTIVE_TICKET_STATUSES: readonly TicketStatusName[] = TICKET_STATUSES.filter(
  (s) => s !== 'CLOSED',
)
