export { recordJobRun } from './record-job-run'
export { purgeExpiredRecords } from './purge-expired-records'
export { runDailyBilling, DAILY_BILLING_STEPS } from './run-daily-billing'
export { defineStep, lockClients, type BillingStep, type DueItem, type ItemOutcome, type BillingRunReport, type StepReport, type ProgressEvent, type RunDailyBillingOptions } from './pipeline'
