// The billing module's public API (invoices, payments, credit, transactions, PDFs). Apps import
// from '@berth/core' or '@berth/core/billing'; nothing imports the files behind this one.

// Invoices
export * from './invoices/schemas'
export type {
  InvoiceSummary,
  InvoiceDetail,
  InvoiceItemView,
  InvoiceTaxLineView,
  InvoiceTransactionView,
  PartyDetails,
  CurrencyView,
} from './invoices/invoice-view'
export { createInvoice } from './invoices/create-invoice'
export { updateDraftInvoice } from './invoices/update-draft-invoice'
export { deleteDraftInvoice } from './invoices/delete-draft-invoice'
export { publishInvoice, sellerDetails, buyerDetailsSelect, buyerDetailsOf } from './invoices/publish-invoice'
// For other modules that bill inside their own transaction (renewals, checkout).
export { priceInvoice } from './invoices/price-invoice'
export { readCreditBalance } from './credit/ledger'
export { spendCreditOnInvoice } from './credit/spend-credit-on-invoice'
export {
  createServiceInvoice,
  type ServiceInvoiceItem,
  type ServiceInvoiceInput,
} from './invoices/create-service-invoice'
export { cancelInvoice } from './invoices/cancel-invoice'
export { recordManualPayment } from './invoices/record-manual-payment'
export { sendInvoiceEmail } from './invoices/send-invoice-email'
export { listInvoices, type InvoiceList } from './invoices/list-invoices'
export { getInvoice } from './invoices/get-invoice'
export { formatInvoiceNumber } from './invoices/invoice-number'
export {
  INVOICE_TRANSITIONS,
  canTransition,
  displayStatus,
  hasBalanceDue,
  isOverdue,
  isPartiallyPaid,
  isPayableStatus,
  PAYABLE_STATUSES,
  payableStatusFilter,
  payableStatusSql,
  todayUtc,
  type InvoiceDisplayStatus,
} from './shared/invoice-status'
export { dateOnlySchema, formatDate } from './shared/dates'
export { paymentMethodLabel, MANUAL_GATEWAY, CREDIT_GATEWAY } from './shared/labels'

// Tax
export {
  computeInvoiceTotals,
  type InvoiceTotals,
  type TaxRate,
  type TaxLineResult,
  type TotalsItem,
  type TaxModeName,
} from './tax/compute-invoice-totals'
export {
  resolveTaxRates,
  REVERSE_CHARGE_NOTE,
  type ResolvedTax,
  type TaxBuyer,
  type TaxSeller,
} from './tax/resolve-tax-rates'
export {
  listTaxRules,
  createTaxRule,
  updateTaxRule,
  deleteTaxRule,
  parsePercent,
  createTaxRuleInput,
  updateTaxRuleInput,
  type CreateTaxRuleInput,
  type UpdateTaxRuleInput,
  type TaxRuleView,
} from './tax/tax-rules'

// Credit
export * from './credit/schemas'
export { addCredit, type CreditAdjustmentResult } from './credit/add-credit'
export { removeCredit } from './credit/remove-credit'
export { applyCreditToInvoice, type ApplyCreditResult } from './credit/apply-credit-to-invoice'
export { getCreditBalance, type CreditBalanceView } from './credit/get-credit-balance'
export { listCreditEntries, type CreditEntryView } from './credit/list-credit-entries'
export { createAddFundsInvoice } from './credit/create-add-funds-invoice'

// Payments and gateways
export * from './payments/schemas'
export {
  listGatewayConfigs,
  type GatewayConfigView,
  type GatewayFieldView,
} from './payments/list-gateway-configs'
export { updateGatewayConfig } from './payments/update-gateway-config'
export { testGatewayConnection } from './payments/test-gateway-connection'
export {
  listPaymentMethods,
  listCheckoutGateways,
  listCheckoutPaymentMethods,
  type CheckoutPaymentMethod,
  type PaymentMethodView,
  type GatewayMethodView,
} from './payments/list-payment-methods'
export { startPayment, paymentReturnUrl, type StartedPayment } from './payments/start-payment'
export { completePayment, type CompletedPayment } from './payments/complete-payment'
export {
  getPaymentSession,
  getPaymentSessionInput,
  type PaymentSessionView,
} from './payments/get-payment-session'
export { receiveWebhook, REJECTED_WEBHOOK_DAYS, type WebhookResponse } from './payments/receive-webhook'
export { reprocessWebhookEvent, type ReprocessedWebhook } from './payments/reprocess-webhook'
export { refundPayment, type RefundResultView } from './payments/refund-payment'
export type { ApplyPaymentResult } from './payments/apply-payment'
export { GATEWAYS, findGateway } from './gateways/registry'
export * from './gateways/payment-gateway'
export { TEST_GATEWAY_ID, TEST_SIGNATURE_HEADER, signTestWebhook, testWebhookBody } from './gateways/test'

// Transactions
export * from './transactions/schemas'
export { listTransactions, type TransactionView } from './transactions/list-transactions'
export { exportTransactionsCsv, csvField } from './transactions/export-transactions-csv'

// PDF
export { renderInvoicePdf } from './pdf/render-invoice-pdf'

// For the modules that write to clients about their bills (automation's steps) and seed demo data
export { billingFormatter, type BillingFormatter } from './shared/billing-format'
export { invoiceLink } from './shared/links'
export { billingRecipients, billingRecipientsOf, type BillingRecipient } from './shared/recipients'
export { loadGateway } from './payments/load-gateway'
export { seedDemoBilling } from './demo/seed-demo-billing'
