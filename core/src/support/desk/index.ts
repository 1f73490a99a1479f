// The support desk, staff side (issue 11): the queue, a ticket's detail, the staff actions, canned
// replies, departments, and the two automations (auto-close in the daily run, unanswered reminder).
export {
  TICKET_STATUSES,
  TICKET_PRIORITIES,
  TICKET_STATUS_LABELS,
  TICKET_PRIORITY_LABELS,
  AWAITING_STAFF_STATUSES,
  ticketQueueInput,
  staffReplyInput,
  internalNoteInput,
  assignTicketInput,
  changeTicketDepartmentInput,
  changeTicketPriorityInput,
  changeTicketStatusInput,
  mergeTicketsInput,
  cannedReplyInput,
  departmentInput,
  type TicketStatusName,
  type TicketPriorityName,
  type TicketQueueInput,
} from './schemas'
export {
  listTicketQueue,
  ticketQueueWhere,
  type QueueTicket,
  type TicketQueuePage,
} from './list-ticket-queue'
export {
  getStaffTicket,
  getStaffAttachment,
  listTicketAssignees,
  listDepartmentsForStaff,
  type StaffTicketDetail,
  type StaffThreadMessage,
} from './get-staff-ticket'
export { replyToTicket, addInternalNote } from './reply-to-ticket'
export { assignTicket } from './assign-ticket'
export {
  changeTicketDepartment,
  changeTicketPriority,
  changeTicketStatus,
  closeTicketAsStaff,
} from './change-ticket'
export { mergeTickets } from './merge-tickets'
export { deleteTicket } from './delete-ticket'
export {
  createCannedReply,
  updateCannedReply,
  deleteCannedReply,
  listCannedReplies,
  renderCannedReply,
} from './canned-replies'
export { createDepartment, updateDepartment, deleteDepartment } from './departments'
export { PLACEHOLDERS, fillPlaceholders } from './placeholders'
export { ticketAutoCloseStep } from './auto-close-step'
export { sendUnansweredTicketReminders } from './unanswered-reminders'
