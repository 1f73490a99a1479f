import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { verifyEmail } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { getAuth } from '~/auth/principal.server'
import { CsrfInput } from '~/components/hidden-fields'
import { Notice } from '~/components/notice'
import { refusalFor, type FormSuccess } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import type { RootData } from '~/root-data'

export const meta: MetaFunction = () => [{ title: 'Confirm your email · Berth' }]

/*
 * Opening the link shows a button; only pressing it (a POST) uses the token. Mail security scanners
 * (and link previews) fetch every link in a message with GET; verifying on GET would let them use
 * up the single-use token, and the client would then find a dead link. One extra click is cheaper.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const { token } = formText(form, ['token'])
  try {
    const { email } = await verifyEmail((await getAuth(args)).ctx, token)
    const done: FormSuccess = {
      ok: true,
      intent: null,
      message: `Your email address ${email} is verified. Thank you.`,
    }
    return data(done)
  } catch (error) {
    return refuse(error, { fields: [] })
  }
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const refusal = refusalFor(outcome)
  const loggedIn = Boolean(useRouteLoaderData<RootData>('root')?.user)
  const busy = useNavigation().state === 'submitting'
  if (outcome?.ok) {
    return (
      <section className="card narrow">
        <h1>Email address confirmed</h1>
        <Notice kind="success">{outcome.message}</Notice>
        <p>{loggedIn ? <Link to="/">Go to your dashboard</Link> : <Link to="/login">Log in</Link>}</p>
      </section>
    )
  }
  if (!token || refusal) {
    return (
      <section className="card narrow">
        <h1>This link does not work</h1>
        <Notice kind="error">
          {refusal?.formError ??
            'This verification link is incomplete. Open the link from the email again, or ask for a new one.'}
        </Notice>
        <p>
          Confirmation links work once, for 48 hours, and only the newest one counts.{' '}
          {loggedIn ? (
            <>
              You can ask for a new one on your <Link to="/account">account page</Link>.
            </>
          ) : (
            <>
              <Link to="/login">Log in</Link> to ask for a new one.
            </>
          )}
        </p>
      </section>
    )
  }
  return (
    <section className="card narrow">
      <h1>Confirm your email address</h1>
      <p className="lead">Press the button to confirm that this address is yours.</p>
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="token" value={token} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Confirming…' : 'Confirm my email address'}
          </button>
        </div>
      </Form>
    </section>
  )
}
