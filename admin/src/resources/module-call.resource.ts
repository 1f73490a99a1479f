import { moduleSecretSettings, retryModuleCall } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { recordAction } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

type CallRow = {
  action: string
  module: string
  success: boolean
  service?: { product: { name: string }; domain: string | null } | null
}

/**
 * The provisioning module call log: what was asked and what came back (secret-looking keys and the
 * module's secret settings masked at every depth, by the adapter), how long it took, and the error.
 * Failed calls can be retried.
 */
export const moduleCallResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'ModuleCall',
    plainRelations: ['domain'],
    include: { service: { select: { domain: true, product: { select: { name: true } } } } },
    jsonSecretKeys: (row) => moduleSecretSettings(String(row.module)),
    virtualFilters: {
      title: (value) => ({
        OR: [
          { module: { contains: value, mode: 'insensitive' } },
          { action: { contains: value, mode: 'insensitive' } },
        ],
      }),
    },
    virtuals: (row) => {
      const r = row as CallRow
      return {
        title: `${r.module} ${r.action}${r.service ? ` · ${r.service.product.name}${r.service.domain ? ` (${r.service.domain})` : ''}` : ''}`,
        outcome: r.success ? 'SUCCEEDED' : 'FAILED',
      }
    },
  }),
  options: {
    navigation: { name: 'Orders', icon: 'ShoppingCart' },
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'service', 'module', 'action', 'outcome', 'durationMs', 'attempt', 'error'],
    showProperties: [
      'createdAt',
      'outcome',
      'service',
      'module',
      'action',
      'attempt',
      'durationMs',
      'error',
      'request',
      'response',
      'staffId',
      'domainId',
    ],
    filterProperties: ['success', 'module', 'action', 'service', 'createdAt'],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isVisible: false },
      outcome: {
        type: 'string',
        isSortable: false,
        components: { list: components.StatusBadge, show: components.StatusBadge },
      },
      success: { isVisible: visibleIn('filter') },
      durationMs: { description: 'Milliseconds.' },
      error: { components: { show: components.TextBlock } },
      request: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
      response: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
      staffId: { isVisible: visibleIn('show') },
      domainId: { isVisible: visibleIn('show') },
    },
    actions: guardActions('ModuleCall', {
      retry: {
        actionType: 'record',
        icon: 'RotateCw',
        component: components.RecordForm,
        isVisible: ({ record }) =>
          record?.param('success') === false &&
          Boolean(record?.param('service')) &&
          record?.param('action') !== 'testConnection',
        custom: {
          question: 'Retry this call?',
          confirmLabel: 'Retry now',
          explanation:
            'It runs again with the same idempotency key. Refused when a later attempt succeeded or the service has moved on.',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) => void (await retryModuleCall(ctx, id)),
          redirect: (context) => context.h.resourceUrl({ resourceId: 'ModuleCall' }),
          successMessage: 'The call was queued again: its result appears in the log.',
        }),
      },
    }),
  },
})
