import type { NextFunction, Request, Response } from 'express'
import { SESSION_COOKIE } from '../app/auth/cookie-names'

/** Where a malformed address is answered (routes/bad-address.tsx): a 400 with the portal's own page. */
export const BAD_ADDRESS_PATH = '/_bad-address'

function isWellFormed(url: string): boolean {
  try {
    decodeURIComponent(url)
    return true
  } catch {
    return false
  }
}

/**
 * An address or query that is not valid percent-encoding (`/store/%ff%fe`, `/?q=%ff`) would make
 * Express's router throw a URIError (a 500) or reach loaders as garbage. Checked first: such a
 * request is handed to Remix as `BAD_ADDRESS_PATH`, which answers 400 with the portal's page.
 */
export function rejectMalformedAddresses(req: Request, _res: Response, next: NextFunction) {
  if (!isWellFormed(req.originalUrl)) {
    req.url = BAD_ADDRESS_PATH
    req.originalUrl = BAD_ADDRESS_PATH
  }
  next()
}

function hasSessionCookie(req: Request): boolean {
  const cookie = req.headers.cookie
  return !!cookie && cookie.split(';').some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`))
}

/**
 * Signed-in pages and data show what only their client may see (a service's password, invoices):
 * every response to a request that carries a client session says `Cache-Control: no-store` (a
 * route's own header stays only when it says no-store too, e.g. the invoice PDF's `private,
 * no-store`), so neither the browser's history nor a shared proxy keeps a copy. Pages
 * for visitors keep the route's header; those that set none get `private, no-cache` (each carries
 * its own CSRF token). Mount it after the static assets, which stay cacheable.
 */
export function noStoreForSignedIn(req: Request, res: Response, next: NextFunction) {
  const signedIn = hasSessionCookie(req)
  const writeHead = res.writeHead
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    const set = String(res.getHeader('Cache-Control') ?? '')
    if (signedIn && !/\bno-store\b/.test(set)) res.setHeader('Cache-Control', 'no-store')
    else if (!set) res.setHeader('Cache-Control', 'private, no-cache')
    return writeHead.apply(this, args)
  } as Response['writeHead']
  next()
}
