import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { registerClient } from '@berth/core'
import { startUserSession } from '~/auth/authenticator.server'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { isHoneypotFilled } from '~/auth/honeypot.server'
import { requireAnonymous } from '~/auth/principal.server'
import { CsrfInput, HoneypotInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { REGISTRATION_FIELDS, RegistrationFields } from '~/components/registration-fields'
import { useFocusFirstError } from '~/components/use-focus-error'
import { countrySelectOptions } from '~/forms/countries.server'
import { forwardRetryAfter } from '~/forms/headers'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse, refuseQuietly } from '~/forms/refusal.server'
import { claimVisitorCart, clientCtx } from '~/store/shop.server'

export const meta: MetaFunction = () => [{ title: 'Create an account · Berth' }]
// Registrations are throttled per IP: a 429 carries Retry-After.
export const headers = forwardRetryAfter

const FIELDS = REGISTRATION_FIELDS

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args)
  return { countries: countrySelectOptions() }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await requireAnonymous(args)
  if (isHoneypotFilled(form)) return refuseQuietly()
  const input = formText(form, FIELDS)
  try {
    const { userId, clientId } = await registerClient(auth.ctx, input)
    const session = await startUserSession(auth.ctx, args.request, userId)
    // A cart filled before registering becomes the new client's.
    const cart = await claimVisitorCart(
      clientCtx(auth.ctx, { userId, clientId, email: input.email.trim() }),
      args.request,
    )
    return redirectWithFlash(
      '/',
      {
        kind: 'success',
        message: `Welcome to Berth! Check your email: we have sent a link to ${input.email.trim()} to confirm your address.`,
      },
      [session, cart],
    )
  } catch (error) {
    const { password: _password, ...values } = input
    return refuse(error, { fields: FIELDS, values })
  }
}

export default function Register() {
  const { countries } = useLoaderData<typeof loader>()
  const refusal = refusalFor(useActionData<typeof action>())
  const busy = useNavigation().state === 'submitting'
  const formRef = useFocusFirstError(refusal)
  const errors = refusal?.fieldErrors ?? {}
  const values = refusal?.values ?? {}
  return (
    <section className="card wide">
      <h1>Create your account</h1>
      <p className="lead">One account for your services, invoices and support tickets.</p>
      <Form method="post" noValidate className="form" ref={formRef}>
        <CsrfInput />
        <HoneypotInput />
        <FormError message={refusal?.formError} />
        <RegistrationFields form="register" countries={countries} values={values} errors={errors} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating your account…' : 'Create account'}
          </button>
          <p className="muted">
            Already have an account? <Link to="/login">Log in</Link>
          </p>
        </div>
      </Form>
    </section>
  )
}
