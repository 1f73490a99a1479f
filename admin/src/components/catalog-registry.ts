import type { ComponentLoader } from 'adminjs'

/**
 * The catalog, order and service components, added to the one registry (registry.ts) with the
 * same loader. Browser code: they import only react, adminjs, the design system and each other.
 */
export function catalogComponents(loader: ComponentLoader, file: (name: string) => string) {
  return {
    PricingTable: loader.add('BerthPricingTable', file('pricing-table.tsx')),
    PricesAction: loader.add('BerthPricesAction', file('prices-action.tsx')),
    FeaturesField: loader.add('BerthFeaturesField', file('features-field.tsx')),
    WithDefault: loader.add('BerthWithDefault', file('with-default.tsx')),
    ModuleSettings: loader.add('BerthModuleSettings', file('module-settings.tsx')),
    ReferenceChecklist: loader.add('BerthReferenceChecklist', file('reference-checklist.tsx')),
    RelatedRecords: loader.add('BerthRelatedRecords', file('related-records.tsx')),
    OptionsSummary: loader.add('BerthOptionsSummary', file('options-summary.tsx')),
    OptionsEditor: loader.add('BerthOptionsEditor', file('options-editor.tsx')),
    ConnectionTest: loader.add('BerthConnectionTest', file('connection-test.tsx')),
    CycleChecklist: loader.add('BerthCycleChecklist', file('cycle-checklist.tsx')),
    PromotionValue: loader.add('BerthPromotionValue', file('promotion-value.tsx')),
    CredentialsField: loader.add('BerthCredentialsField', file('credentials-field.tsx')),
    RecordForm: loader.add('BerthRecordForm', file('record-form.tsx')),
    ModuleErrorBanner: loader.add('BerthModuleErrorBanner', file('module-error-banner.tsx')),
    ServiceDetails: loader.add('BerthServiceDetails', file('service-details.tsx')),
    OrderDetails: loader.add('BerthOrderDetails', file('order-details.tsx')),
    ChangePackage: loader.add('BerthChangePackage', file('change-package.tsx')),
    StaffOrder: loader.add('BerthStaffOrder', file('staff-order.tsx')),
    ValueLabel: loader.add('BerthValueLabel', file('value-label.tsx')),
    OptionalValue: loader.add('BerthOptionalValue', file('optional-value.tsx')),
    ServiceStatus: loader.add('BerthServiceStatus', file('service-status.tsx')),
  }
}
