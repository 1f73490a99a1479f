import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { redirect } from '@remix-run/node'
import { PASSWORD_STRATEGY, portalAuthenticator, startUserSession } from '~/auth/authenticator.server'
import { requireValidForm } from '~/auth/csrf.server'
import { requireAnonymous } from '~/auth/principal.server'
import { Field } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { forwardRetryAfter } from '~/forms/headers'
import { refuse } from '~/forms/refusal.server'
import { safeRedirect } from '~/forms/safe-redirect'
import { claimVisitorCart, clientCtx } from '~/store/shop.server'

export const headers = forwardRetryAfter

export const meta: MetaFunction = () => [{ title: 'Log in · Berth' }]

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args)
  return null
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await requireAnonymous(args)
  const { email, redirectTo } = formText(form, ['email', 'redirectTo'])
  try {
    const user = await portalAuthenticator(auth.ctx).authenticate(PASSWORD_STRATEGY, args.request)
    const session = await startUserSession(auth.ctx, args.request, user.userId)
    // A cart filled before logging in is claimed, or merged into the client's own.
    const cart = await claimVisitorCart(clientCtx(auth.ctx, user), args.request)
    const headers = new Headers({ 'Set-Cookie': session })
    if (cart) headers.append('Set-Cookie', cart)
    return redirect(safeRedirect(redirectTo), { headers })
  } catch (error) {
    return refuse(error, { fields: ['email', 'password'], values: { email } })
  }
}

export default function Login() {
  const refusal = refusalFor(useActionData<typeof action>())
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const errors = refusal?.fieldErrors ?? {}
  return (
    <section className="card narrow">
      <h1>Log in</h1>
      <p className="lead">Welcome back. Log in to manage your account.</p>
      <Form method="post" noValidate className="form">
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <FormError message={refusal?.formError} />
        <Field
          form="login"
          name="email"
          label="Email"
          type="email"
          inputMode="email"
          autoComplete="username"
          defaultValue={refusal?.values.email}
          error={errors.email}
          maxLength={254}
        />
        <Field
          form="login"
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password}
          maxLength={200}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
          <Link to="/forgot-password">Forgot your password?</Link>
        </div>
      </Form>
      <p className="muted card-footer">
        New here? <Link to="/register">Create an account</Link>
      </p>
    </section>
  )
}
