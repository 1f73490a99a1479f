export { recordJobRun } from '../pipeline'
export { purgeExpiredRecords } from './purge-expired-records'
export { runDailyBilling, DAILY_BILLING_STEPS } from './run-daily-billing'
export { billClientRenewals } from './steps/renewal-invoices'
export {
  defineStep,
  lockClients,
  type BillingStep,
  type DueItem,
  type ItemOutcome,
  type BillingRunReport,
  type StepReport,
  type ProgressEvent,
  type RunDailyBillingOptions,
} from '../pipeline'
export { todayInTimeZone, dailyRunCron } from './time-zone'
export { setSuspensionHold, suspensionHoldInput } from './set-suspension-hold'
export {
  requestBillingRun,
  requestBillingRunInput,
  listQueuedBillingRuns,
  MAX_RUN_DAYS_AHEAD,
  type BillingRunRequest,
  type QueuedBillingRun,
} from './request-billing-run'
export {
  previewRenewals,
  previewRenewalsInput,
  type RenewalPreview,
  type PreviewInvoice,
  type PreviewItem,
} from './preview-renewals'
export {
  startFannedOutRun,
  pendingFannedOutRuns,
  coordinateStep,
  processBatchJob,
  runStepJobSchema,
  runBatchJobSchema,
  type RunStepJob,
  type RunBatchJob,
} from './fan-out'
