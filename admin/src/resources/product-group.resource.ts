import { createProductGroup, deleteProductGroup, updateProductGroup } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const GROUP_FIELDS: FormFields = {
  name: 'text',
  slug: 'text',
  headline: 'text',
  description: 'text',
  sortOrder: 'text',
  isHidden: 'boolean',
}

/** Product groups: the store's sections (Shared Hosting, VPS...). */
export const productGroupResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'ProductGroup',
    include: { _count: { select: { products: true } } },
    virtuals: (row) => ({ productCount: (row as { _count?: { products: number } })._count?.products ?? 0 }),
  }),
  options: {
    navigation: { name: 'Products', icon: 'Package' },
    titleProperty: 'name',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['name', 'slug', 'productCount', 'isHidden', 'sortOrder'],
    showProperties: [
      'name',
      'slug',
      'headline',
      'description',
      'isHidden',
      'sortOrder',
      'products',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['name', 'slug', 'headline', 'description', 'sortOrder', 'isHidden'],
    filterProperties: ['name', 'slug', 'isHidden'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, isRequired: true },
      slug: {
        isRequired: true,
        description:
          'Part of the store address: lower-case letters, digits and hyphens, e.g. "shared-hosting".',
      },
      headline: { description: 'One line under the group name in the store.' },
      description: { type: 'textarea' },
      sortOrder: { isRequired: false, description: 'Lower numbers come first in the store.' },
      isHidden: {
        isRequired: false,
        description:
          'Hidden groups are not listed in the store; their products can still be ordered by direct link.',
      },
      productCount: { type: 'number', isSortable: false },
      products: {
        type: 'string',
        isVisible: visibleIn('show'),
        components: { show: components.RelatedRecords },
        props: {
          resourceId: 'Product',
          filter: 'group',
          sortBy: 'sortOrder',
          direction: 'asc',
          empty: 'No products in this group yet.',
          columns: [
            { path: 'name', label: 'Product', link: true },
            { path: 'type', label: 'Type' },
            { path: 'priceSummary', label: 'Prices' },
            { path: 'isHidden', label: 'Hidden' },
            { path: 'isRetired', label: 'Retired' },
          ],
        },
      },
    },
    actions: guardActions('ProductGroup', {
      new: {
        handler: newHandler({
          db,
          fields: GROUP_FIELDS,
          successMessage: 'The product group was created.',
          create: (ctx, input) => createProductGroup(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: GROUP_FIELDS,
          successMessage: 'The product group was saved.',
          update: (ctx, id, input) => updateProductGroup(ctx, id, input),
        }),
      },
      delete: {
        guard: 'Delete this product group? Only an empty group can be deleted.',
        handler: deleteHandler({
          db,
          successMessage: 'The product group was deleted.',
          remove: (ctx, id) => deleteProductGroup(ctx, id),
        }),
      },
    }),
  },
})
