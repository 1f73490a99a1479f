import { index, route, type RouteConfig } from '@remix-run/route-config'

/** Every page of the portal, in one place (v3_routeConfig). */
export default [
  index('routes/dashboard.tsx'),
  route('register', 'routes/register.tsx'),
  route('verify-email', 'routes/verify-email.tsx'),
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('forgot-password', 'routes/forgot-password.tsx'),
  route('reset-password', 'routes/reset-password.tsx'),
  route('account', 'routes/account.tsx'),
  route('invoices', 'routes/invoices.tsx'),
  route('invoices/:invoiceId', 'routes/invoice.tsx'),
  route('invoices/:invoiceId/pdf', 'routes/invoice-pdf.ts'),
  route('billing', 'routes/billing.ts'),
  route('billing/add-funds', 'routes/add-funds.tsx'),
  route('billing/transactions', 'routes/transactions.tsx'),
  route('billing/pay/:gateway/continue', 'routes/payment-continue.tsx'),
  route('billing/pay/:gateway/return', 'routes/payment-return.ts'),
  route('billing/test-gateway/:gatewaySessionId', 'routes/test-gateway.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
