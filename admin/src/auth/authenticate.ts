import type { Request } from 'express'
import { isDomainError, logInStaff, type RequestInfo } from '@berth/core'
import type { Db } from '@berth/prisma'
import { toAdminUser, type AdminUser } from './current-admin'

export function requestInfo(req: Request): RequestInfo {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null }
}

export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())),
  )
}

/**
 * The `authenticate` of @adminjs/express's login route: core's `logInStaff` (staff only, throttled,
 * one generic answer for every failure, audited). Returning null makes AdminJS show its
 * "invalidCredentials" message (translated to core's generic wording); a thrown Error's message is
 * shown as is, which is how throttling explains itself.
 */
export function createAuthenticate(db: Db) {
  return async (email: unknown, password: unknown, context?: { req: Request }): Promise<AdminUser | null> => {
    const req = context?.req
    if (!req) throw new Error('berth admin: authenticate needs the request')
    const request = requestInfo(req)
    try {
      const principal = await logInStaff(
        { db, actor: { type: 'anonymous' }, request },
        {
          email: typeof email === 'string' ? email : '',
          password: typeof password === 'string' ? password : '',
        },
      )
      // A new session id at login: an id that existed before login never holds a signed-in session.
      await regenerateSession(req)
      req.session.loginFrom = request
      return toAdminUser(principal)
    } catch (error) {
      if (isDomainError(error)) {
        if (error.code === 'RATE_LIMITED') throw new Error(error.message)
        return null
      }
      console.error('admin login failed unexpectedly', error)
      throw new Error('Signing in is not possible right now. Please try again in a moment.')
    }
  }
}
