import {
  runSteps,
  type BillingStep,
  type DueItem,
  type RunDailyBillingOptions,
  type BillingRunReport,
} from '../pipeline'
import { lateFeesStep } from './steps/late-fees'
import { overdueNoticesStep } from './steps/overdue-notices'
import { paymentRemindersStep } from './steps/payment-reminders'
import { renewalInvoicesStep } from './steps/renewal-invoices'
import { runSummaryStep } from './steps/run-summary'
import { terminationWarningsStep } from './steps/termination-warnings'
import { domainRemindersStep } from './steps/domain-reminders'
import { domainStatusStep } from './steps/domain-status'
import { domainSyncStep } from './steps/domain-sync'
import { ticketAutoCloseStep } from '../support/desk'
import {
  dueCancellationsStep,
  overdueSuspensionsStep,
  terminationsStep,
  unpaidOrdersStep,
} from './steps/service-steps'

/**
 * The daily run's steps in DESIGN's order: cancellations, renewals (credit is applied as each
 * invoice is published), reminders, late fees, suspensions, terminations, unpaid orders, tickets.
 * The domain steps (docs/decisions/0049): the registrar sync first, so expiry dates are the
 * registry's; then statuses by date, so a lapsed domain is not billed as an auto-renewal; the
 * renewal invoices bill domains with the services; the renewal reminders follow them.
 */
export const DAILY_BILLING_STEPS: readonly BillingStep<DueItem>[] = [
  dueCancellationsStep,
  domainSyncStep,
  domainStatusStep,
  renewalInvoicesStep,
  domainRemindersStep,
  paymentRemindersStep,
  overdueNoticesStep,
  lateFeesStep,
  overdueSuspensionsStep,
  terminationWarningsStep,
  terminationsStep,
  unpaidOrdersStep,
  ticketAutoCloseStep,
  // Keep last: it sums what the steps before it did that day (docs/decisions/0053-billing-run-emails.md).
  runSummaryStep,
]

/**
 * Runs the whole daily run as of `asOf` (a calendar date): each step writes a JobRun with its
 * counts, progress and failed items. Safe to repeat and to run twice at once: every step's work is
 * keyed by a unique constraint, and a repeat writes nothing.
 */
export async function runDailyBilling(options: RunDailyBillingOptions): Promise<BillingRunReport> {
  return runSteps(options, options.steps ?? DAILY_BILLING_STEPS)
}
