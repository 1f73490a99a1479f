import { formatPercent, parsePercent, type SettingKey, type Settings } from '@berth/core'
import { text } from './page-answer'

/**
 * The automation part of the Settings page: the daily billing run's day counts, late fee, run hour
 * and time zone (docs/decisions/0027-daily-billing-run.md), and how long an upgrade waits for its
 * payment (0023). Day counts are posted as text and parsed here; core's schema and its cross-key
 * rules (assert-settings-agree.ts) decide what is allowed, and their errors land on these fields.
 * The per-currency late fee amounts stay at their defaults here (no money editor on this page yet).
 */
const WHOLE_NUMBERS = {
  packageChangeExpiryDays: 'services.packageChangeExpiryDays',
  renewalInvoiceDaysBefore: 'billing.renewalInvoiceDaysBefore',
  paymentReminderDaysBefore: 'billing.paymentReminderDaysBefore',
  overdueNotice1Days: 'billing.overdueNotice1Days',
  overdueNotice2Days: 'billing.overdueNotice2Days',
  overdueNotice3Days: 'billing.overdueNotice3Days',
  lateFeeDays: 'billing.lateFeeDays',
  overdueSuspendDays: 'automation.overdueSuspendDays',
  terminateDays: 'automation.terminateDays',
  cancelUnpaidOrderDays: 'automation.cancelUnpaidOrderDays',
  runHour: 'automation.runHour',
  terminationWarningDays: 'billing.terminationWarningDays',
  domainRenewalInvoiceDays: 'domains.renewalInvoiceDays',
  domainSyncIntervalDays: 'domains.syncIntervalDays',
} as const satisfies Record<string, SettingKey>

const TEXT = {
  lateFeeType: 'billing.lateFeeType',
  timeZone: 'automation.timeZone',
  rdapBootstrapUrl: 'domains.rdapBootstrapUrl',
} as const satisfies Record<string, SettingKey>

/** Comma-separated lists: the staff the run's summary goes to, domain reminder offsets. */
function listOf(value: unknown): string[] {
  return text(value)
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter(Boolean)
}

/** Reminder offsets as typed; a sign or a word is kept so core's schema names the fault. */
function daysList(value: unknown): unknown[] {
  return listOf(value).map((v) => (/^-?\d{1,5}$/.test(v) ? Number(v) : v))
}

export const AUTOMATION_KEY_TO_FIELD: Record<string, string> = {
  ...Object.fromEntries(
    [...Object.entries(WHOLE_NUMBERS), ...Object.entries(TEXT)].map(([field, key]) => [key, field]),
  ),
  'billing.lateFeePercent': 'lateFeePercent',
  'automation.summaryRecipients': 'summaryRecipients',
  'domains.reminderDays.before': 'domainReminderDaysBefore',
  'domains.reminderDays.after': 'domainReminderDaysAfter',
  'domains.reminderDays': 'domainReminderDaysBefore',
  'domains.defaultNameservers': 'domainDefaultNameservers',
}

/** The automation fields of the settings form (merged into the page's `settings`), all as text. */
export function automationSettingsForm(settings: Settings): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(WHOLE_NUMBERS).map(([field, key]) => [field, String(settings[key])]),
    ),
    ...Object.fromEntries(Object.entries(TEXT).map(([field, key]) => [field, settings[key]])),
    lateFeePercent: formatPercent(settings['billing.lateFeePercent']),
    summaryRecipients: settings['automation.summaryRecipients'].join(', '),
    domainReminderDaysBefore: settings['domains.reminderDays'].before.join(', '),
    domainReminderDaysAfter: settings['domains.reminderDays'].after.join(', '),
    domainDefaultNameservers: settings['domains.defaultNameservers'].join(', '),
  }
}

/** The posted automation fields as a settings patch, or the fields that are not numbers. */
export function automationSettingsPatch(payload: Record<string, unknown>): {
  patch: Partial<Record<SettingKey, unknown>>
  errors?: Record<string, string>
} {
  const patch: Partial<Record<SettingKey, unknown>> = {}
  const errors: Record<string, string> = {}
  for (const [field, key] of Object.entries(WHOLE_NUMBERS)) {
    if (!Object.hasOwn(payload, field)) continue
    const value = text(payload[field]).trim()
    // A sign is kept so core's schema can say "cannot be negative" rather than "not a number".
    if (/^-?\d{1,5}$/.test(value)) patch[key] = Number(value)
    else errors[field] = field === 'runHour' ? 'Use an hour from 0 to 23.' : 'Enter a whole number of days.'
  }
  for (const [field, key] of Object.entries(TEXT))
    if (Object.hasOwn(payload, field)) patch[key] = text(payload[field]).trim()
  if (Object.hasOwn(payload, 'summaryRecipients'))
    patch['automation.summaryRecipients'] = listOf(payload.summaryRecipients)
  if (Object.hasOwn(payload, 'domainReminderDaysBefore') || Object.hasOwn(payload, 'domainReminderDaysAfter'))
    patch['domains.reminderDays'] = {
      before: daysList(payload.domainReminderDaysBefore),
      after: daysList(payload.domainReminderDaysAfter),
    }
  if (Object.hasOwn(payload, 'domainDefaultNameservers'))
    patch['domains.defaultNameservers'] = listOf(payload.domainDefaultNameservers)
  if (Object.hasOwn(payload, 'lateFeePercent')) {
    const parsed = parsePercent(text(payload.lateFeePercent))
    if (typeof parsed === 'string') errors.lateFeePercent = parsed
    else patch['billing.lateFeePercent'] = parsed
  }
  return Object.keys(errors).length ? { patch, errors } : { patch }
}
