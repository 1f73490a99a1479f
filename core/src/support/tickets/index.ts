// Support tickets, client side, and the ticket pieces the staff desk shares (decision 0028).
export {
  ACTIVE_TICKET_STATUSES,
  TICKET_STATUSES,
  TICKET_PRIORITIES,
  TICKET_STATUS_LABELS,
  TICKET_PRIORITY_LABELS,
  AWAITING_STAFF_STATUSES,
  type TicketStatusName,
  type TicketPriorityName,
} from './statuses'
export * from './schemas'
export * from './public-number'
export * from './email-threading'
export * from './attachments'
export * from './auto-assign'
export { seedDemoTickets } from './demo/seed-demo-tickets'
export { messageExcerpt, queueTicketOpenedEmails, queueClientReplyEmail } from './ticket-emails'
export { openTicket, type AttachmentOptions } from './open-ticket'
export { replyAsClient } from './reply-as-client'
export { closeTicket, reopenTicket } from './close-ticket'
export {
  listClientTickets,
  countActiveClientTickets,
  getNewTicketOptions,
  type ClientTicketRow,
} from './list-client-tickets'
export { getClientTicket, type ClientTicketView, type ClientTicketMessage } from './get-client-ticket'
export {
  getClientAttachment,
  readAttachmentBytes,
  attachmentDownloadHeaders,
  type AttachmentDownload,
} from './get-attachment'
