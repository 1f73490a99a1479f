import {
  addInternalNote,
  assignTicket,
  changeTicketDepartment,
  changeTicketPriority,
  changeTicketStatus,
  closeTicketAsStaff,
  deleteTicket,
  mergeTickets,
  replyToTicket,
} from '@berth/core'
import type { BaseRecord } from 'adminjs'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, recordAction } from '../actions/core-actions'
import { ticketQueueHandler, ticketShowHandler, triageChoices } from '../actions/ticket-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * Tickets in the console (Support): the list is the staff queue (core's listTicketQueue: filters,
 * "mine", unassigned, the queue order), the show page the thread with the client's services,
 * invoices and recent tickets beside it (TicketShow, which posts the reply and note forms to the
 * actions below). Every change is a custom action calling one core function, which checks the
 * permission again, validates and audits. Tickets are never created or edited through generic forms.
 */
const status = (record?: BaseRecord) => String(record?.param('status') ?? '')
const isOpen = ({ record }: { record?: BaseRecord }) => status(record) !== 'CLOSED'

export const ticketResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'Ticket' }),
  options: {
    navigation: { name: 'Support', icon: 'LifeBuoy' },
    titleProperty: 'subject',
    listProperties: [
      'publicNumber',
      'subject',
      'status',
      'priority',
      'department',
      'assignee',
      'lastReplyAt',
    ],
    showProperties: ['publicNumber', 'subject', 'status', 'priority', 'department', 'assignee', 'client'],
    filterProperties: [],
    properties: {
      id: { isVisible: false },
      number: { isVisible: false },
      subject: { isTitle: true },
      publicNumber: { isVisible: visibleIn('list', 'show') },
    },
    actions: guardActions('Ticket', {
      list: { component: components.TicketQueue, handler: ticketQueueHandler(db) },
      show: { component: components.TicketShow, handler: ticketShowHandler(db) },
      reply: {
        actionType: 'record',
        icon: 'MessageSquare',
        component: components.RecordForm,
        isVisible: false,
        custom: {
          question: 'Reply to the client',
          fields: [{ name: 'body', label: 'Reply', type: 'textarea' }],
        },
        handler: recordAction({
          db,
          fields: { body: 'text' },
          run: async (ctx, id, input) => {
            await replyToTicket(ctx, { ticketId: id, body: input.body })
          },
          successMessage: 'Your reply was sent to the client.',
        }),
      },
      note: {
        actionType: 'record',
        icon: 'Lock',
        component: components.RecordForm,
        isVisible: false,
        custom: {
          question: 'Add an internal note',
          fields: [{ name: 'body', label: 'Note', type: 'textarea' }],
        },
        handler: recordAction({
          db,
          fields: { body: 'text' },
          run: async (ctx, id, input) => {
            await addInternalNote(ctx, { ticketId: id, body: input.body })
          },
          successMessage: 'The internal note was added (staff only).',
        }),
      },
      assign: {
        actionType: 'record',
        icon: 'UserCheck',
        component: components.RecordForm,
        custom: {
          question: 'Assign this ticket',
          explanation: 'The new assignee gets an email (unless you take it yourself).',
          fields: [{ name: 'assigneeId', label: 'Assignee', type: 'select' }],
          confirmLabel: 'Assign',
        },
        handler: recordAction({
          db,
          fields: { assigneeId: 'text' },
          load: (ctx) => triageChoices(ctx, 'assigneeId'),
          run: async (ctx, id, input) => {
            await assignTicket(ctx, { ticketId: id, assigneeId: input.assigneeId || null })
          },
          successMessage: 'The ticket was assigned.',
        }),
      },
      changeDepartment: {
        actionType: 'record',
        icon: 'Inbox',
        component: components.RecordForm,
        custom: {
          question: 'Move to another department',
          fields: [{ name: 'departmentId', label: 'Department', type: 'select' }],
          confirmLabel: 'Move',
        },
        handler: recordAction({
          db,
          fields: { departmentId: 'text' },
          load: (ctx) => triageChoices(ctx, 'departmentId'),
          run: async (ctx, id, input) => {
            await changeTicketDepartment(ctx, { ticketId: id, departmentId: input.departmentId })
          },
          successMessage: 'The ticket was moved.',
        }),
      },
      changePriority: {
        actionType: 'record',
        icon: 'AlertTriangle',
        component: components.RecordForm,
        custom: {
          question: 'Change the priority',
          fields: [{ name: 'priority', label: 'Priority', type: 'select', initialFrom: 'priority' }],
          confirmLabel: 'Change priority',
        },
        handler: recordAction({
          db,
          fields: { priority: 'text' },
          load: (ctx) => triageChoices(ctx, 'priority'),
          run: async (ctx, id, input) => {
            await changeTicketPriority(ctx, { ticketId: id, priority: input.priority })
          },
          successMessage: 'The priority was changed.',
        }),
      },
      changeStatus: {
        actionType: 'record',
        icon: 'Flag',
        component: components.RecordForm,
        custom: {
          question: 'Change the status',
          explanation: 'Closed emails the client; any other status on a closed ticket reopens it.',
          fields: [{ name: 'status', label: 'Status', type: 'select', initialFrom: 'status' }],
          confirmLabel: 'Change status',
        },
        handler: recordAction({
          db,
          fields: { status: 'text' },
          load: (ctx) => triageChoices(ctx, 'status'),
          run: async (ctx, id, input) => {
            await changeTicketStatus(ctx, { ticketId: id, status: input.status })
          },
          successMessage: 'The status was changed.',
        }),
      },
      merge: {
        actionType: 'record',
        icon: 'GitMerge',
        component: components.RecordForm,
        custom: {
          question: 'Merge another ticket into this one',
          explanation:
            "The other ticket's messages move here (in time order) and it is closed with a note pointing here. Both must belong to the same client.",
          fields: [
            {
              name: 'sourceTicket',
              label: 'Ticket number to merge in',
              hint: 'e.g. KQZ-482913',
              required: true,
            },
          ],
          confirmLabel: 'Merge',
        },
        handler: recordAction({
          db,
          fields: { sourceTicket: 'text' },
          run: async (ctx, id, input) => {
            const r = await mergeTickets(ctx, { ticketId: id, sourceTicket: input.sourceTicket })
            return `${r.messagesMoved} message(s) were merged into this ticket.`
          },
          successMessage: (message) => message || 'The tickets were merged.',
        }),
      },
      close: {
        actionType: 'record',
        icon: 'CheckCircle',
        component: components.RecordForm,
        isVisible: isOpen,
        custom: {
          question: 'Close this ticket?',
          explanation: 'The client gets an email; they can reply to reopen it if reopening is allowed.',
          confirmLabel: 'Close ticket',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) => {
            await closeTicketAsStaff(ctx, { ticketId: id })
          },
          successMessage: 'The ticket was closed and the client emailed.',
        }),
      },
      delete: {
        guard: 'Delete this ticket with all its messages and attachments? This cannot be undone.',
        handler: deleteHandler({
          db,
          remove: (ctx, id) => deleteTicket(ctx, { ticketId: id }),
          successMessage: 'The ticket was deleted.',
        }),
      },
    }),
  },
})
