import { ADDRESS_FIELDS, AddressFields } from './address-fields'
import { Field } from './field'

/** The fields of a new account, as core's registerClient names them. */
export const REGISTRATION_FIELDS = ['firstName', 'lastName', 'email', 'password', ...ADDRESS_FIELDS] as const

/**
 * Name, email, password and billing address: the /register form, and the checkout's for a visitor
 * who creates an account while ordering. The same labels and autocomplete hints in both places.
 */
export function RegistrationFields({
  form,
  countries,
  values,
  errors,
}: {
  form: string
  countries: readonly { value: string; label: string }[]
  values: Record<string, string>
  errors: Record<string, string>
}) {
  return (
    <>
      <fieldset>
        <legend>About you</legend>
        <div className="grid">
          <Field
            form={form}
            name="firstName"
            label="First name"
            autoComplete="given-name"
            defaultValue={values.firstName}
            error={errors.firstName}
            maxLength={60}
          />
          <Field
            form={form}
            name="lastName"
            label="Last name"
            autoComplete="family-name"
            defaultValue={values.lastName}
            error={errors.lastName}
            maxLength={60}
          />
          <Field
            form={form}
            name="email"
            label="Email"
            type="email"
            inputMode="email"
            autoComplete="email"
            defaultValue={values.email}
            error={errors.email}
            className="span-2"
            maxLength={254}
          />
          <Field
            form={form}
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            error={errors.password}
            hint="At least 10 characters. A few unrelated words make a strong one."
            className="span-2"
            minLength={10}
            maxLength={200}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Billing address</legend>
        <AddressFields form={form} countries={countries} values={values} errors={errors} />
      </fieldset>
    </>
  )
}
