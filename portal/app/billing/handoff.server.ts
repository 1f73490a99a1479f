import { createHmac, timingSafeEqual } from 'node:crypto'
import { getEnv, sessionIdForToken } from '@berth/core'
import { portalConfig } from '~/config.server'

/**
 * Leaving for a gateway's checkout after the "Pay" form. The portal's CSP has `form-action 'self'`,
 * which browsers also apply to the redirects that follow a form submission: a POST answered with a
 * redirect to checkout.stripe.com is blocked when the form was submitted without JavaScript. So
 * the action redirects to a page of our own (`/billing/pay/:gateway/continue`), and that page moves
 * on to the checkout (meta refresh, script, and a link), which is a new navigation, not a form
 * submission.
 *
 * The checkout URL travels in that page's query string, signed with SESSION_SECRET and bound to
 * the client's session and payment session: the page is no open redirect, and a link made for one
 * login is worthless to another. A checkout on the portal itself (the test gateway) needs no
 * hand-off.
 */
function signature(sessionToken: string, gateway: string, paymentSessionId: string, url: string): string {
  return createHmac('sha256', portalConfig().sessionSecret)
    .update(`berth-portal-handoff|${sessionIdForToken(sessionToken)}|${gateway}|${paymentSessionId}|${url}`)
    .digest('base64url')
}

export function checkoutRedirectTarget(
  sessionToken: string,
  input: { gateway: string; paymentSessionId: string; url: string },
): string {
  if (new URL(input.url).origin === new URL(getEnv().PORTAL_URL).origin) return input.url
  const query = new URLSearchParams({
    ps: input.paymentSessionId,
    to: input.url,
    sig: signature(sessionToken, input.gateway, input.paymentSessionId, input.url),
  })
  return `/billing/pay/${encodeURIComponent(input.gateway)}/continue?${query}`
}

/** The checkout URL of a hand-off link, or null when the link was not made for this session. */
export function readHandoff(
  sessionToken: string,
  gateway: string,
  params: URLSearchParams,
): { paymentSessionId: string; url: string } | null {
  const ps = params.get('ps')
  const to = params.get('to')
  const sig = params.get('sig')
  if (!ps || !to || !sig || !/^https?:\/\//.test(to)) return null
  const expected = Buffer.from(signature(sessionToken, gateway, ps, to))
  const given = Buffer.from(sig)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return { paymentSessionId: ps, url: to }
}
