import type { LocaleTranslations } from 'adminjs'
import { CATALOG_LABELS, CATALOG_RESOURCE_TRANSLATIONS } from './locale-catalog'

/** The console's wording: resource and field labels, action names, and the login page ("Berth"). */
export const translations: LocaleTranslations = {
  labels: {
    Client: 'Clients',
    User: 'Client logins',
    Staff: 'Staff',
    Role: 'Roles',
    AuditEvent: 'Audit log',
    EmailLog: 'Email log',
    LoginAttempt: 'Login attempts',
    JobRun: 'Job runs',
    ...CATALOG_LABELS,
    Invoice: 'Invoices',
    Transaction: 'Transactions',
    CreditEntry: 'Credit ledger',
    TaxRule: 'Tax rules',
    GatewayConfig: 'Payment gateways',
    Dispute: 'Disputes',
    WebhookEvent: 'Webhook events',
    Billing: 'Billing',
    pages: 'Pages',
    navigation: 'Navigation',
    dashboard: 'Dashboard',
  },
  pages: { myAccount: 'My account', reports: 'Reports', settings: 'Settings', billingRun: 'Billing run' },
  actions: { disable: 'Disable', enable: 'Enable' },
  buttons: { login: 'Sign in', logout: 'Sign out' },
  messages: {
    invalidCredentials: 'Email or password is incorrect.',
    forbiddenError: 'You do not have permission to do this.',
    anyForbiddenError: 'You do not have permission to do this.',
    thereWereValidationErrors: 'Please correct the fields marked below.',
  },
  components: {
    Login: {
      welcomeHeader: 'Berth',
      welcomeMessage: 'The staff console: clients, billing, services and support in one place. Sign in with your staff account.',
      properties: { email: 'Email', password: 'Password' },
      loginButton: 'Sign in',
    },
  },
  resources: {
    ...CATALOG_RESOURCE_TRANSLATIONS,
    Invoice: {
      actions: {
        show: 'Invoice', new: 'New invoice', edit: 'Edit draft', delete: 'Delete draft', publish: 'Publish', recordPayment: 'Record payment', applyCredit: 'Apply credit',
        cancel: 'Cancel invoice', refund: 'Refund', sendEmail: 'Send email', downloadPdf: 'Download PDF',
      },
      properties: {
        title: 'Number', client: 'Client', clientName: 'Client (company, name or email)', displayStatus: 'Status', issueDate: 'Issue date', dueDate: 'Due date',
        subtotal: 'Subtotal', taxTotal: 'Tax', total: 'Total', amountPaid: 'Paid', creditApplied: 'Credit applied', balance: 'Balance',
        kind: 'Kind', currencyCode: 'Currency', createdAt: 'Created',
      },
    },
    Transaction: {
      actions: { show: 'Transaction', exportCsv: 'Export CSV' },
      properties: {
        createdAt: 'Date', client: 'Client', clientName: 'Client (company, name or email)', invoice: 'Invoice', gatewayTransactionId: 'Gateway reference',
        currencyCode: 'Currency', refundOf: 'Refund of', staffId: 'Recorded by (staff id)',
      },
    },
    CreditEntry: {
      properties: {
        createdAt: 'Date', client: 'Client', clientName: 'Client (company, name or email)', balanceAfter: 'Balance after', currencyCode: 'Currency',
        staffId: 'By staff (id)', idempotencyKey: 'Idempotency key',
      },
    },
    TaxRule: {
      properties: {
        appliesTo: 'Applies to', ratePercent: 'Rate (%)', rateLabel: 'Rate', isCompound: 'Compound', isEuVat: 'EU VAT', isActive: 'Active',
        createdAt: 'Created', updatedAt: 'Updated',
      },
    },
    GatewayConfig: {
      actions: { show: 'Payment gateway', edit: 'Configure', testConnection: 'Test connection' },
      properties: {
        displayName: 'Name shown to clients', adapterName: 'Gateway', gateway: 'Id', isEnabled: 'Enabled', isTestMode: 'Test mode', isDemoOnly: 'Demo only',
        sortOrder: 'Order', settingsSummary: 'Settings', webhookSetup: 'Webhook', updatedAt: 'Updated',
      },
    },
    Dispute: { properties: { gatewayDisputeId: 'Dispute id', evidenceDueAt: 'Evidence due', currencyCode: 'Currency', createdAt: 'Opened', updatedAt: 'Updated' } },
    WebhookEvent: { actions: { reprocess: 'Process again' }, properties: { eventId: 'Event id', receivedAt: 'Received', processedAt: 'Processed', ip: 'IP address' } },
    Client: {
      actions: { addCredit: 'Add credit', removeCredit: 'Remove credit' },
      properties: {
        displayName: 'Search: company, name or email',
        companyName: 'Company',
        ownerName: 'Owner',
        ownerEmail: 'Owner email',
        firstName: 'Owner first name',
        lastName: 'Owner last name',
        email: 'Owner email',
        password: 'Owner password',
        address1: 'Address',
        address2: 'Address line 2',
        state: 'State or region',
        taxId: 'Tax ID',
        isTaxExempt: 'Tax exempt',
        currencyCode: 'Currency',
        creditBalance: 'Account credit',
        notes: 'Staff notes',
        createdAt: 'Created',
        updatedAt: 'Updated',
        users: 'Logins',
      },
    },
    User: {
      properties: {
        firstName: 'First name', lastName: 'Last name', isOwner: 'Owner', emailVerifiedAt: 'Email verified',
        lastLoginAt: 'Last login', lastLoginIp: 'Last login IP', createdAt: 'Created', updatedAt: 'Updated',
      },
    },
    Staff: {
      properties: {
        firstName: 'First name', lastName: 'Last name', role: 'Role', lastLoginAt: 'Last login', lastLoginIp: 'Last login IP',
        createdAt: 'Created', updatedAt: 'Updated', password: 'Password',
      },
    },
    Role: {
      properties: { isSystem: 'Built-in', permissions: 'Permissions', createdAt: 'Created', updatedAt: 'Updated' },
    },
    AuditEvent: {
      properties: {
        id: 'Event #', createdAt: 'When', actorType: 'Actor type', actorLabel: 'Actor', actorId: 'Actor id', targetType: 'Target type',
        targetId: 'Target id', clientId: 'Client id', ip: 'IP address', userAgent: 'Browser', before: 'Before', after: 'After',
      },
    },
    EmailLog: {
      properties: {
        toAddress: 'To', queuedAt: 'Queued', error: 'Error', sentAt: 'Sent', messageId: 'Message id', html: 'HTML (redacted)', text: 'Text (redacted)', props: 'Data (redacted)',
      },
    },
    LoginAttempt: { properties: { id: 'Attempt #', createdAt: 'When', ip: 'IP address' } },
    JobRun: { properties: { runKey: 'Run', triggeredBy: 'Triggered by', startedAt: 'Started', finishedAt: 'Finished', counts: 'Counts', errors: 'Errors' } },
  },
}
