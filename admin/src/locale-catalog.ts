import type { LocaleTranslations } from 'adminjs'

/** Wording of the catalog, server, order and service resources (spread into locale.ts). */
export const CATALOG_LABELS: Record<string, string> = {
  ProductGroup: 'Product groups',
  Product: 'Products',
  ConfigOptionGroup: 'Configurable options',
  Addon: 'Addons',
  Promotion: 'Promotions',
  ServerGroup: 'Server groups',
  Server: 'Servers',
  Order: 'Orders',
  Service: 'Services',
  StaffTask: 'Staff tasks',
  CancellationRequest: 'Cancellation requests',
  ModuleCall: 'Module calls',
  Products: 'Products',
  Orders: 'Orders',
  Servers: 'Servers',
}

const timestamps = { createdAt: 'Created', updatedAt: 'Updated' }

export const CATALOG_RESOURCE_TRANSLATIONS: NonNullable<LocaleTranslations['resources']> = {
  ProductGroup: {
    properties: { ...timestamps, headline: 'Headline', sortOrder: 'Sort order', isHidden: 'Hidden', productCount: 'Products', products: 'Products' },
  },
  Product: {
    actions: { setPrices: 'Prices', testConnection: 'Test connection' },
    properties: {
      ...timestamps, group: 'Product group', priceSummary: 'Prices', pricing: 'Pricing', features: 'Features', isHidden: 'Hidden', isRetired: 'Retired',
      stockControl: 'Stock control', stockQuantity: 'Stock', domainRequirement: 'Asks for', autoSetup: 'Set up', isTaxable: 'Taxable',
      welcomeEmail: 'Welcome email', provisioningModule: 'Provisioning module', serverGroup: 'Server group', configOptionGroupIds: 'Configurable option groups',
      optionGroups: 'Options offered', sortOrder: 'Sort order',
    },
  },
  ConfigOptionGroup: {
    actions: { editOptions: 'Options & choices' },
    properties: { ...timestamps, optionCount: 'Options', productCount: 'Products', options: 'Options and choices', productIds: 'Products' },
  },
  Addon: {
    actions: { setPrices: 'Prices' },
    properties: {
      ...timestamps, priceSummary: 'Prices', pricing: 'Pricing', productIds: 'Products', showOnOrder: 'Offered on the order form', isHidden: 'Hidden',
      isTaxable: 'Taxable', sortOrder: 'Sort order',
    },
  },
  Promotion: {
    properties: {
      ...timestamps, code: 'Code', kind: 'Discount', value: 'Worth', usage: 'Used', appliesToSetup: 'Applies to setup fees', isRecurring: 'Recurring',
      recurringCycles: 'Recurring payments', cycles: 'Billing cycles', productIds: 'Products', startsAt: 'Starts', endsAt: 'Ends', maxUses: 'Usage limit',
      usesCount: 'Times used', oncePerClient: 'Once per client', newClientsOnly: 'New clients only', isActive: 'Active',
    },
  },
  ServerGroup: { properties: { ...timestamps, fillType: 'Placement', serverCount: 'Servers', productCount: 'Products', servers: 'Servers' } },
  Server: {
    actions: { testConnection: 'Test connection' },
    properties: {
      ...timestamps, hostname: 'Hostname', ipAddress: 'IP address', useTls: 'TLS (https)', group: 'Server group', settingsUrl: 'Endpoint URL',
      credentials: 'Credentials', load: 'Accounts', maxAccounts: 'Capacity (accounts)', isActive: 'Active',
    },
  },
  Order: {
    actions: { accept: 'Accept', cancel: 'Cancel order', fraud: 'Mark as fraud', delete: 'Delete' },
    properties: {
      ...timestamps, number: 'Order #', client: 'Client', clientName: 'Client (company, name or email)', serviceCount: 'Services', total: 'Total',
      promotion: 'Promotion', paymentMethod: 'Payment method', currencyCode: 'Currency', ip: 'IP address', detail: 'Services and invoice',
    },
  },
  Service: {
    actions: {
      activate: 'Activate', suspend: 'Suspend', unsuspend: 'Unsuspend', terminate: 'Terminate', cancel: 'Cancel service', changePackage: 'Change package',
      changeBillingCycle: 'Change billing cycle', changeNextDueDate: 'Change next due date', retryModuleCall: 'Retry module call',
    },
    properties: {
      ...timestamps, client: 'Client', product: 'Product', billingCycle: 'Cycle', recurring: 'Recurring', firstPayment: 'First payment',
      registrationDate: 'Registered', nextDueDate: 'Next due', domain: 'Domain', order: 'Order', server: 'Server', promotion: 'Promotion',
      promotionCyclesRemaining: 'Discounted payments left', suspensionReason: 'Suspension reason', terminationDate: 'Ended on', lastModuleError: 'Provisioning error',
      hasModuleError: 'Has a failed module call', detail: 'Details', notes: 'Staff notes',
    },
  },
  StaffTask: {
    actions: { complete: 'Mark done' },
    properties: { createdAt: 'Opened', completedAt: 'Completed', completedById: 'Completed by (staff id)', dueAt: 'Due', assignee: 'Assignee', service: 'Service' },
  },
  CancellationRequest: { properties: { createdAt: 'Requested', resolvedAt: 'Resolved', type: 'When', service: 'Service', client: 'Client' } },
  ModuleCall: {
    actions: { retry: 'Retry' },
    properties: {
      createdAt: 'When', outcome: 'Result', success: 'Succeeded', durationMs: 'Duration (ms)', attempt: 'Attempt', request: 'Request', response: 'Response',
      staffId: 'Staff id', domainId: 'Domain id', service: 'Service',
    },
  },
}
