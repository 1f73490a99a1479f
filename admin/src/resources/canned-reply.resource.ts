import { createCannedReply, deleteCannedReply, PLACEHOLDERS, updateCannedReply } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Canned replies staff insert into a ticket reply; core validates, checks support.manage and audits. */
const FIELDS: FormFields = { title: 'text', body: 'text', departmentId: 'text' }
const FIELD_MAP = { departmentId: 'department' }

export const cannedReplyResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'CannedReply' }),
  options: {
    navigation: { name: 'Support', icon: 'LifeBuoy' },
    titleProperty: 'title',
    sort: { sortBy: 'title', direction: 'asc' },
    listProperties: ['title', 'department', 'updatedAt'],
    showProperties: ['title', 'department', 'body', 'createdAt', 'updatedAt'],
    editProperties: ['title', 'department', 'body'],
    filterProperties: ['title', 'department'],
    properties: {
      id: { isVisible: false },
      title: { isTitle: true },
      body: {
        type: 'textarea',
        components: { show: components.TextBlock },
        description: `Markdown. Placeholders: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
      },
      department: { description: 'Leave empty to offer it in every department.' },
      createdAt: { isVisible: visibleIn('show') },
      updatedAt: { isVisible: visibleIn('list', 'show') },
    },
    actions: guardActions('CannedReply', {
      new: {
        handler: newHandler({
          db,
          fields: FIELDS,
          fieldMap: FIELD_MAP,
          create: (ctx, input) => createCannedReply(ctx, toInput(input)),
          successMessage: 'The canned reply was created.',
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: FIELDS,
          fieldMap: FIELD_MAP,
          update: (ctx, id, input) => updateCannedReply(ctx, id, toInput(input)),
          successMessage: 'The canned reply was saved.',
        }),
      },
      delete: {
        handler: deleteHandler({
          db,
          remove: (ctx, id) => deleteCannedReply(ctx, id),
          successMessage: 'The canned reply was deleted.',
        }),
      },
    }),
  },
})

/** An empty department means "every department" (null). */
function toInput(input: Record<string, unknown>): Record<string, unknown> {
  return input.departmentId === '' ? { ...input, departmentId: null } : input
}
