import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { requestPasswordReset } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { isHoneypotFilled } from '~/auth/honeypot.server'
import { getAuth } from '~/auth/principal.server'
import { Field } from '~/components/field'
import { CsrfInput, HoneypotInput } from '~/components/hidden-fields'
import { FormError, Notice } from '~/components/notice'
import { refusalFor, type FormSuccess } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { forwardRetryAfter } from '~/forms/headers'
import { refuse } from '~/forms/refusal.server'

export const headers = forwardRetryAfter

export const meta: MetaFunction = () => [{ title: 'Forgot your password · Berth' }]

// The same words whether or not the address has an account, so the form cannot be used to find
// out who is a client.
const SENT =
  'If an account exists for that address, we have sent a link to reset the password. It works for 60 minutes.'

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const sent: FormSuccess = { ok: true, intent: null, message: SENT }
  // A bot filled the honeypot: the same answer as everyone gets, and nothing is written.
  if (isHoneypotFilled(form)) return data(sent)
  const { email } = formText(form, ['email'])
  try {
    await requestPasswordReset((await getAuth(args)).ctx, { email })
  } catch (error) {
    return refuse(error, { fields: ['email'], values: { email } })
  }
  return data(sent)
}

export default function ForgotPassword() {
  const outcome = useActionData<typeof action>()
  const refusal = refusalFor(outcome)
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="card narrow">
      <h1>Forgot your password?</h1>
      {outcome?.ok ? (
        <>
          <Notice kind="success">{outcome.message}</Notice>
          <p>
            Nothing arrived? Check your spam folder, or{' '}
            <Link to="/forgot-password" reloadDocument>
              try another address
            </Link>
            .
          </p>
          <p>
            <Link to="/login">Back to log in</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">
            Enter the email address you log in with and we will send you a link to choose a new password.
          </p>
          <Form method="post" noValidate className="form">
            <CsrfInput />
            <HoneypotInput />
            <FormError message={refusal?.formError} />
            <Field
              form="forgot"
              name="email"
              label="Email"
              type="email"
              inputMode="email"
              autoComplete="email"
              defaultValue={refusal?.values.email}
              error={refusal?.fieldErrors.email}
              maxLength={254}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Sending…' : 'Send reset link'}
              </button>
              <Link to="/login">Back to log in</Link>
            </div>
          </Form>
        </>
      )}
    </section>
  )
}
