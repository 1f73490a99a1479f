import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { isResetTokenUsable, resetPassword } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { getAuth } from '~/auth/principal.server'
import { Field } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { useFocusFirstError } from '~/components/use-focus-error'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Berth' }]

// Checking the link does not use it up: only a successful POST does, so a mail scanner that
// fetches the link leaves it working.
export async function loader(args: LoaderFunctionArgs) {
  const token = new URL(args.request.url).searchParams.get('token') ?? ''
  const usable = await isResetTokenUsable((await getAuth(args)).ctx, token)
  return { token: usable ? token : '', usable }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const input = formText(form, ['token', 'password', 'confirmPassword'])
  try {
    await resetPassword((await getAuth(args)).ctx, input)
  } catch (error) {
    return refuse(error, { fields: ['password', 'confirmPassword'] })
  }
  return redirectWithFlash('/login', {
    kind: 'success',
    message: 'Your password is changed. Log in with your new password.',
  })
}

export default function ResetPassword() {
  const { token, usable } = useLoaderData<typeof loader>()
  const refusal = refusalFor(useActionData<typeof action>())
  const busy = useNavigation().state === 'submitting'
  const formRef = useFocusFirstError(refusal)
  if (!usable) return <LinkExpired />
  return (
    <section className="card narrow">
      <h1>Choose a new password</h1>
      <p className="lead">After this, every device logged in to your account is logged out.</p>
      <Form method="post" noValidate className="form" ref={formRef}>
        <CsrfInput />
        <input type="hidden" name="token" value={token} />
        <FormError message={refusal?.formError} />
        {refusal?.formError && !Object.keys(refusal.fieldErrors).length ? (
          <p>
            <Link to="/forgot-password">Ask for a new link</Link>
          </p>
        ) : null}
        <Field
          form="reset"
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          error={refusal?.fieldErrors.password}
          hint="At least 10 characters."
          minLength={10}
          maxLength={200}
        />
        <Field
          form="reset"
          name="confirmPassword"
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          error={refusal?.fieldErrors.confirmPassword}
          maxLength={200}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Set new password'}
          </button>
        </div>
      </Form>
    </section>
  )
}

function LinkExpired() {
  return (
    <section className="card narrow">
      <h1>This link does not work any more</h1>
      <p>
        Reset links work once, for 60 minutes, and only the newest one you asked for counts. This one has been
        used, has expired, or is incomplete.
      </p>
      <p>
        <Link className="button" to="/forgot-password">
          Ask for a new link
        </Link>
      </p>
    </section>
  )
}
