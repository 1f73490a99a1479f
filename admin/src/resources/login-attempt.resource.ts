import { BerthResource } from '../adapter/berth-resource'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Login and reset attempts at both doors, as the throttle counts them. Read-only. */
export const loginAttemptResource: ResourceFactory = ({ db }) => ({
  resource: new BerthResource(db, { model: 'LoginAttempt' }),
  options: {
    navigation: { name: 'System', icon: 'LogIn' },
    titleProperty: 'email',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'door', 'kind', 'email', 'ip', 'success'],
    showProperties: ['createdAt', 'door', 'kind', 'email', 'ip', 'success'],
    filterProperties: ['door', 'kind', 'email', 'ip', 'success', 'createdAt'],
    properties: {
      id: { isVisible: visibleIn('show') },
      email: { isTitle: true },
    },
    actions: guardActions('LoginAttempt', {}),
  },
})
