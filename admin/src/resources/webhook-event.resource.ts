import { BerthResource } from '../adapter/berth-resource'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * The webhook inbox: every event a gateway sent, with what became of it (processed, ignored,
 * failed with the error, rejected for a bad signature). Read-only.
 */
export const webhookEventResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'WebhookEvent' }),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'eventId',
    sort: { sortBy: 'receivedAt', direction: 'desc' },
    listProperties: ['receivedAt', 'provider', 'eventId', 'type', 'status', 'attempts', 'error'],
    showProperties: ['receivedAt', 'processedAt', 'provider', 'eventId', 'type', 'status', 'attempts', 'ip', 'error', 'payload'],
    filterProperties: ['provider', 'eventId', 'type', 'status', 'receivedAt'],
    properties: {
      id: { isVisible: false },
      eventId: { isTitle: true },
      status: { components: { list: components.BillingStatus, show: components.BillingStatus } },
      error: { components: { show: components.TextBlock } },
      payload: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
    },
    actions: guardActions('WebhookEvent', {}),
  },
})
