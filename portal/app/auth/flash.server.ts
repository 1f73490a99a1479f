import { createCookie, type Cookie } from '@remix-run/node'
import { portalConfig } from '~/config.server'

/**
 * Notices shown once on the next page after an action ("Your profile is saved"). They travel in a
 * short-lived signed cookie rather than the session, because visitors (after a password reset, for
 * example) have no session row, and rows exist only for logged-in users.
 */
export const FLASH_COOKIE = 'berth_flash'

export interface Flash {
  kind: 'success' | 'info' | 'warning'
  message: string
}

let cookie: Cookie | undefined
function flashCookie(): Cookie {
  const config = portalConfig()
  cookie ??= createCookie(FLASH_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: 60,
    secrets: [config.sessionSecret],
  })
  return cookie
}

export function flashCookieHeader(flash: Flash): Promise<string> {
  return flashCookie().serialize(flash)
}

/** The pending notice, if any, and the Set-Cookie that removes it once shown. */
export async function takeFlash(
  request: Request,
): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const value: unknown = await flashCookie().parse(request.headers.get('Cookie'))
  if (!isFlash(value)) return { flash: null, setCookie: null }
  return { flash: value, setCookie: await flashCookie().serialize('', { maxAge: 0, expires: new Date(0) }) }
}

function isFlash(value: unknown): value is Flash {
  if (!value || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  return (v.kind === 'success' || v.kind === 'info' || v.kind === 'warning') && typeof v.message === 'string'
}

/** A redirect that shows a notice on the next page, plus any other cookies (a new session...). */
export async function redirectWithFlash(
  to: string,
  flash: Flash,
  cookies: (string | null)[] = [],
): Promise<Response> {
  const headers = new Headers({ Location: to })
  for (const c of [...cookies, await flashCookieHeader(flash)]) if (c) headers.append('Set-Cookie', c)
  return new Response(null, { status: 302, headers })
}
