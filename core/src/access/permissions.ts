/**
 * The permission catalogue and the built-in roles: the one table every admin check consults
 * (AdminJS `isAccessible`, custom actions and core's own `requirePermission`). The matrix of
 * role × resource × action is written out in docs/decisions/0006-permission-matrix.md and a test
 * checks this file against it.
 */
export const PERMISSIONS = {
  'clients.view': 'See clients, their users and contacts',
  'clients.create': 'Create clients',
  'clients.edit': 'Edit client details',
  'clients.disable': 'Disable and re-enable client accounts',
  'staff.view': 'See staff members',
  'staff.manage': 'Create, edit and disable staff members',
  'roles.view': 'See roles and their permissions',
  'roles.manage': 'Create, edit and delete roles',
  'audit.view': 'See the audit log',
  'emails.view': 'See the email log',
  'jobs.view': 'See job runs',
  'automation.run': 'Start the daily billing run ("Run now") and preview what it would invoice',
  'settings.view': 'See settings',
  'settings.manage': 'Change settings',
  'billing.view': 'See invoices, transactions and credit',
  'billing.manage': 'Create and publish invoices, record payments, adjust credit',
  'billing.refund': 'Refund payments',
  'billing.gateways': 'Configure payment gateways',
  'catalog.view': 'See products, prices and promotions',
  'catalog.manage': 'Change products, prices and promotions',
  'orders.view': 'See orders and services',
  'orders.manage': 'Accept, cancel and change orders and services',
  'support.view': 'See tickets',
  'support.reply': 'Reply to tickets and add notes',
  'support.manage': 'Assign, close and delete tickets; manage departments and the knowledgebase',
  'domains.view': 'See domains, TLDs and their prices, and registrars (secrets masked)',
  'domains.manage':
    'Register, transfer, renew, sync, release and cancel domains; change their registrar; retry failed registrations',
  'domains.tlds': 'Change TLDs and their prices (including bulk markup)',
  'domains.registrars': 'Configure registrar modules and test their connection',
} as const

export type Permission = keyof typeof PERMISSIONS

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[]

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value)
}

const VIEW_PERMISSIONS = ALL_PERMISSIONS.filter((p) => p.endsWith('.view'))

export const BUILT_IN_ROLES = {
  'Super admin': {
    description: 'Everything, including staff, roles and settings.',
    permissions: ALL_PERMISSIONS,
  },
  Billing: {
    description: 'Clients, invoices, payments, credit and refunds.',
    permissions: [
      'clients.view',
      'clients.create',
      'clients.edit',
      'billing.view',
      'billing.manage',
      'billing.refund',
      'orders.view',
      'catalog.view',
      'emails.view',
      'audit.view',
      'automation.run',
      'domains.view',
      'domains.manage',
    ] satisfies Permission[],
  },
  Support: {
    description: 'Clients (read), tickets and the knowledgebase.',
    permissions: [
      'clients.view',
      'orders.view',
      'catalog.view',
      'support.view',
      'support.reply',
      'support.manage',
      'emails.view',
      'domains.view',
      'domains.manage',
    ] satisfies Permission[],
  },
  'Read-only': {
    description: 'Sees everything except secrets; changes nothing.',
    permissions: VIEW_PERMISSIONS,
  },
} as const satisfies Record<string, { description: string; permissions: readonly Permission[] }>

export type BuiltInRoleName = keyof typeof BUILT_IN_ROLES
export const SUPER_ADMIN_ROLE: BuiltInRoleName = 'Super admin'
