import { BerthResource } from '../adapter/berth-resource'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Throttled attempts at both doors (logins, resets, registrations, checkouts, codes...), as the throttle counts them. Read-only. */
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
      email: {
        isTitle: true,
        description:
          'The account address the throttle counts by; empty for the kinds counted per IP only (registration, visitor checkout, promotion code).',
      },
      kind: {
        description:
          "LOGIN, PASSWORD_RESET, EMAIL_VERIFICATION, REGISTRATION, CHECKOUT (a visitor's), PROMO_CODE, or PASSWORD_CONFIRM (the current password on the email and password forms).",
      },
      success: {
        description:
          'No when the attempt starts (so a burst is counted at once); Yes once it succeeded: a login that passed, a request handled, a code that worked.',
      },
    },
    actions: guardActions('LoginAttempt', {}),
  },
})
