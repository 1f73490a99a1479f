import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { changeEmail, changePassword, getAccount, sessionIdForToken, updateProfile } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser, type SignedIn } from '~/auth/principal.server'
import { ADDRESS_FIELDS, AddressFields } from '~/components/address-fields'
import { Field } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { useFocusFirstError } from '~/components/use-focus-error'
import { VerifyBanner } from '~/components/verify-banner'
import { countrySelectOptions } from '~/forms/countries.server'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { forwardRetryAfter } from '~/forms/headers'
import { refuse } from '~/forms/refusal.server'
import { RESEND_INTENT } from '~/forms/intents'
import { resendVerificationIntent } from '~/forms/resend-verification.server'

export const headers = forwardRetryAfter

export const meta: MetaFunction = () => [{ title: 'Your account · Berth' }]

const PROFILE_FIELDS = ['firstName', 'lastName', ...ADDRESS_FIELDS] as const
type Intent = 'profile' | 'email' | 'password' | typeof RESEND_INTENT

export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const account = await getAccount(ctx)
  // An explicit shape: ids and the currency stay on the server.
  const { userId: _u, clientId: _c, currencyCode: _cur, ...shown } = account
  return { account: shown, countries: countrySelectOptions() }
}

/** Four forms on one page, told apart by their `intent` field. */
export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await requireUser(args)
  const intent = form.get('intent')
  switch (intent) {
    case 'profile':
      return saveProfile(auth, form)
    case 'email':
      return saveEmail(auth, form)
    case 'password':
      return savePassword(auth, form)
    case RESEND_INTENT:
      return resendVerificationIntent(auth, '/account')
    default:
      throw new Response('Unknown action', { status: 400 })
  }
}

async function saveProfile(auth: SignedIn, form: FormData) {
  const input = formText(form, PROFILE_FIELDS)
  try {
    await updateProfile(auth.ctx, input)
  } catch (error) {
    return refuse<Intent>(error, { intent: 'profile', fields: PROFILE_FIELDS, values: input })
  }
  return redirectWithFlash('/account', { kind: 'success', message: 'Your profile is saved.' })
}

async function saveEmail(auth: SignedIn, form: FormData) {
  const input = formText(form, ['email', 'currentPassword'])
  try {
    await changeEmail(auth.ctx, input)
  } catch (error) {
    return refuse<Intent>(error, {
      intent: 'email',
      fields: ['email', 'currentPassword'],
      values: { email: input.email },
    })
  }
  return redirectWithFlash('/account', {
    kind: 'success',
    message: `Your email address is changed. We have sent a confirmation link to ${input.email.trim().toLowerCase()}; please open it to verify the new address.`,
  })
}

async function savePassword(auth: SignedIn, form: FormData) {
  const input = formText(form, ['currentPassword', 'newPassword', 'confirmPassword'])
  let ended: number
  try {
    // This session's row id is passed so that it survives; every other session of the user ends.
    ;({ sessionsEnded: ended } = await changePassword(auth.ctx, input, sessionIdForToken(auth.sessionToken)))
  } catch (error) {
    return refuse<Intent>(error, {
      intent: 'password',
      fields: ['currentPassword', 'newPassword', 'confirmPassword'],
    })
  }
  const others =
    ended === 0
      ? ''
      : ended === 1
        ? ' You were logged out on 1 other device.'
        : ` You were logged out on ${ended} other devices.`
  return redirectWithFlash('/account', { kind: 'success', message: `Your password is changed.${others}` })
}

export default function Account() {
  const { account, countries } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = (intent: Intent) =>
    navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  const profile = refusalFor<Intent>(outcome, 'profile')
  const email = refusalFor<Intent>(outcome, 'email')
  const password = refusalFor<Intent>(outcome, 'password')
  const resend = refusalFor<Intent>(outcome, RESEND_INTENT)
  const profileValues = profile?.values ?? account
  const profileRef = useFocusFirstError(profile)
  const emailRef = useFocusFirstError(email)
  const passwordRef = useFocusFirstError(password)
  return (
    <>
      <div className="page-head">
        <h1>Your account</h1>
        <p className="lead">Your details, login email and password.</p>
      </div>
      {account.emailVerified ? null : (
        <VerifyBanner email={account.email} error={resend?.formError} back="/account" />
      )}

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <p className="muted">These details appear on your invoices.</p>
        <Form method="post" noValidate className="form" ref={profileRef}>
          <CsrfInput />
          <input type="hidden" name="intent" value="profile" />
          <FormError message={profile?.formError} />
          <div className="grid">
            <Field
              form="profile"
              name="firstName"
              label="First name"
              autoComplete="given-name"
              defaultValue={profileValues.firstName}
              error={profile?.fieldErrors.firstName}
              maxLength={60}
            />
            <Field
              form="profile"
              name="lastName"
              label="Last name"
              autoComplete="family-name"
              defaultValue={profileValues.lastName}
              error={profile?.fieldErrors.lastName}
              maxLength={60}
            />
          </div>
          <AddressFields
            form="profile"
            countries={countries}
            values={profileValues}
            errors={profile?.fieldErrors ?? {}}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy('profile')}>
              {busy('profile') ? 'Saving…' : 'Save profile'}
            </button>
          </div>
        </Form>
      </section>

      <div className="columns two">
        <section className="card" aria-labelledby="email-title">
          <h2 id="email-title">Email address</h2>
          <p>
            You log in with <strong className="email-address">{account.email}</strong>{' '}
            {account.emailVerified ? (
              <span className="badge badge-ok">Verified</span>
            ) : (
              <span className="badge badge-warn">Not verified</span>
            )}
          </p>
          <p className="muted">
            To change it, enter the new address and your current password. The new address must be verified
            again: we send it a confirmation link, and tell your old address about the change.
          </p>
          <Form method="post" noValidate className="form" ref={emailRef}>
            <CsrfInput />
            <input type="hidden" name="intent" value="email" />
            <FormError message={email?.formError} />
            <Field
              form="email"
              name="email"
              label="Email"
              type="email"
              inputMode="email"
              autoComplete="email"
              defaultValue={email?.values.email}
              error={email?.fieldErrors.email}
              maxLength={254}
            />
            <Field
              form="email"
              name="currentPassword"
              label="Current password"
              type="password"
              autoComplete="current-password"
              error={email?.fieldErrors.currentPassword}
              maxLength={200}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={busy('email')}>
                {busy('email') ? 'Changing…' : 'Change email'}
              </button>
            </div>
          </Form>
        </section>

        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Password</h2>
          <p className="muted">
            Changing your password logs you out everywhere else; this browser stays logged in.
          </p>
          <Form method="post" noValidate className="form" ref={passwordRef}>
            <CsrfInput />
            <input type="hidden" name="intent" value="password" />
            <FormError message={password?.formError} />
            <Field
              form="password"
              name="currentPassword"
              label="Current password"
              type="password"
              autoComplete="current-password"
              error={password?.fieldErrors.currentPassword}
              maxLength={200}
            />
            <Field
              form="password"
              name="newPassword"
              label="New password"
              type="password"
              autoComplete="new-password"
              error={password?.fieldErrors.newPassword}
              hint="At least 10 characters."
              minLength={10}
              maxLength={200}
            />
            <Field
              form="password"
              name="confirmPassword"
              label="Confirm password"
              type="password"
              autoComplete="new-password"
              error={password?.fieldErrors.confirmPassword}
              maxLength={200}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={busy('password')}>
                {busy('password') ? 'Changing…' : 'Change password'}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </>
  )
}
