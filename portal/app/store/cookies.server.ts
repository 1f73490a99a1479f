import { createCookie, type Cookie } from '@remix-run/node'
import { portalConfig } from '~/config.server'

/**
 * The store's two cookies:
 * - `berth_cart`: a visitor's cart token (core stores only its sha256). Signed, HttpOnly, 30 days
 *   like the cart itself. A client's cart is found by the login, so the cookie goes once the visitor
 *   cart is claimed or merged.
 * - `berth_currency`: the currency a visitor chose to see prices in (a logged-in client always sees
 *   its account currency). Signed so a stale or forged value is ignored; still checked against the
 *   active currencies on every read.
 */
export const CART_COOKIE = 'berth_cart'
export const CURRENCY_COOKIE = 'berth_currency'

let cart: Cookie | undefined
function cartCookie(): Cookie {
  const config = portalConfig()
  cart ??= createCookie(CART_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: 30 * 24 * 3600,
    secrets: [config.sessionSecret],
  })
  return cart
}

let currency: Cookie | undefined
function currencyCookie(): Cookie {
  const config = portalConfig()
  currency ??= createCookie(CURRENCY_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: 365 * 24 * 3600,
    secrets: [config.sessionSecret],
  })
  return currency
}

export async function readCartToken(request: Request): Promise<string | null> {
  const value: unknown = await cartCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length >= 20 && value.length <= 200 ? value : null
}

export function cartCookieHeader(token: string): Promise<string> {
  return cartCookie().serialize(token)
}

export function clearCartCookie(): Promise<string> {
  return cartCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

export async function readCurrencyChoice(request: Request): Promise<string | null> {
  const value: unknown = await currencyCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? value : null
}

export function currencyCookieHeader(code: string): Promise<string> {
  return currencyCookie().serialize(code)
}
