import { createStaff, deleteStaff, updateStaff } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import {
  deleteHandler,
  editHandler,
  newHandler,
  type FieldMap,
  type FormFields,
} from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const STAFF_FIELDS: FormFields = {
  firstName: 'text',
  lastName: 'text',
  email: 'text',
  roleId: 'text',
  password: 'text',
}
const FIELD_MAP: FieldMap = { roleId: 'role' }

/** Staff members: Super admins create, edit, disable and delete them through core. */
export const staffResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'Staff',
    secretFields: ['passwordHash', 'totpSecretEnc', 'totpEnabledAt'],
  }),
  options: {
    navigation: { name: 'Staff', icon: 'Shield' },
    titleProperty: 'email',
    sort: { sortBy: 'createdAt', direction: 'asc' },
    listProperties: ['email', 'firstName', 'lastName', 'role', 'status', 'lastLoginAt'],
    showProperties: [
      'email',
      'firstName',
      'lastName',
      'role',
      'status',
      'lastLoginAt',
      'lastLoginIp',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['firstName', 'lastName', 'email', 'role', 'status', 'password'],
    filterProperties: ['email', 'lastName', 'role', 'status'],
    properties: {
      id: { isVisible: false },
      email: { isTitle: true },
      role: {
        isRequired: true,
        description:
          "You can give only a role whose permissions your own role has. Only a Super admin can make someone Super admin, or change a Super admin's email, password, role or status.",
      },
      status: {
        description: 'A disabled member is signed out at once and cannot sign in.',
        availableValues: [
          { value: 'ACTIVE', label: 'Active' },
          { value: 'DISABLED', label: 'Disabled' },
        ],
        components: { list: components.StatusBadge, show: components.StatusBadge },
      },
      password: {
        type: 'password',
        isVisible: visibleIn('edit'),
        description:
          'At least 10 characters. When editing, leave empty to keep the current password; setting one signs the member out everywhere. You cannot change the email or password of a member whose role has permissions yours lacks.',
      },
      lastLoginIp: { isVisible: visibleIn('show') },
    },
    actions: guardActions('Staff', {
      new: {
        handler: newHandler({
          db,
          fields: STAFF_FIELDS,
          fieldMap: FIELD_MAP,
          successMessage: 'The staff member was created.',
          create: (ctx, input) => createStaff(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: { ...STAFF_FIELDS, status: 'text' },
          fieldMap: FIELD_MAP,
          successMessage: 'The staff member was saved.',
          update: (ctx, id, input) => updateStaff(ctx, id, input),
        }),
      },
      delete: {
        guard:
          'Delete this staff member? Their sessions end. Consider disabling them instead: the audit log keeps their name either way.',
        handler: deleteHandler({
          db,
          successMessage: 'The staff member was deleted.',
          remove: (ctx, id) => deleteStaff(ctx, id),
        }),
      },
    }),
  },
})
