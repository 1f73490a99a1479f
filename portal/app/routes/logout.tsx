import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logOut } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { getAuth } from '~/auth/principal.server'
import { clearSessionCookie } from '~/auth/session.server'

// Logging out changes state, so it is a POST with a CSRF token: a link or an <img> pointing at
// /logout must not end anyone's session. A GET just goes home.
export function loader() {
  return redirect('/')
}

export async function action(args: ActionFunctionArgs) {
  await requireValidForm(args)
  const auth = await getAuth(args)
  if (auth.principal) await logOut(auth.ctx, auth.sessionToken)
  return redirectWithFlash('/login', { kind: 'info', message: 'You are logged out.' }, [
    await clearSessionCookie(),
  ])
}
