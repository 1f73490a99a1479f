import { DomainError } from '../shared'
import type { Settings } from './settings'

/**
 * Rules across settings, checked on the whole set after an update (inside its transaction, so a
 * refused combination changes nothing). Each message names the setting to fix.
 */
export function assertSettingsAgree(s: Settings): void {
  const issues: { field: string; message: string }[] = []
  const notices = (
    ['billing.overdueNotice1Days', 'billing.overdueNotice2Days', 'billing.overdueNotice3Days'] as const
  ).filter((k) => s[k] > 0)
  for (let i = 1; i < notices.length; i++) {
    const [prev, key] = [notices[i - 1]!, notices[i]!]
    if (s[key] <= s[prev])
      issues.push({
        field: key,
        message: `Overdue notices go out in order: this one must come after day ${s[prev]}.`,
      })
  }
  const suspend = s['automation.overdueSuspendDays']
  if (suspend > 0) {
    for (const key of notices) {
      if (s[key] > suspend)
        issues.push({
          field: key,
          message: `This overdue notice (day ${s[key]}) would go out after the service is suspended (day ${suspend}).`,
        })
    }
    if (s['billing.lateFeeType'] !== 'NONE' && s['billing.lateFeeDays'] > suspend) {
      issues.push({
        field: 'billing.lateFeeDays',
        message: `The late fee (day ${s['billing.lateFeeDays']}) would come after the suspension (day ${suspend}).`,
      })
    }
  }
  if (s['automation.terminateDays'] > 0 && suspend === 0) {
    issues.push({
      field: 'automation.terminateDays',
      message: 'Termination counts days after an overdue suspension: turn suspension on first.',
    })
  }
  const warning = s['billing.terminationWarningDays']
  if (warning > 0 && s['automation.terminateDays'] === 0) {
    issues.push({
      field: 'billing.terminationWarningDays',
      message: 'There is no termination to warn of: set the termination days first, or use 0.',
    })
  } else if (warning > 0 && warning >= s['automation.terminateDays']) {
    issues.push({
      field: 'billing.terminationWarningDays',
      message: `The termination warning (${warning} days before) would come before the suspension it follows: use fewer than ${s['automation.terminateDays']} days.`,
    })
  }
  if (s['billing.paymentReminderDaysBefore'] > s['billing.renewalInvoiceDaysBefore']) {
    issues.push({
      field: 'billing.paymentReminderDaysBefore',
      message: `The payment reminder (${s['billing.paymentReminderDaysBefore']} days before due) would come before the renewal invoice (${s['billing.renewalInvoiceDaysBefore']} days before due).`,
    })
  }
  if (
    s['billing.lateFeeType'] === 'FIXED' &&
    !Object.values(s['billing.lateFeeFixed']).some((v) => BigInt(v) > 0n)
  ) {
    issues.push({
      field: 'billing.lateFeeFixed',
      message: 'A fixed late fee needs an amount for at least one currency.',
    })
  }
  if (issues.length)
    throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { field: issues[0]!.field, issues })
}
