import {
  createProduct,
  deleteProduct,
  getProductForStaff,
  getProvisioningModule,
  testProductConnection,
  updateProduct,
} from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import {
  addToRecord,
  connectionTestHandler,
  deleteHandler,
  editHandler,
  newHandler,
} from '../actions/core-actions'
import { moduleDescriptors } from '../catalog/module-form'
import { loadOptionGroups } from '../catalog/option-tree'
import {
  CYCLE_COLUMNS,
  PRICE_VIEW_SELECT,
  priceSummary,
  pricingView,
  type StoredPrice,
} from '../catalog/pricing'
import {
  NO_EMAIL,
  PRODUCT_FIELD_MAP,
  pricingInput,
  productInput,
  setPricesHandler,
  withPrices,
} from '../catalog/product-input'
import type { Ctx } from '@berth/core'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

type ProductRow = {
  prices?: StoredPrice[]
  configOptionGroups?: Array<{ groupId: string }>
  group?: { name: string }
}

export const PRODUCT_TYPES = [
  { value: 'SHARED_HOSTING', label: 'Shared hosting' },
  { value: 'RESELLER', label: 'Reseller hosting' },
  { value: 'VPS', label: 'VPS' },
  { value: 'DEDICATED', label: 'Dedicated server' },
  { value: 'SAAS', label: 'SaaS' },
  { value: 'OTHER', label: 'Other' },
]

/** Module settings as staff may see them (core masks secrets): plain ones under moduleSettings, secrets under moduleSecrets. */
export async function maskedModuleSettings(ctx: Ctx, productId: string): Promise<Record<string, unknown>> {
  const product = await getProductForStaff(ctx, productId)
  const module = product.provisioningModule ? getProvisioningModule(product.provisioningModule) : null
  const plain: Record<string, unknown> = {}
  const secrets: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(product.moduleSettings))
    (module?.secretSettings.includes(k) ? secrets : plain)[k] = v
  return { moduleSettings: plain, moduleSecrets: secrets }
}

/**
 * Products: what clients order. The form covers everything a product is (type, store texts,
 * visibility, stock, set-up, module and its settings, option groups) plus the pricing table;
 * "Prices" edits the table alone. Module secrets are write-only.
 */
export const productResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new BerthResource(db, {
    model: 'Product',
    // Sealed module secrets live in moduleSettings: it never leaves the database as it is stored.
    secretFields: ['moduleSettings'],
    include: { prices: { select: PRICE_VIEW_SELECT }, configOptionGroups: { select: { groupId: true } } },
    virtuals: (row) => {
      const { prices = [], configOptionGroups = [] } = row as ProductRow
      return {
        pricing: pricingView(prices),
        priceSummary: priceSummary(prices),
        configOptionGroupIds: configOptionGroups.map((g) => g.groupId),
      }
    },
  }),
  options: {
    navigation: { name: 'Products', icon: 'Package' },
    titleProperty: 'name',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['name', 'group', 'type', 'priceSummary', 'isHidden', 'isRetired', 'provisioningModule'],
    showProperties: [
      'name',
      'group',
      'type',
      'slug',
      'description',
      'features',
      'pricing',
      'optionGroups',
      'isHidden',
      'isRetired',
      'stockControl',
      'stockQuantity',
      'domainRequirement',
      'autoSetup',
      'isTaxable',
      'welcomeEmail',
      'provisioningModule',
      'serverGroup',
      'sortOrder',
      'createdAt',
      'updatedAt',
    ],
    editProperties: [
      'group',
      'type',
      'name',
      'slug',
      'description',
      'features',
      'pricing',
      'isHidden',
      'isRetired',
      'stockControl',
      'stockQuantity',
      'domainRequirement',
      'autoSetup',
      'isTaxable',
      'welcomeEmail',
      'provisioningModule',
      'serverGroup',
      'configOptionGroupIds',
      'sortOrder',
    ],
    filterProperties: ['name', 'group', 'type', 'isHidden', 'isRetired', 'provisioningModule'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, isRequired: true },
      group: { isRequired: true, description: 'The store section the product is listed in.' },
      type: {
        isRequired: true,
        availableValues: PRODUCT_TYPES,
        components: { list: components.ValueLabel, show: components.ValueLabel },
      },
      slug: {
        isRequired: true,
        description: 'Part of the store address, unique within the group: e.g. "vps-2gb".',
      },
      description: {
        type: 'textarea',
        description: 'Shown on the product page in the store.',
        components: { show: components.OptionalValue },
      },
      features: {
        isSortable: false,
        components: { edit: components.FeaturesField, show: components.FeaturesField },
        description: 'One feature per line, e.g. "10 GB SSD storage". Listed on the product page.',
      },
      pricing: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show', 'edit'),
        components: { edit: components.PricingTable, show: components.PricingTable },
        props: { currencies: currencyCodes, cycles: CYCLE_COLUMNS },
        description:
          'One row per currency, one column per billing cycle. Leave a price empty and that cycle is not offered in that currency.',
      },
      priceSummary: { type: 'string', isSortable: false },
      isHidden: {
        isRequired: false,
        description: 'Hidden products are not listed in the store but can be ordered by direct link.',
      },
      isRetired: {
        isRequired: false,
        description: 'Retired products can no longer be ordered; existing services keep running.',
      },
      stockControl: {
        isRequired: false,
        description: 'Count stock: the product cannot be ordered once the quantity reaches zero.',
      },
      stockQuantity: { isRequired: false, description: 'Units left to sell (with stock control on).' },
      domainRequirement: {
        availableValues: [
          { value: 'NONE', label: 'Nothing' },
          { value: 'HOSTNAME', label: 'A hostname (e.g. server1.example.com)' },
          { value: 'DOMAIN', label: 'A domain name (e.g. example.com)' },
        ],
        description: 'What the client must enter when ordering.',
        isRequired: false,
        components: {
          edit: components.WithDefault,
          list: components.ValueLabel,
          show: components.ValueLabel,
        },
        props: { defaultValue: 'NONE' },
      },
      autoSetup: {
        availableValues: [
          { value: 'ON_ORDER', label: 'As soon as the order is placed' },
          { value: 'ON_PAYMENT', label: 'When the first invoice is paid' },
          { value: 'ON_ACCEPT', label: 'When staff accept the order' },
          { value: 'NEVER', label: 'Never: staff set it up by hand' },
        ],
        description: 'When the provisioning module sets the service up.',
        isRequired: false,
        components: {
          edit: components.WithDefault,
          list: components.ValueLabel,
          show: components.ValueLabel,
        },
        props: { defaultValue: 'ON_PAYMENT' },
      },
      isTaxable: {
        isRequired: false,
        components: { edit: components.WithDefault },
        props: { defaultValue: true },
        description: 'Tax rules apply to its invoices.',
      },
      welcomeEmail: {
        availableValues: [
          { value: 'welcome', label: 'Welcome email with the login details' },
          { value: NO_EMAIL, label: 'No email' },
        ],
        description: 'Sent to the client when the service becomes active.',
        components: {
          edit: components.WithDefault,
          list: components.ValueLabel,
          show: components.ValueLabel,
        },
        props: { defaultValue: 'welcome' },
      },
      provisioningModule: {
        isSortable: false,
        components: { edit: components.ModuleSettings, show: components.ModuleSettings },
        props: { modules: moduleDescriptors() },
      },
      serverGroup: {
        components: { show: components.OptionalValue },
        description: 'For modules that use servers: new services go to a server of this group with room.',
      },
      configOptionGroupIds: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show', 'edit'),
        components: { edit: components.ReferenceChecklist, show: components.ReferenceChecklist },
        props: {
          resourceId: 'ConfigOptionGroup',
          empty: 'No option groups yet: create them under Configurable options.',
        },
        description: 'Configurable options (RAM, disk, location...) offered with this product.',
      },
      optionGroups: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.OptionsSummary },
        description: 'Change them on the product form or under Configurable options.',
      },
      sortOrder: { isRequired: false, description: 'Lower numbers come first in the store.' },
    },
    actions: guardActions('Product', {
      show: {
        after: [
          addToRecord(db, (ctx, id) => maskedModuleSettings(ctx, id)),
          addToRecord(db, 'optionGroups', (_ctx, id) =>
            loadOptionGroups(db, { products: { some: { productId: id } } }),
          ),
        ],
      },
      new: {
        handler: newHandler({
          db,
          fields: 'payload',
          fieldMap: PRODUCT_FIELD_MAP,
          successMessage: 'The product was created.',
          create: async (ctx, payload) => {
            const prices = await pricingInput(db, payload)
            return createProduct(ctx, { ...productInput(payload), ...(prices ? { prices } : {}) })
          },
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: 'payload',
          fieldMap: PRODUCT_FIELD_MAP,
          successMessage: 'The product was saved.',
          load: (ctx, id) => maskedModuleSettings(ctx, id),
          update: async (ctx, id, payload) => {
            const prices = await pricingInput(db, payload)
            const current = await ctx.db.product.findUnique({
              where: { id },
              select: { provisioningModule: true },
            })
            const input = productInput(payload, current?.provisioningModule ?? null)
            await withPrices(ctx, { productId: id }, prices, (tx) => updateProduct(tx, id, input))
          },
        }),
      },
      delete: {
        guard: 'Delete this product? Only a product nobody has ordered can be deleted; retire it otherwise.',
        handler: deleteHandler({
          db,
          successMessage: 'The product was deleted.',
          remove: (ctx, id) => deleteProduct(ctx, id),
        }),
      },
      setPrices: {
        actionType: 'record',
        icon: 'DollarSign',
        component: components.PricesAction,
        handler: setPricesHandler(db, (id) => ({ productId: id })),
      },
      testConnection: {
        actionType: 'record',
        icon: 'Zap',
        component: components.ConnectionTest,
        isVisible: ({ record }) => Boolean(record?.param('provisioningModule')),
        custom: {
          explanation:
            "Checks that the product's module settings (and its server group's server) reach the host. The check is logged.",
        },
        handler: connectionTestHandler(db, (ctx, id) => testProductConnection(ctx, id)),
      },
    }),
  },
})
