// The catalog's public API: product groups, products, prices, configurable options, addons,
// promotions (staff), the store's reads, and the pure pricing engine.
export * from './schemas'
export { createProductGroup, updateProductGroup, deleteProductGroup } from './manage-product-groups'
export { createProduct, updateProduct, deleteProduct, getProductForStaff } from './manage-products'
export { setPrices } from './set-prices'
export {
  createConfigOptionGroup,
  updateConfigOptionGroup,
  deleteConfigOptionGroup,
  createConfigOption,
  updateConfigOption,
  deleteConfigOption,
  createConfigOptionChoice,
  updateConfigOptionChoice,
  deleteConfigOptionChoice,
} from './manage-config-options'
export { createAddon, updateAddon, deleteAddon } from './manage-addons'
export { createPromotion, updatePromotion, deletePromotion } from './manage-promotions'
export {
  listStoreGroups,
  getStoreProduct,
  fromPriceOf,
  type StoreGroup,
  type StoreProduct,
  type FromPrice,
} from './list-store'
export {
  loadOrderableProduct,
  resolveConfiguration,
  addonCycleFor,
  configurationRequestSchema,
  type OrderableProduct,
  type OrderableOption,
  type OrderableChoice,
  type OrderableAddon,
  type ConfigurationRequest,
  type ResolvedConfiguration,
  type ChosenOption,
} from './orderable-product'
export { priceTable } from './prices'
export { releaseStock, takeStock } from './stock'
export * from './pricing/billing-cycles'
export * from './pricing/price-configuration'
export * from './pricing/prorate-change'
export { seedDemoCatalog } from './demo/seed-demo-catalog'
