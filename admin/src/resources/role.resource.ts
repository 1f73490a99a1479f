import { createRole, deleteRole, PERMISSIONS, updateRole } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const ROLE_FIELDS: FormFields = { name: 'text', description: 'text', permissions: 'list' }

const isBuiltIn = (record?: { param: (path: string) => unknown }) => record?.param('isSystem') === true

/** Roles: the built-in ones are read-only (defined in code); custom roles pick from the catalogue. */
export const roleResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'Role' }),
  options: {
    navigation: { name: 'Staff', icon: 'Shield' },
    titleProperty: 'name',
    sort: { sortBy: 'createdAt', direction: 'asc' },
    listProperties: ['name', 'description', 'isSystem', 'permissions'],
    showProperties: ['name', 'description', 'isSystem', 'permissions', 'createdAt', 'updatedAt'],
    editProperties: ['name', 'description', 'permissions'],
    filterProperties: ['name', 'isSystem'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true },
      description: { type: 'textarea' },
      isSystem: { isVisible: visibleIn('list', 'show', 'filter') },
      permissions: {
        isArray: false,
        isSortable: false,
        props: { catalogue: PERMISSIONS },
        components: {
          edit: components.PermissionChecklist,
          show: components.PermissionList,
          list: components.PermissionList,
        },
      },
    },
    actions: guardActions('Role', {
      new: {
        handler: newHandler({
          db,
          fields: ROLE_FIELDS,
          successMessage: 'The role was created.',
          create: (ctx, input) => createRole(ctx, input),
        }),
      },
      edit: {
        isVisible: ({ record }) => !isBuiltIn(record),
        handler: editHandler({
          db,
          fields: ROLE_FIELDS,
          successMessage: 'The role was saved.',
          update: (ctx, id, input) => updateRole(ctx, id, input),
        }),
      },
      delete: {
        isVisible: ({ record }) => !isBuiltIn(record),
        guard: 'Delete this role? It must have no staff members.',
        handler: deleteHandler({
          db,
          successMessage: 'The role was deleted.',
          remove: (ctx, id) => deleteRole(ctx, id),
        }),
      },
    }),
  },
})
