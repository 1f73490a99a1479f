import { resendVerification } from '@berth/core'
import type { SignedIn } from '~/auth/principal.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { RESEND_INTENT } from './intents'
import { safeRedirect } from './safe-redirect'
import { refuse } from './refusal.server'

/** The "send me a new link" button, on the dashboard's banner and the account page. */
export async function resendVerificationIntent(auth: SignedIn, back: string) {
  if (auth.principal.emailVerified)
    return redirectWithFlash(safeRedirect(back), {
      kind: 'info',
      message: 'Your email address is already confirmed.',
    })
  try {
    await resendVerification(auth.ctx)
  } catch (error) {
    return refuse(error, { intent: RESEND_INTENT, fields: [] })
  }
  return redirectWithFlash(safeRedirect(back), {
    kind: 'success',
    message: `We have sent a new confirmation link to ${auth.principal.email}.`,
  })
}
