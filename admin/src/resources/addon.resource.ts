import { createAddon, deleteAddon, updateAddon } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, formInput, newHandler, type FormFields } from '../actions/core-actions'
import {
  CYCLE_COLUMNS,
  PRICE_VIEW_SELECT,
  priceSummary,
  pricingView,
  type StoredPrice,
} from '../catalog/pricing'
import { pricingInput, setPricesHandler, withPrices } from '../catalog/product-input'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const ADDON_FIELDS: FormFields = {
  name: 'text',
  description: 'text',
  isHidden: 'boolean',
  isTaxable: 'boolean',
  showOnOrder: 'boolean',
  sortOrder: 'text',
  productIds: 'list',
}

type AddonRow = { prices?: StoredPrice[]; products?: Array<{ productId: string }> }

const addonInput = (payload: Record<string, unknown> | undefined) => {
  const input = formInput(payload, ADDON_FIELDS)
  if (Array.isArray(input.productIds)) input.productIds = (input.productIds as string[]).filter(Boolean)
  return input
}

/**
 * Addons (daily backups, a dedicated IP...): offered with the products they are attached to, billed
 * on the product's cycle when priced for it, else once with a one-time price.
 */
export const addonResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new BerthResource(db, {
    model: 'Addon',
    // Addon modules are not wired yet; their settings never leave the database.
    secretFields: ['moduleSettings'],
    include: { prices: { select: PRICE_VIEW_SELECT }, products: { select: { productId: true } } },
    virtuals: (row) => {
      const { prices = [], products = [] } = row as AddonRow
      return {
        pricing: pricingView(prices),
        priceSummary: priceSummary(prices),
        productIds: products.map((p) => p.productId),
      }
    },
  }),
  options: {
    navigation: { name: 'Products', icon: 'Package' },
    titleProperty: 'name',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['name', 'priceSummary', 'productIds', 'showOnOrder', 'isHidden'],
    showProperties: [
      'name',
      'description',
      'pricing',
      'productIds',
      'showOnOrder',
      'isHidden',
      'isTaxable',
      'sortOrder',
      'createdAt',
      'updatedAt',
    ],
    editProperties: [
      'name',
      'description',
      'pricing',
      'productIds',
      'showOnOrder',
      'isHidden',
      'isTaxable',
      'sortOrder',
    ],
    filterProperties: ['name', 'isHidden'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, isRequired: true },
      description: { type: 'textarea', description: 'Shown to clients next to the addon when they order.' },
      provisioningModule: { isVisible: false },
      pricing: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show', 'edit'),
        components: { edit: components.PricingTable, show: components.PricingTable },
        props: { currencies: currencyCodes, cycles: CYCLE_COLUMNS },
        description:
          'Price it on the cycles of its products (it is billed with them), or one-time only for a one-off service such as a migration.',
      },
      priceSummary: { type: 'string', isSortable: false },
      productIds: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('list', 'show', 'edit'),
        components: {
          edit: components.ReferenceChecklist,
          show: components.ReferenceChecklist,
          list: components.ReferenceChecklist,
        },
        props: { resourceId: 'Product', empty: 'No products yet.' },
        description: 'The products this addon is offered with.',
      },
      showOnOrder: {
        isRequired: false,
        components: { edit: components.WithDefault },
        props: { defaultValue: true },
        description: 'Offer it on the order form (otherwise staff add it).',
      },
      isHidden: { isRequired: false, description: 'Hidden addons are not offered at all.' },
      isTaxable: {
        isRequired: false,
        components: { edit: components.WithDefault },
        props: { defaultValue: true },
      },
      sortOrder: { isRequired: false, description: 'Lower numbers come first.' },
    },
    actions: guardActions('Addon', {
      new: {
        handler: newHandler({
          db,
          fields: 'payload',
          fieldMap: { prices: 'pricing' },
          successMessage: 'The addon was created.',
          create: async (ctx, payload) => {
            const prices = await pricingInput(db, payload)
            return createAddon(ctx, { ...addonInput(payload), ...(prices ? { prices } : {}) })
          },
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: 'payload',
          fieldMap: { prices: 'pricing' },
          successMessage: 'The addon was saved.',
          update: async (ctx, id, payload) => {
            const prices = await pricingInput(db, payload)
            const input = addonInput(payload)
            await withPrices(ctx, { addonId: id }, prices, (tx) => updateAddon(tx, id, input))
          },
        }),
      },
      delete: {
        guard: 'Delete this addon? Refused while services have it: hide it instead.',
        handler: deleteHandler({
          db,
          successMessage: 'The addon was deleted.',
          remove: (ctx, id) => deleteAddon(ctx, id),
        }),
      },
      setPrices: {
        actionType: 'record',
        icon: 'DollarSign',
        component: components.PricesAction,
        handler: setPricesHandler(db, (id) => ({ addonId: id })),
      },
    }),
  },
})
