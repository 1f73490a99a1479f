import { approveCancellation, rejectCancellation } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { recordAction } from '../actions/core-actions'
import { filteredHref, guardActions, visibleIn, type ResourceFactory } from './define-resource'

const statusOf = (record?: { param: (p: string) => unknown }) => String(record?.param('status') ?? '')

/**
 * Clients' cancellation requests (immediate or at the end of the period): read-only rows; staff with
 * orders.manage approve (now, or at the end of the period for the daily run) or reject them with a
 * reason the client is emailed (docs/decisions/0035-cancellation-decisions-and-changes-across-periods.md). Core checks again.
 */
export const cancellationRequestResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'CancellationRequest' }),
  options: {
    navigation: { name: 'Orders', icon: 'ShoppingCart' },
    titleProperty: 'reason',
    href: filteredHref('CancellationRequest', '?filters.status=OPEN'),
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'service', 'client', 'type', 'status', 'reason'],
    showProperties: [
      'status',
      'type',
      'service',
      'client',
      'reason',
      'createdAt',
      'approvedAt',
      'rejectionReason',
      'resolvedAt',
    ],
    filterProperties: ['status', 'type', 'client', 'service', 'createdAt'],
    properties: {
      id: { isVisible: false },
      reason: { components: { show: components.TextBlock } },
      status: {
        components: { list: components.StatusBadge, show: components.StatusBadge },
        availableValues: [
          { value: 'OPEN', label: 'Open' },
          { value: 'DONE', label: 'Done' },
          { value: 'WITHDRAWN', label: 'Withdrawn' },
          { value: 'REJECTED', label: 'Rejected' },
        ],
      },
      type: {
        availableValues: [
          { value: 'IMMEDIATE', label: 'Immediately' },
          { value: 'END_OF_PERIOD', label: 'At the end of the period' },
        ],
        components: { list: components.ValueLabel, show: components.ValueLabel },
      },
      resolvedAt: { isVisible: visibleIn('show') },
      approvedAt: { isVisible: visibleIn('show'), components: { show: components.OptionalValue } },
      rejectionReason: { isVisible: visibleIn('show'), components: { show: components.OptionalValue } },
      decidedById: { isVisible: false },
    },
    actions: guardActions('CancellationRequest', {
      approve: {
        actionType: 'record',
        icon: 'CheckCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => statusOf(record) === 'OPEN',
        custom: {
          question: 'Approve this cancellation?',
          explanation:
            'Now: the service is cancelled at once (its module terminates it). At the end of the period: it stays active until its next due date, is not renewed, and the daily run cancels it then. The client is emailed either way.',
          confirmLabel: 'Approve cancellation',
          variant: 'danger',
          fields: [{ name: 'when', label: 'When does the service end?', type: 'select', required: true }],
        },
        handler: recordAction({
          db,
          fields: { when: 'text' },
          load: async () => ({
            options: {
              when: [
                { value: 'END_OF_PERIOD', label: 'At the end of the paid period' },
                { value: 'IMMEDIATE', label: 'Now' },
              ],
            },
          }),
          run: async (ctx, id, input) => {
            const r = await approveCancellation(ctx, { cancellationId: id, when: input.when })
            return r.type === 'IMMEDIATE'
              ? 'The cancellation was approved: the service is being cancelled now.'
              : 'The cancellation was approved: the service ends at the end of its paid period.'
          },
          successMessage: (message) => message || 'The cancellation was approved.',
        }),
      },
      reject: {
        actionType: 'record',
        icon: 'XCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => statusOf(record) === 'OPEN',
        custom: {
          question: 'Reject this cancellation?',
          explanation: 'The service carries on and is billed as before. The client is emailed your reason.',
          confirmLabel: 'Reject cancellation',
          fields: [
            {
              name: 'reason',
              label: 'Reason (sent to the client)',
              type: 'textarea',
              required: true,
            },
          ],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          run: async (ctx, id, input) =>
            void (await rejectCancellation(ctx, { cancellationId: id, reason: input.reason })),
          successMessage: (message) => message || 'The cancellation was rejected and the client told why.',
        }),
      },
    }),
  },
})
