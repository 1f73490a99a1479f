import { Form } from '@remix-run/react'
import { RESEND_INTENT } from '~/forms/intents'
import { CsrfInput } from './hidden-fields'

/** Shown while the client's email address is not confirmed, with a button for a new link. */
export function VerifyBanner({
  email,
  error,
  back,
}: {
  email: string
  error?: string | null | undefined
  back: string
}) {
  return (
    <div className="banner" role="status">
      <div>
        <strong>Please verify your email address.</strong> We sent a confirmation link to{' '}
        <span className="email-address">{email}</span>.
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <Form method="post" action={back} className="banner-action">
        <CsrfInput />
        <input type="hidden" name="intent" value={RESEND_INTENT} />
        <button type="submit" className="button button-secondary">
          Send a new link
        </button>
      </Form>
    </div>
  )
}
