import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createCookie, type Cookie } from '@remix-run/node'
import { sessionIdForToken } from '@berth/core'
import { portalConfig } from '~/config.server'
import { getAuth, type RouteArgs } from './principal.server'

/**
 * CSRF protection on top of SameSite=Lax: a signed double-submit token.
 *
 * The `berth_csrf` cookie holds a random seed (signed with SESSION_SECRET, so a forged cookie is
 * ignored). Every state-changing form carries HMAC(SESSION_SECRET, seed + session id) in a hidden
 * field. Binding the field to the session id matters because SameSite does not stop requests from
 * a sibling subdomain (portal and admin often share a registrable domain): such a site could plant
 * a seed cookie of its own, but cannot compute the field for the victim's session. Visitors
 * without a session get a token bound to "anonymous".
 */
export const CSRF_COOKIE = 'berth_csrf'
export const CSRF_FIELD = 'csrf'

let cookie: Cookie | undefined
function csrfCookie(): Cookie {
  const config = portalConfig()
  cookie ??= createCookie(CSRF_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    secrets: [config.sessionSecret],
  })
  return cookie
}

async function readSeed(request: Request): Promise<string | null> {
  const seed: unknown = await csrfCookie().parse(request.headers.get('Cookie'))
  return typeof seed === 'string' && seed.length >= 32 ? seed : null
}

function formToken(seed: string, sessionToken: string | null): string {
  const binding = sessionToken ? sessionIdForToken(sessionToken) : 'anonymous'
  return createHmac('sha256', portalConfig().sessionSecret)
    .update(`berth-portal-csrf|${seed}|${binding}`)
    .digest('base64url')
}

/** The token for this request's forms, and a Set-Cookie when the browser has no seed yet. */
export async function issueCsrfToken(args: RouteArgs): Promise<{ token: string; setCookie: string | null }> {
  const auth = await getAuth(args)
  const existing = await readSeed(args.request)
  const seed = existing ?? randomBytes(32).toString('base64url')
  return {
    token: formToken(seed, auth.sessionToken),
    setCookie: existing ? null : await csrfCookie().serialize(seed),
  }
}

/**
 * Every action calls this first. It reads the form (from a clone, so remix-auth can read the body
 * again) and answers 403 before anything else happens when the token is missing or wrong.
 */
export async function requireValidForm(args: RouteArgs): Promise<FormData> {
  const form = await args.request
    .clone()
    .formData()
    .catch(() => null)
  const seed = await readSeed(args.request)
  const sent = form?.get(CSRF_FIELD)
  if (
    !form ||
    !seed ||
    typeof sent !== 'string' ||
    !safeEqual(sent, formToken(seed, (await getAuth(args)).sessionToken))
  ) {
    throw new Response(
      'This form has expired or did not come from this site. Reload the page and try again.',
      { status: 403, statusText: 'Forbidden' },
    )
  }
  return form
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
