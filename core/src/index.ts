// @berth/core's public API. Apps import from here (or a module's entry, e.g. '@berth/core/accounts'),
// never from a module's internal files.
export * from './shared'
export * from './access'
export * from './audit'
export * from './crypto'
export * from './platform'
export * from './sessions'
export * from './settings'
export * from './notifications'
export * from './accounts'
export * from './staff'
export * from './clients'
export * from './setup'
export * from './automation'
// Money: the whole module as `Money.*` (or '@berth/core/money'); the names that cannot clash, directly.
export * as Money from './money'
export {
  format as formatMoney,
  parseAmount,
  toDecimalString,
  formatPercent,
  formatRate,
  allocate,
  applyRate,
  divideRounded,
  MAX_AMOUNT,
  MILLION,
  getCurrency,
  getCurrencyExponent,
  getDefaultCurrency,
  minorUnitsSchema,
  positiveMinorUnitsSchema,
  currencyCodeSchema,
  type CurrencyInfo,
  type ParseAmountOptions,
} from './money'
export * from './billing'
export * from './catalog'
export * from './orders'
export * from './services'
export * from './provisioning'
export * from './reports'
export * from './domains'
export * from './support/desk'
export * from './support/tickets'
export * from './support/knowledgebase'
export * from './support/announcements'
export { prepareDatabase } from './setup'
