import React from 'react'
import {
  Box,
  CheckBox,
  FormGroup,
  FormMessage,
  H5,
  Input,
  Label,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import { FormField, type FieldErrors } from '../form-field'

/** The billing fields of the settings form (pages/billing-settings.ts); add-funds limits are decimal text per currency. */
export interface BillingSettingsForm {
  invoiceNumberFormat: string
  taxMode: string
  billingLocale: string
  companyCountry: string
  autoApplyCredit: boolean
  paymentTermsDays: string
  addFundsMin: Record<string, string>
  addFundsMax: Record<string, string>
  billingCurrencies: string[]
}

const TAX_MODES = [
  { value: 'EXCLUSIVE', label: 'Prices exclude tax (tax is added on top)' },
  { value: 'INCLUSIVE', label: 'Prices include tax' },
]

const BillingSettingsSection: React.FC<{
  form: BillingSettingsForm
  errors: FieldErrors
  disabled: boolean
  onChange: (patch: Partial<BillingSettingsForm>) => void
}> = ({ form, errors, disabled, onChange }) => {
  const limit = (kind: 'addFundsMin' | 'addFundsMax', code: string, value: string) =>
    onChange({ [kind]: { ...form[kind], [code]: value } })
  return (
    <Box variant="card" p="xl" mb="lg" data-testid="billing-settings">
      <H5 mb="lg">Billing</H5>
      <FormField
        name="invoiceNumberFormat"
        label="Invoice number format"
        required
        disabled={disabled}
        value={form.invoiceNumberFormat}
        error={errors.invoiceNumberFormat}
        hint="{YYYY} {YY} {MM} {DD} and {SEQ} or {SEQ:5} (zero-padded). The sequence never resets and never skips."
        onChange={(v) => onChange({ invoiceNumberFormat: v })}
      />
      <FormGroup error={Boolean(errors.taxMode)}>
        <Label htmlFor="taxMode">Prices</Label>
        <Box style={{ maxWidth: 420 }}>
          <Select
            inputId="taxMode"
            isClearable={false}
            isDisabled={disabled}
            value={TAX_MODES.find((m) => m.value === form.taxMode) ?? null}
            options={TAX_MODES}
            onChange={(s: { value: string } | null) => onChange({ taxMode: s?.value ?? 'EXCLUSIVE' })}
          />
        </Box>
        <FormMessage>{errors.taxMode ?? 'Applies to invoices published from now on.'}</FormMessage>
      </FormGroup>
      <FormField
        name="paymentTermsDays"
        label="Payment terms (days)"
        disabled={disabled}
        value={form.paymentTermsDays}
        error={errors.paymentTermsDays}
        hint="The due date of an invoice staff leave without one: its issue date plus these days."
        onChange={(v) => onChange({ paymentTermsDays: v })}
      />
      <FormField
        name="companyCountry"
        label="Company country"
        required
        disabled={disabled}
        value={form.companyCountry}
        error={errors.companyCountry}
        hint="Two letters (GB, DE, US). Decides EU reverse charge for business clients abroad."
        onChange={(v) => onChange({ companyCountry: v.toUpperCase() })}
      />
      <FormField
        name="billingLocale"
        label="Billing locale"
        disabled={disabled}
        value={form.billingLocale}
        error={errors.billingLocale}
        hint="How amounts and dates are written on invoices, PDFs and emails, e.g. en-GB or de-DE."
        onChange={(v) => onChange({ billingLocale: v })}
      />
      <Box flex alignItems="center" mb="lg">
        <CheckBox
          id="autoApplyCredit"
          name="autoApplyCredit"
          disabled={disabled}
          checked={form.autoApplyCredit}
          onChange={() => onChange({ autoApplyCredit: !form.autoApplyCredit })}
        />
        <Label inline htmlFor="autoApplyCredit" ml="default">
          Apply a client&apos;s account credit to each invoice when it is published
        </Label>
      </Box>
      <Label>Add funds limits</Label>
      <Text color="grey60" mb="default" fontSize="sm">
        What a client may add to their account credit at once, per currency. Leave both empty to offer no add
        funds in that currency.
      </Text>
      <Table style={{ maxWidth: 560 }}>
        <TableHead>
          <TableRow>
            <TableCell>Currency</TableCell>
            <TableCell>Minimum</TableCell>
            <TableCell>Maximum</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {form.billingCurrencies.map((code) => {
            const minError = errors[`addFundsMin.${code}`]
            const maxError = errors[`addFundsMax.${code}`]
            return (
              <TableRow key={code}>
                <TableCell>
                  <strong>{code}</strong>
                </TableCell>
                <TableCell style={{ verticalAlign: 'top' }}>
                  <Input
                    aria-label={`Add funds minimum in ${code}`}
                    name={`addFundsMin.${code}`}
                    inputMode="decimal"
                    disabled={disabled}
                    value={form.addFundsMin[code] ?? ''}
                    style={{ textAlign: 'right' }}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                      limit('addFundsMin', code, e.target.value)
                    }
                  />
                  {minError && (
                    <Text color="error" fontSize="sm">
                      {minError}
                    </Text>
                  )}
                </TableCell>
                <TableCell style={{ verticalAlign: 'top' }}>
                  <Input
                    aria-label={`Add funds maximum in ${code}`}
                    name={`addFundsMax.${code}`}
                    inputMode="decimal"
                    disabled={disabled}
                    value={form.addFundsMax[code] ?? ''}
                    style={{ textAlign: 'right' }}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                      limit('addFundsMax', code, e.target.value)
                    }
                  />
                  {maxError && (
                    <Text color="error" fontSize="sm">
                      {maxError}
                    </Text>
                  )}
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
    </Box>
  )
}

export default BillingSettingsSection
