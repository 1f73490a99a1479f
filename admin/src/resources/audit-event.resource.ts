import { BerthResource } from '../adapter/berth-resource'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** The audit log: read-only for everyone (the table is append-only in the database too). */
export const auditEventResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'AuditEvent' }),
  options: {
    navigation: { name: 'System', icon: 'Activity' },
    titleProperty: 'action',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'actorType', 'actorLabel', 'action', 'targetType', 'targetId'],
    showProperties: [
      'createdAt',
      'action',
      'actorType',
      'actorLabel',
      'actorId',
      'targetType',
      'targetId',
      'clientId',
      'ip',
      'userAgent',
      'before',
      'after',
    ],
    filterProperties: [
      'actorType',
      'actorLabel',
      'action',
      'targetType',
      'targetId',
      'clientId',
      'createdAt',
    ],
    properties: {
      id: { isVisible: visibleIn('show') },
      action: { isTitle: true },
      before: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
      after: { components: { show: components.JsonBlock }, isVisible: visibleIn('show') },
      userAgent: { isVisible: visibleIn('show') },
    },
    actions: guardActions('AuditEvent', {}),
  },
})
