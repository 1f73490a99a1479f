import { updateClientUser } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { editHandler } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Client logins (portal users). Staff correct a name or email; passwords and TOTP never leave the database. */
export const userResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'User',
    secretFields: ['passwordHash', 'totpSecretEnc', 'totpEnabledAt'],
  }),
  options: {
    navigation: { name: 'Clients', icon: 'Users' },
    titleProperty: 'email',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['email', 'firstName', 'lastName', 'client', 'isOwner', 'status', 'lastLoginAt'],
    showProperties: [
      'email',
      'firstName',
      'lastName',
      'client',
      'isOwner',
      'status',
      'emailVerifiedAt',
      'lastLoginAt',
      'lastLoginIp',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['firstName', 'lastName', 'email'],
    filterProperties: ['email', 'lastName', 'client', 'status', 'isOwner', 'createdAt'],
    properties: {
      id: { isVisible: false },
      email: {
        isTitle: true,
        description: 'A new address has to be verified again; the user gets an email.',
      },
      lastLoginIp: { isVisible: visibleIn('show') },
      status: { components: { list: components.StatusBadge, show: components.StatusBadge } },
    },
    actions: guardActions('User', {
      edit: {
        handler: editHandler({
          db,
          fields: { firstName: 'text', lastName: 'text', email: 'text' },
          successMessage: 'The login was saved.',
          update: (ctx, id, input) => updateClientUser(ctx, id, input),
        }),
      },
    }),
  },
})
