import { createDepartment, deleteDepartment, updateDepartment } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Support departments: core validates, checks support.manage and audits every change. */
const FIELDS: FormFields = {
  name: 'text',
  email: 'text',
  isHidden: 'boolean',
  autoAssign: 'boolean',
  sortOrder: 'text',
}

export const departmentResource: ResourceFactory = ({ db }) => ({
  resource: new BerthResource(db, { model: 'Department' }),
  options: {
    navigation: { name: 'Support', icon: 'LifeBuoy' },
    titleProperty: 'name',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['name', 'email', 'isHidden', 'autoAssign', 'sortOrder'],
    showProperties: ['name', 'email', 'isHidden', 'autoAssign', 'sortOrder', 'createdAt'],
    editProperties: ['name', 'email', 'isHidden', 'autoAssign', 'sortOrder'],
    filterProperties: ['name', 'isHidden'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true },
      email: { description: 'New tickets and reminders for unassigned tickets go to this address.' },
      isHidden: {
        description: 'Hidden departments are not offered to clients opening a ticket.',
        isVisible: visibleIn('list', 'show', 'edit', 'filter'),
      },
      autoAssign: {
        description: 'New tickets go to the active member of the department with the fewest open tickets.',
      },
      createdAt: { isVisible: visibleIn('show') },
    },
    actions: guardActions('Department', {
      new: {
        handler: newHandler({
          db,
          fields: FIELDS,
          create: (ctx, input) => createDepartment(ctx, toInput(input)),
          successMessage: 'The department was created.',
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: FIELDS,
          update: (ctx, id, input) => updateDepartment(ctx, id, toInput(input)),
          successMessage: 'The department was saved.',
        }),
      },
      delete: {
        guard: 'Delete this department? A department with tickets cannot be deleted: hide it instead.',
        handler: deleteHandler({
          db,
          remove: (ctx, id) => deleteDepartment(ctx, id),
          successMessage: 'The department was deleted.',
        }),
      },
    }),
  },
})

/** Form text to core's types: an empty sort order is left out (core's default applies). */
function toInput(input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input }
  if (out.sortOrder === '') delete out.sortOrder
  return out
}
