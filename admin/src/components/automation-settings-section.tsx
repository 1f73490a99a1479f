import React from 'react'
import { Box, FormGroup, FormMessage, H5, Label, Select, Text } from '@adminjs/design-system'
import { FormField, type FieldErrors } from './form-field'

/** The automation fields of the settings form (pages/automation-settings.ts), all as text. */
export interface AutomationSettingsForm {
  packageChangeExpiryDays: string
  renewalInvoiceDaysBefore: string
  paymentReminderDaysBefore: string
  overdueNotice1Days: string
  overdueNotice2Days: string
  overdueNotice3Days: string
  lateFeeType: string
  lateFeeDays: string
  lateFeePercent: string
  overdueSuspendDays: string
  terminateDays: string
  cancelUnpaidOrderDays: string
  runHour: string
  timeZone: string
  terminationWarningDays: string
  summaryRecipients: string
  domainRenewalInvoiceDays: string
  domainSyncIntervalDays: string
  domainReminderDaysBefore: string
  domainReminderDaysAfter: string
  domainDefaultNameservers: string
  rdapBootstrapUrl: string
}

type NumberField = Exclude<
  keyof AutomationSettingsForm,
  'lateFeeType' | 'timeZone' | 'summaryRecipients' | `domain${string}` | 'rdapBootstrapUrl'
>
type DomainField = Extract<keyof AutomationSettingsForm, `domain${string}` | 'rdapBootstrapUrl'>

// prettier-ignore
const FIELDS: { name: NumberField; label: string; hint: string }[] = [
  { name: 'renewalInvoiceDaysBefore', label: 'Renewal invoice (days before due)', hint: 'The run invoices a service this many days before its due date. A product can set its own.' },
  { name: 'paymentReminderDaysBefore', label: 'Payment reminder (days before due)', hint: 'A reminder for an unpaid invoice; 0 sends none. Cannot come before the renewal invoice.' },
  { name: 'overdueNotice1Days', label: 'First overdue notice (days after due)', hint: '0 sends none. The notices go out in order, before the suspension.' },
  { name: 'overdueNotice2Days', label: 'Second overdue notice (days after due)', hint: '0 sends none.' },
  { name: 'overdueNotice3Days', label: 'Third overdue notice (days after due)', hint: '0 sends none.' },
  { name: 'lateFeeDays', label: 'Late fee (days after due)', hint: 'Added once per invoice, before the suspension.' },
  { name: 'lateFeePercent', label: 'Late fee percentage', hint: 'For a percentage fee: of the balance, at least the minimum per currency (e.g. 10 or 2.5).' },
  { name: 'overdueSuspendDays', label: 'Suspend overdue services (days after due)', hint: '0 never suspends. A product can set its own; a service can be held.' },
  { name: 'terminateDays', label: 'Terminate (days after suspension)', hint: '0 never terminates. Needs suspension on.' },
  { name: 'terminationWarningDays', label: 'Termination warning (days before termination)', hint: '0 sends none. Must come after the suspension, so fewer days than the termination.' },
  { name: 'cancelUnpaidOrderDays', label: 'Cancel unpaid orders (days after ordering)', hint: '0 never cancels. Cancelling releases stock and cancels the invoice.' },
  { name: 'packageChangeExpiryDays', label: 'Days to pay for an upgrade', hint: 'An upgrade waits for its invoice this long, then both expire (1 to 90).' },
  { name: 'runHour', label: 'Run hour (0-23)', hint: 'When the daily run starts, in the time zone below.' },
]

// prettier-ignore
const DOMAIN_FIELDS: { name: DomainField; label: string; hint: string }[] = [
  { name: 'domainRenewalInvoiceDays', label: 'Domain renewal invoice (days before expiry)', hint: 'Auto-renewing domains are invoiced this long before expiry, on the client’s renewal invoice. A TLD can set its own.' },
  { name: 'domainReminderDaysBefore', label: 'Renewal reminders (days before expiry)', hint: 'Comma-separated, e.g. 30, 14, 7, 3, 1. Each goes out once per domain and expiry.' },
  { name: 'domainReminderDaysAfter', label: 'Renewal reminders (days after expiry)', hint: 'Comma-separated, e.g. 1, 5. Empty sends none.' },
  { name: 'domainSyncIntervalDays', label: 'Sync with the registrar (every N days)', hint: 'Expiry, status, nameservers and lock are read again after this many days (1 to 90).' },
  { name: 'domainDefaultNameservers', label: 'Default nameservers', hint: 'Comma-separated, 2 to 13: a new domain is registered with these when the client gave none.' },
  { name: 'rdapBootstrapUrl', label: 'RDAP bootstrap file', hint: 'Fetched weekly: the IANA file or a mirror of it. A bad file keeps the old one.' },
]

const LATE_FEE_TYPES = [
  { value: 'NONE', label: 'No late fee' },
  { value: 'FIXED', label: 'A fixed amount per currency' },
  { value: 'PERCENT', label: 'A percentage of the balance, with a minimum' },
]

const AutomationSettingsSection: React.FC<{
  form: AutomationSettingsForm
  errors: FieldErrors
  disabled: boolean
  onChange: (patch: Partial<AutomationSettingsForm>) => void
}> = ({ form, errors, disabled, onChange }) => (
  <Box variant="card" p="xl" mb="lg" data-testid="automation-settings">
    <H5 mb="default">Automation</H5>
    <Text color="grey60" mb="lg" fontSize="sm">
      The daily billing run: renewal invoices, reminders, overdue notices, late fees, suspensions and
      terminations. Staff start or preview it from Billing run.
    </Text>
    <FormGroup error={Boolean(errors.lateFeeType)}>
      <Label htmlFor="lateFeeType">Late fee</Label>
      <Box style={{ maxWidth: 420 }}>
        <Select
          inputId="lateFeeType"
          isClearable={false}
          isDisabled={disabled}
          value={LATE_FEE_TYPES.find((t) => t.value === form.lateFeeType) ?? null}
          options={LATE_FEE_TYPES}
          onChange={(s: { value: string } | null) => onChange({ lateFeeType: s?.value ?? 'NONE' })}
        />
      </Box>
      <FormMessage>
        {errors.lateFeeType ?? 'Fixed amounts and minimums use each currency’s default.'}
      </FormMessage>
    </FormGroup>
    {FIELDS.map((f) => (
      <FormField
        key={f.name}
        name={f.name}
        label={f.label}
        disabled={disabled}
        value={form[f.name]}
        error={errors[f.name]}
        hint={f.hint}
        onChange={(v) => onChange({ [f.name]: v })}
      />
    ))}
    <FormField
      name="timeZone"
      label="Time zone"
      disabled={disabled}
      value={form.timeZone}
      error={errors.timeZone}
      hint="An IANA name such as Europe/London or America/New_York: decides which day 'today' is."
      onChange={(v) => onChange({ timeZone: v })}
    />
    <FormField
      name="summaryRecipients"
      label="Daily summary to"
      disabled={disabled}
      value={form.summaryRecipients}
      error={errors.summaryRecipients}
      hint="Staff email addresses, comma-separated. Only active staff who may view billing receive it."
      onChange={(v) => onChange({ summaryRecipients: v })}
    />
    <H5 mt="xl" mb="default">
      Domains
    </H5>
    {DOMAIN_FIELDS.map((f) => (
      <FormField
        key={f.name}
        name={f.name}
        label={f.label}
        disabled={disabled}
        value={form[f.name]}
        error={errors[f.name]}
        hint={f.hint}
        onChange={(v) => onChange({ [f.name]: v })}
      />
    ))}
  </Box>
)

export default AutomationSettingsSection
