import { createServerGroup, deleteServerGroup, updateServerGroup } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const GROUP_FIELDS: FormFields = { name: 'text', fillType: 'text' }

/** Server groups: the pool a product's new services are placed in. */
export const serverGroupResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'ServerGroup',
    include: { _count: { select: { servers: true, products: true } } },
    virtuals: (row) => {
      const c = (row as { _count?: { servers: number; products: number } })._count
      return { serverCount: c?.servers ?? 0, productCount: c?.products ?? 0 }
    },
  }),
  options: {
    navigation: { name: 'Servers', icon: 'Server' },
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'fillType', 'serverCount', 'productCount'],
    showProperties: ['name', 'fillType', 'servers', 'productCount', 'createdAt'],
    editProperties: ['name', 'fillType'],
    filterProperties: ['name'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, isRequired: true },
      fillType: {
        availableValues: [
          { value: 'LEAST_FULL', label: 'Least full first (spread the load)' },
          { value: 'FILL_ACTIVE', label: 'Fill one server after the other (in name order)' },
        ],
        description: 'How a new service picks a server with room.',
        isRequired: false,
        components: {
          edit: components.WithDefault,
          list: components.ValueLabel,
          show: components.ValueLabel,
        },
        props: { defaultValue: 'LEAST_FULL' },
      },
      serverCount: { type: 'number', isSortable: false },
      productCount: { type: 'number', isSortable: false },
      servers: {
        type: 'string',
        isVisible: visibleIn('show'),
        components: { show: components.RelatedRecords },
        props: {
          resourceId: 'Server',
          filter: 'group',
          sortBy: 'name',
          direction: 'asc',
          empty: 'No servers in this group yet.',
          columns: [
            { path: 'name', label: 'Server', link: true },
            { path: 'hostname', label: 'Hostname' },
            { path: 'module', label: 'Module' },
            { path: 'load', label: 'Accounts' },
            { path: 'isActive', label: 'Active' },
          ],
        },
      },
    },
    actions: guardActions('ServerGroup', {
      new: {
        handler: newHandler({
          db,
          fields: GROUP_FIELDS,
          successMessage: 'The server group was created.',
          create: (ctx, input) => createServerGroup(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: GROUP_FIELDS,
          successMessage: 'The server group was saved.',
          update: (ctx, id, input) => updateServerGroup(ctx, id, input),
        }),
      },
      delete: {
        guard: 'Delete this server group? Refused while servers or products use it.',
        handler: deleteHandler({
          db,
          successMessage: 'The server group was deleted.',
          remove: (ctx, id) => deleteServerGroup(ctx, id),
        }),
      },
    }),
  },
})
