// Business reports and the dashboard's figures (issue 10): read-only, staff with billing.view.
export {
  getBusinessDashboard,
  businessDashboardInput,
  type BusinessDashboard,
  type DashboardMoney,
} from './get-business-dashboard'
export { incomeByMonth, type IncomeMonthRow } from './income-by-month'
export { incomeByProduct, type IncomeProductRow } from './income-by-product'
export { agingOfReceivables, AGING_BUCKETS, type AgingBucket, type AgingRow } from './aging-of-receivables'
export { churnByMonth, type ChurnMonthRow } from './churn-by-month'
export { taxCollected, type TaxRow } from './tax-collected'
export {
  exportReportCsv,
  agingLabel,
  REPORT_NAMES,
  reportNameSchema,
  type ReportName,
} from './export-report-csv'
export {
  reportRangeInput,
  reportAsOfInput,
  REPORTS_PERMISSION,
  MAX_REPORT_MONTHS,
  type ReportRangeInput,
  type ReportAsOfInput,
} from './shared'
