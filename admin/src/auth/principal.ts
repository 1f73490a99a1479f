import type { RequestHandler } from 'express'
import { loadStaffPrincipal, logOut, staffActor } from '@berth/core'
import type { Db } from '@berth/prisma'
import { regenerateSession, requestInfo } from './authenticate'
import { isAdminUser, requestScope, setRequestScope, toAdminUser } from './current-admin'

/**
 * On every request with a signed-in session: load the staff member again. A disabled or deleted
 * member is logged out here (AdminJS then sends them to the login page); a changed role or name
 * takes effect on this very request, because AdminJS reads `currentAdmin` from the session.
 */
export function reloadPrincipal(db: Db): RequestHandler {
  return async (req, _res, next) => {
    try {
      const stored = req.session?.adminUser
      if (stored === undefined) return next()
      const principal = isAdminUser(stored) ? await loadStaffPrincipal(db, stored.id) : null
      if (!principal) {
        await regenerateSession(req)
        return next()
      }
      req.session.adminUser = toAdminUser(principal)
      setRequestScope(req, { principal, ...requestInfo(req), sessionToken: req.sessionID })
      next()
    } catch (error) {
      next(error)
    }
  }
}

/**
 * AdminJS's own "Sign out" is a link, so logout must answer GET. A GET that another site started
 * (`Sec-Fetch-Site: cross-site` or `same-site`, e.g. an <img> on a page of the portal's domain)
 * does not end the session: it gets a page whose button POSTs here, which the Origin check guards.
 */
function startedByAnotherSite(req: Parameters<RequestHandler>[0]): boolean {
  const site = req.get('sec-fetch-site')
  return site === 'cross-site' || site === 'same-site'
}

const CONFIRM_LOGOUT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign out of Berth</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><h1>Sign out?</h1><p>Another site asked to sign you out of the admin console. Press the button if you want to.</p>
<form method="post"><button type="submit">Sign out</button></form></body></html>`

/** Ends the session through core (row deleted, `staff.logout` audited) and clears the cookie. */
export function logOutHandler(
  db: Db,
  options: { loginPath: string; cookieName: string; cookiePath: string },
): RequestHandler {
  return async (req, res, next) => {
    try {
      if (req.method === 'GET' && startedByAnotherSite(req)) {
        res.status(200).type('html').send(CONFIRM_LOGOUT_PAGE)
        return
      }
      if (req.session?.adminUser !== undefined) {
        const scope = requestScope(req)
        await logOut(
          { db, actor: staffActor(scope.principal), request: { ip: scope.ip, userAgent: scope.userAgent } },
          scope.sessionToken,
        )
      }
      const done = () => {
        res.clearCookie(options.cookieName, { path: options.cookiePath })
        res.redirect(options.loginPath)
      }
      if (req.session) req.session.destroy(() => done())
      else done()
    } catch (error) {
      next(error)
    }
  }
}
