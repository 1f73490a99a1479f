import { BerthResource } from '../adapter/berth-resource'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * The email log: what was queued and sent, with the redacted rendering (one-time links and codes
 * are already removed by core). The encrypted full payload never leaves the database.
 */
export const emailLogResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'EmailLog', secretFields: ['payloadEnc'] }),
  options: {
    navigation: { name: 'System', icon: 'Mail' },
    titleProperty: 'subject',
    sort: { sortBy: 'queuedAt', direction: 'desc' },
    listProperties: ['template', 'toAddress', 'subject', 'status', 'queuedAt', 'sentAt'],
    showProperties: [
      'subject',
      'template',
      'toAddress',
      'status',
      'client',
      'user',
      'staff',
      'queuedAt',
      'sentAt',
      'attempts',
      'messageId',
      'error',
      'html',
      'text',
      'props',
    ],
    filterProperties: ['template', 'toAddress', 'subject', 'status', 'client', 'queuedAt'],
    properties: {
      id: { isVisible: false },
      subject: { isTitle: true },
      status: { components: { list: components.StatusBadge, show: components.StatusBadge } },
      html: { components: { show: components.EmailPreview }, isVisible: visibleIn('show') },
      text: { components: { show: components.TextBlock }, isVisible: visibleIn('show') },
      error: { components: { show: components.TextBlock }, isVisible: visibleIn('show') },
      props: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
    },
    actions: guardActions('EmailLog', {}),
  },
})
