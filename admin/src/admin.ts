import AdminJS from 'adminjs'
import type { Db } from '@berth/prisma'
import { PAGE_PERMISSIONS, permissionFor } from './access/action-permissions'
import { createComponents } from './components/registry'
import { translations } from './locale'
import { billingRunHandler } from './pages/billing-run'
import { dashboardHandler } from './pages/dashboard'
import { myAccountHandler } from './pages/my-account'
import { reportsHandler } from './pages/reports'
import { settingsHandler } from './pages/settings'
import { auditEventResource } from './resources/audit-event.resource'
import { clientResource } from './resources/client.resource'
import { creditEntryResource } from './resources/credit-entry.resource'
import { disputeResource } from './resources/dispute.resource'
import { gatewayConfigResource } from './resources/gateway-config.resource'
import { invoiceResource } from './resources/invoice.resource'
import { taxRuleResource } from './resources/tax-rule.resource'
import { transactionResource } from './resources/transaction.resource'
import { webhookEventResource } from './resources/webhook-event.resource'
import { CATALOG_RESOURCES, ORDER_RESOURCES } from './resources/catalog-resources'
import { KB_RESOURCES } from './resources/kb-resources'
import type { ResourceFactory } from './resources/define-resource'
import { emailLogResource } from './resources/email-log.resource'
import { jobRunResource } from './resources/job-run.resource'
import { loginAttemptResource } from './resources/login-attempt.resource'
import { roleResource } from './resources/role.resource'
import { staffResource } from './resources/staff.resource'
import { userResource } from './resources/user.resource'
import { ticketResource } from './resources/ticket.resource'
import { departmentResource } from './resources/department.resource'
import { cannedReplyResource } from './resources/canned-reply.resource'
import { domainResource } from './resources/domain.resource'
import { tldResource } from './resources/tld.resource'
import { registrarConfigResource } from './resources/registrar-config.resource'

/** Every resource of the console, in sidebar order. Each file exports one factory; none imports this file. */
const RESOURCES: ResourceFactory[] = [
  clientResource,
  userResource,
  ...ORDER_RESOURCES,
  ...CATALOG_RESOURCES,
  invoiceResource,
  transactionResource,
  creditEntryResource,
  taxRuleResource,
  gatewayConfigResource,
  disputeResource,
  webhookEventResource,
  ticketResource,
  departmentResource,
  cannedReplyResource,
  ...KB_RESOURCES,
  domainResource,
  tldResource,
  registrarConfigResource,
  staffResource,
  roleResource,
  auditEventResource,
  emailLogResource,
  loginAttemptResource,
  jobRunResource,
]

export const ADMIN_ROOT = '/admin'
export const BRAND_ASSETS_PATH = `${ADMIN_ROOT}/berth-assets`
/** Roboto served by the console itself (http/self-hosted-fonts.ts) */
export const FONTS_PATH = `${BRAND_ASSETS_PATH}/fonts`

/** The one assembly: resources, pages, dashboard, branding and wording. */
export async function createAdminJs(db: Db): Promise<AdminJS> {
  const currencies = await db.currency.findMany({
    where: { isActive: true },
    select: { code: true },
    orderBy: { code: 'asc' },
  })
  const { loader, components } = createComponents()
  const deps = { db, components, currencyCodes: currencies.map((c) => c.code) }

  const admin = new AdminJS({
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    componentLoader: loader,
    resources: RESOURCES.map((factory) => factory(deps)),
    dashboard: { component: components.Dashboard, handler: dashboardHandler(db) },
    pages: {
      myAccount: { component: components.MyAccountPage, handler: myAccountHandler(db), icon: 'User' },
      settings: { component: components.SettingsPage, handler: settingsHandler(db), icon: 'Settings' },
      reports: { component: components.ReportsPage, handler: reportsHandler(db), icon: 'BarChart2' },
      billingRun: {
        component: components.BillingRunPage,
        handler: billingRunHandler(db),
        icon: 'PlayCircle',
      },
    },
    branding: {
      companyName: 'Berth',
      logo: `${BRAND_ASSETS_PATH}/logo.svg`,
      favicon: `${BRAND_ASSETS_PATH}/favicon.svg`,
      withMadeWithLove: false,
      theme: {
        colors: {
          primary100: '#0b5c7a',
          primary80: '#2f7590',
          primary60: '#5a91a8',
          primary40: '#93b9c9',
          primary20: '#d7e7ee',
          accent: '#0b5c7a',
          love: '#0b5c7a',
        },
      },
    },
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      localeDetection: false,
      translations: { en: translations },
    },
    // Baked into the component bundle (public): which permission each page needs, for the sidebar.
    env: {
      BERTH_PAGE_VIEW_PERMISSIONS: JSON.stringify(
        Object.fromEntries(Object.entries(PAGE_PERMISSIONS).map(([page, p]) => [page, p.view])),
      ),
    },
    settings: { defaultPerPage: 20 },
    assets: { styles: [`${FONTS_PATH}/roboto.css`] },
  })
  assertEveryActionIsInTheTable(admin)
  return admin
}

/** Start-up check: an action AdminJS knows (built-in or custom) without a permission row stops the console. */
export function assertEveryActionIsInTheTable(admin: AdminJS): void {
  for (const resource of admin.resources) {
    const id = resource.id()
    for (const name of Object.keys(resource.decorate().actions)) {
      if (permissionFor(id, name) === undefined)
        throw new Error(`${id}.${name} has no row in access/action-permissions.ts`)
    }
  }
}
