import type { Permission } from '@berth/core'

/**
 * The one table of the admin console's access control: resource × action → the permission that
 * guards it, or `null` when nobody may run it (ledgers and logs are never edited through generic
 * CRUD; clients are closed, never deleted). It is docs/decisions/0006-permission-matrix.md in code,
 * and `permission-matrix.test.ts` fails when the two disagree.
 *
 * Every resource's actions get `isAccessible` from here (resources/define-resource.ts), the
 * request guard answers 403 from here before AdminJS runs (access/action-guard.ts), and core checks
 * the same permission again inside each use case.
 */
export const ACTION_PERMISSIONS = {
  Staff: {
    list: 'staff.view',
    show: 'staff.view',
    search: 'staff.view',
    new: 'staff.manage',
    edit: 'staff.manage',
    delete: 'staff.manage',
    bulkDelete: null,
  },
  Role: {
    list: 'roles.view',
    show: 'roles.view',
    search: 'roles.view',
    new: 'roles.manage',
    edit: 'roles.manage',
    delete: 'roles.manage',
    bulkDelete: null,
  },
  Client: {
    list: 'clients.view',
    show: 'clients.view',
    search: 'clients.view',
    new: 'clients.create',
    edit: 'clients.edit',
    disable: 'clients.disable',
    enable: 'clients.disable',
    addCredit: 'billing.manage',
    removeCredit: 'billing.manage',
    newOrder: 'orders.manage',
    delete: null,
    bulkDelete: null,
  },
  User: {
    list: 'clients.view',
    show: 'clients.view',
    search: 'clients.view',
    edit: 'clients.edit',
    new: null,
    delete: null,
    bulkDelete: null,
  },
  // Billing (issue 3): billing.view sees, billing.manage writes, billing.refund refunds, billing.gateways
  // configures gateways. Ledgers (transactions, credit entries, webhook events, disputes) are never
  // edited; money moves only through the invoice and client actions, which call core.
  Invoice: {
    list: 'billing.view',
    show: 'billing.view',
    search: 'billing.view',
    downloadPdf: 'billing.view',
    new: 'billing.manage',
    edit: 'billing.manage',
    delete: 'billing.manage',
    publish: 'billing.manage',
    recordPayment: 'billing.manage',
    applyCredit: 'billing.manage',
    cancel: 'billing.manage',
    sendEmail: 'billing.manage',
    refund: 'billing.refund',
    bulkDelete: null,
  },
  Transaction: {
    list: 'billing.view',
    show: 'billing.view',
    search: 'billing.view',
    exportCsv: 'billing.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  CreditEntry: {
    list: 'billing.view',
    show: 'billing.view',
    search: 'billing.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  Dispute: {
    list: 'billing.view',
    show: 'billing.view',
    search: 'billing.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  WebhookEvent: {
    list: 'billing.view',
    show: 'billing.view',
    search: 'billing.view',
    reprocess: 'billing.manage',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  TaxRule: {
    list: 'billing.view',
    show: 'billing.view',
    search: 'billing.view',
    new: 'billing.manage',
    edit: 'billing.manage',
    delete: 'billing.manage',
    bulkDelete: null,
  },
  GatewayConfig: {
    list: 'billing.gateways',
    show: 'billing.gateways',
    search: 'billing.gateways',
    edit: 'billing.gateways',
    testConnection: 'billing.gateways',
    new: null,
    delete: null,
    bulkDelete: null,
  },
  AuditEvent: {
    list: 'audit.view',
    show: 'audit.view',
    search: 'audit.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  EmailLog: {
    list: 'emails.view',
    show: 'emails.view',
    search: 'emails.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  LoginAttempt: {
    list: 'audit.view',
    show: 'audit.view',
    search: 'audit.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  JobRun: {
    list: 'jobs.view',
    show: 'jobs.view',
    search: 'jobs.view',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  // Catalog, servers, orders and services (issue 4): catalog.view / catalog.manage, orders.view / orders.manage.
  ProductGroup: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    bulkDelete: null,
  },
  Product: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    setPrices: 'catalog.manage',
    testConnection: 'catalog.manage',
    bulkDelete: null,
  },
  ConfigOptionGroup: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    editOptions: 'catalog.manage',
    bulkDelete: null,
  },
  Addon: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    setPrices: 'catalog.manage',
    bulkDelete: null,
  },
  Promotion: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    bulkDelete: null,
  },
  ServerGroup: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    bulkDelete: null,
  },
  Server: {
    list: 'catalog.view',
    show: 'catalog.view',
    search: 'catalog.view',
    new: 'catalog.manage',
    edit: 'catalog.manage',
    delete: 'catalog.manage',
    testConnection: 'catalog.manage',
    bulkDelete: null,
  },
  Order: {
    list: 'orders.view',
    show: 'orders.view',
    search: 'orders.view',
    accept: 'orders.manage',
    cancel: 'orders.manage',
    fraud: 'orders.manage',
    delete: 'orders.manage',
    new: null,
    edit: null,
    bulkDelete: null,
  },
  Service: {
    list: 'orders.view',
    show: 'orders.view',
    search: 'orders.view',
    activate: 'orders.manage',
    suspend: 'orders.manage',
    unsuspend: 'orders.manage',
    terminate: 'orders.manage',
    cancel: 'orders.manage',
    changePackage: 'orders.manage',
    changeBillingCycle: 'orders.manage',
    changeNextDueDate: 'orders.manage',
    retryModuleCall: 'orders.manage',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  ModuleCall: {
    list: 'orders.view',
    show: 'orders.view',
    search: 'orders.view',
    retry: 'orders.manage',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  StaffTask: {
    list: 'orders.view',
    show: 'orders.view',
    search: 'orders.view',
    complete: 'orders.manage',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  CancellationRequest: {
    list: 'orders.view',
    show: 'orders.view',
    search: 'orders.view',
    approve: 'orders.manage',
    reject: 'orders.manage',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  // Support desk (issue 11): support.view sees the queue and tickets, support.reply replies and adds
  // internal notes, support.manage triages (assign, department, priority, status, merge, close,
  // delete) and manages departments and canned replies. Tickets are never created or edited through
  // generic forms: clients open them, staff change them only through the actions, which call core.
  Ticket: {
    list: 'support.view',
    show: 'support.view',
    search: 'support.view',
    reply: 'support.reply',
    note: 'support.reply',
    assign: 'support.manage',
    changeDepartment: 'support.manage',
    changePriority: 'support.manage',
    changeStatus: 'support.manage',
    merge: 'support.manage',
    close: 'support.manage',
    delete: 'support.manage',
    new: null,
    edit: null,
    bulkDelete: null,
  },
  Department: {
    list: 'support.view',
    show: 'support.view',
    search: 'support.view',
    new: 'support.manage',
    edit: 'support.manage',
    delete: 'support.manage',
    bulkDelete: null,
  },
  CannedReply: {
    list: 'support.view',
    show: 'support.view',
    search: 'support.view',
    new: 'support.manage',
    edit: 'support.manage',
    delete: 'support.manage',
    bulkDelete: null,
  },
  // Knowledgebase and announcements (issue 11): support.view sees them, support.manage writes them
  // through core (slugs, Markdown, related articles, audit).
  KbCategory: {
    list: 'support.view',
    show: 'support.view',
    search: 'support.view',
    new: 'support.manage',
    edit: 'support.manage',
    delete: 'support.manage',
    bulkDelete: null,
  },
  KbArticle: {
    list: 'support.view',
    show: 'support.view',
    search: 'support.view',
    new: 'support.manage',
    edit: 'support.manage',
    delete: 'support.manage',
    bulkDelete: null,
  },
  Announcement: {
    list: 'support.view',
    show: 'support.view',
    search: 'support.view',
    new: 'support.manage',
    edit: 'support.manage',
    delete: 'support.manage',
    bulkDelete: null,
  },
  // Domains (issue 12, decision 0047): domains.view sees domains, TLDs and registrars; domains.manage
  // runs the staff actions on a domain (each a core use case); domains.tlds changes TLDs and prices;
  // domains.registrars configures registrar modules. Domains are created by checkout, never here.
  Domain: {
    list: 'domains.view',
    show: 'domains.view',
    search: 'domains.view',
    register: 'domains.manage',
    transfer: 'domains.manage',
    renew: 'domains.manage',
    sync: 'domains.manage',
    retryFulfilment: 'domains.manage',
    changeRegistrar: 'domains.manage',
    release: 'domains.manage',
    cancel: 'domains.manage',
    new: null,
    edit: null,
    delete: null,
    bulkDelete: null,
  },
  Tld: {
    list: 'domains.view',
    show: 'domains.view',
    search: 'domains.view',
    new: 'domains.tlds',
    edit: 'domains.tlds',
    delete: 'domains.tlds',
    setPrices: 'domains.tlds',
    applyMarkup: 'domains.tlds',
    bulkDelete: null,
  },
  RegistrarConfig: {
    list: 'domains.view',
    show: 'domains.view',
    search: 'domains.view',
    edit: 'domains.registrars',
    testConnection: 'domains.registrars',
    new: null,
    delete: null,
    bulkDelete: null,
  },
} as const satisfies Record<string, Record<string, Permission | null>>

export type AdminResourceId = keyof typeof ACTION_PERMISSIONS
export type ActionName<R extends AdminResourceId> = keyof (typeof ACTION_PERMISSIONS)[R] & string

/** Any signed-in staff member, whatever their role. */
export const ANY_STAFF = 'any-staff'

/**
 * Custom pages: "My account" is for every staff member; Settings needs `settings.view` to see and
 * `settings.manage` to save (the decision record's prose below the first table).
 */
export const PAGE_PERMISSIONS = {
  myAccount: { view: ANY_STAFF, save: ANY_STAFF },
  settings: { view: 'settings.view', save: 'settings.manage' },
  reports: { view: 'billing.view', save: 'billing.view' },
  billingRun: { view: 'billing.view', save: 'automation.run' },
} as const satisfies Record<
  string,
  { view: Permission | typeof ANY_STAFF; save: Permission | typeof ANY_STAFF }
>

export type AdminPageName = keyof typeof PAGE_PERMISSIONS

/** Who is asking, as far as access is concerned. */
export interface PermissionHolder {
  permissions: readonly string[]
}

export function isAdminResourceId(value: string): value is AdminResourceId {
  return Object.hasOwn(ACTION_PERMISSIONS, value)
}

/**
 * The permission guarding an action: a permission string, `null` for nobody, or `undefined` when
 * the table has no row (which is refused too: deny by default).
 */
export function permissionFor(resourceId: string, action: string): Permission | null | undefined {
  if (!isAdminResourceId(resourceId)) return undefined
  const row: Record<string, Permission | null> = ACTION_PERMISSIONS[resourceId]
  return Object.hasOwn(row, action) ? row[action] : undefined
}

export function canRunAction(
  holder: PermissionHolder | null | undefined,
  resourceId: string,
  action: string,
): boolean {
  const permission = permissionFor(resourceId, action)
  return Boolean(permission && Array.isArray(holder?.permissions) && holder.permissions.includes(permission))
}

export function canUsePage(
  holder: PermissionHolder | null | undefined,
  page: string,
  mode: 'view' | 'save',
): boolean {
  if (!Array.isArray(holder?.permissions) || !Object.hasOwn(PAGE_PERMISSIONS, page)) return false
  const needed = PAGE_PERMISSIONS[page as AdminPageName][mode]
  return needed === ANY_STAFF || holder!.permissions.includes(needed)
}
