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

/** Ends the session through core (row deleted, `staff.logout` audited) and clears the cookie. */
export function logOutHandler(db: Db, options: { loginPath: string; cookieName: string; cookiePath: string }): RequestHandler {
  return async (req, res, next) => {
    try {
      if (req.session?.adminUser !== undefined) {
        const scope = requestScope(req)
        await logOut({ db, actor: staffActor(scope.principal), request: { ip: scope.ip, userAgent: scope.userAgent } }, scope.sessionToken)
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
