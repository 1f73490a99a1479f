import { BerthResource } from '../adapter/berth-resource'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Each run of a scheduled job: when, how far, what it counted, what failed. Read-only. */
export const jobRunResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'JobRun' }),
  options: {
    navigation: { name: 'System', icon: 'Clock' },
    titleProperty: 'job',
    sort: { sortBy: 'startedAt', direction: 'desc' },
    listProperties: [
      'job',
      'runKey',
      'status',
      'triggeredBy',
      'progress',
      'total',
      'startedAt',
      'finishedAt',
    ],
    showProperties: [
      'job',
      'runKey',
      'status',
      'triggeredBy',
      'progress',
      'total',
      'startedAt',
      'finishedAt',
      'message',
      'counts',
      'errors',
    ],
    filterProperties: ['job', 'status', 'triggeredBy', 'startedAt'],
    properties: {
      id: { isVisible: false },
      job: { isTitle: true },
      status: { components: { list: components.StatusBadge, show: components.StatusBadge } },
      counts: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
      errors: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
    },
    actions: guardActions('JobRun', {}),
  },
})
