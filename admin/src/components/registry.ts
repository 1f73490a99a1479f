import { fileURLToPath } from 'node:url'
import { ComponentLoader } from 'adminjs'
import { catalogComponents } from './catalog-registry'

/**
 * The one component registry: every custom React component of the console, bundled by AdminJS
 * (Rollup, offline) from these files. Components are browser code: they import only react,
 * adminjs, @adminjs/design-system, each other and actions/record-data.ts (which imports nothing
 * from the server), never server modules; `import type` of a server module's types is erased.
 */
const file = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url))

export function createComponents() {
  const loader = new ComponentLoader()
  const components = {
    Dashboard: loader.add('BerthDashboard', file('dashboard.tsx')),
    MyAccountPage: loader.add('BerthMyAccountPage', file('my-account-page.tsx')),
    SettingsPage: loader.add('BerthSettingsPage', file('settings-page.tsx')),
    ReportsPage: loader.add('BerthReportsPage', file('reports-page.tsx')),
    BillingRunPage: loader.add('BerthBillingRunPage', file('billing-run-page.tsx')),
    PermissionChecklist: loader.add('BerthPermissionChecklist', file('permission-checklist.tsx')),
    PermissionList: loader.add('BerthPermissionList', file('permission-list.tsx')),
    JsonBlock: loader.add('BerthJsonBlock', file('json-block.tsx')),
    TextBlock: loader.add('BerthTextBlock', file('text-block.tsx')),
    EmailPreview: loader.add('BerthEmailPreview', file('email-preview.tsx')),
    ClientUsers: loader.add('BerthClientUsers', file('client-users.tsx')),
    RecordCommand: loader.add('BerthRecordCommand', file('record-command.tsx')),
    NewRecordOnly: loader.add('BerthNewRecordOnly', file('new-record-only.tsx')),
    StatusBadge: loader.add('BerthStatusBadge', file('status-badge.tsx')),
    // Billing
    MoneyValue: loader.add('BerthMoneyValue', file('billing/money-value.tsx')),
    BillingStatus: loader.add('BerthBillingStatus', file('billing/billing-status.tsx')),
    BillingDate: loader.add('BerthBillingDate', file('billing/billing-date.tsx')),
    BillingForm: loader.add('BerthBillingForm', file('billing/billing-form.tsx')),
    InvoiceShow: loader.add('BerthInvoiceShow', file('billing/invoice-show.tsx')),
    InvoiceForm: loader.add('BerthInvoiceForm', file('billing/invoice-form.tsx')),
    InvoicePdf: loader.add('BerthInvoicePdf', file('billing/invoice-pdf.tsx')),
    TransactionExport: loader.add('BerthTransactionExport', file('billing/transaction-export.tsx')),
    GatewayForm: loader.add('BerthGatewayForm', file('billing/gateway-form.tsx')),
    ClientBilling: loader.add('BerthClientBilling', file('billing/client-billing.tsx')),
    // Support desk
    TicketQueue: loader.add('BerthTicketQueue', file('support/ticket-queue.tsx')),
    TicketShow: loader.add('BerthTicketShow', file('support/ticket-show.tsx')),
    // Domains
    TldMarkup: loader.add('BerthTldMarkup', file('tld-markup.tsx')),
    // Catalog, orders and services
    ...catalogComponents(loader, file),
    SidebarPages: loader.override('SidebarPages', file('sidebar-pages.tsx')),
  }
  return { loader, components }
}

export type ComponentIds = ReturnType<typeof createComponents>['components']
