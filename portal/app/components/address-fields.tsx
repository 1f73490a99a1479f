import { Field, SelectField } from './field'

export const ADDRESS_FIELDS = [
  'companyName',
  'address1',
  'address2',
  'city',
  'state',
  'postcode',
  'country',
  'phone',
] as const

interface Props {
  form: string
  countries: readonly { value: string; label: string }[]
  values: Partial<Record<(typeof ADDRESS_FIELDS)[number], string | null>>
  errors: Record<string, string>
}

/** Company, postal address and phone: the same fields on the register and account pages. */
export function AddressFields({ form, countries, values, errors }: Props) {
  const v = (name: (typeof ADDRESS_FIELDS)[number]) => values[name] ?? ''
  return (
    <div className="grid">
      <Field
        form={form}
        name="companyName"
        label="Company"
        required={false}
        autoComplete="organization"
        defaultValue={v('companyName')}
        error={errors.companyName}
        className="span-2"
        maxLength={120}
      />
      <Field
        form={form}
        name="address1"
        label="Address"
        autoComplete="address-line1"
        defaultValue={v('address1')}
        error={errors.address1}
        className="span-2"
        maxLength={200}
      />
      <Field
        form={form}
        name="address2"
        label="Address line 2"
        required={false}
        autoComplete="address-line2"
        defaultValue={v('address2')}
        error={errors.address2}
        className="span-2"
        maxLength={200}
      />
      <Field
        form={form}
        name="city"
        label="City"
        autoComplete="address-level2"
        defaultValue={v('city')}
        error={errors.city}
        maxLength={100}
      />
      <Field
        form={form}
        name="state"
        label="State or region"
        required={false}
        autoComplete="address-level1"
        defaultValue={v('state')}
        error={errors.state}
        maxLength={100}
      />
      <Field
        form={form}
        name="postcode"
        label="Postcode"
        required={false}
        autoComplete="postal-code"
        defaultValue={v('postcode')}
        error={errors.postcode}
        maxLength={20}
      />
      <SelectField
        form={form}
        name="country"
        label="Country"
        autoComplete="country"
        options={countries}
        placeholder="Choose a country"
        defaultValue={v('country')}
        error={errors.country}
      />
      <Field
        form={form}
        name="phone"
        label="Phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        defaultValue={v('phone')}
        error={errors.phone}
        className="span-2"
        maxLength={24}
      />
    </div>
  )
}
