import { reprocessWebhookEvent } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { recordAction } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * The webhook inbox: every event a gateway sent, with what became of it (processed, ignored,
 * failed with the error, rejected for a bad signature). Read-only, but a FAILED event can be
 * processed again by staff who manage billing (core's reprocessWebhookEvent).
 */
export const webhookEventResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'WebhookEvent' }),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'eventId',
    sort: { sortBy: 'receivedAt', direction: 'desc' },
    listProperties: ['receivedAt', 'provider', 'eventId', 'type', 'status', 'attempts', 'error'],
    showProperties: [
      'receivedAt',
      'processedAt',
      'provider',
      'eventId',
      'type',
      'status',
      'attempts',
      'ip',
      'error',
      'payload',
    ],
    filterProperties: ['provider', 'eventId', 'type', 'status', 'receivedAt'],
    properties: {
      id: { isVisible: false },
      eventId: { isTitle: true },
      status: { components: { list: components.BillingStatus, show: components.BillingStatus } },
      error: { components: { show: components.TextBlock } },
      payload: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
    },
    actions: guardActions('WebhookEvent', {
      reprocess: {
        actionType: 'record',
        icon: 'RotateCw',
        component: components.RecordForm,
        isVisible: ({ record }) => record?.param('status') === 'FAILED',
        custom: {
          question: 'Process this event again?',
          confirmLabel: 'Process again',
          explanation:
            'Its stored events are applied again, once only: what was already recorded is not counted twice. If it still cannot be applied, the new error is shown and nothing changes.',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) => void (await reprocessWebhookEvent(ctx, id)),
          successMessage: 'The event was processed.',
        }),
      },
    }),
  },
})
