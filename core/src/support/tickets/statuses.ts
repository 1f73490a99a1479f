import { TICKET_STATUSES, type TicketStatusName } from '../desk/schemas'

// Labels live with the desk (support/desk/schemas.ts): one home for each.
export { TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from '../desk/schemas'

/** Every status but CLOSED: the ticket still needs someone. */
export const ACTIVE_TICKET_STATUSES: readonly TicketStatusName[] = TICKET_STATUSES.filter(
  (s) => s !== 'CLOSED',
)
