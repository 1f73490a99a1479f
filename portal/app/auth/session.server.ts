import { createCookie, createSessionStorage, type Cookie } from '@remix-run/node'
import {
  createSession,
  destroySession,
  readSession,
  SESSION_TTL_MS,
  updateSession,
  type RequestInfo,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import { portalConfig } from '~/config.server'
import { SESSION_COOKIE } from './cookie-names'

/**
 * Portal sessions live in the database (the `Session` table, door PORTAL) through core's session
 * store. The cookie holds only the random token; the row id is its sha256. A row exists only for
 * a logged-in user: createData refuses anything else, so visitors never fill the table.
 */
export { SESSION_COOKIE } from './cookie-names'

export interface PortalSessionData {
  userId: string
}

let cookie: Cookie | undefined
export function sessionCookie(): Cookie {
  const config = portalConfig()
  cookie ??= createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    secrets: [config.sessionSecret],
    // The cookie lives as long as the row; the row's expiry is the one that counts.
    maxAge: SESSION_TTL_MS.PORTAL / 1000,
  })
  return cookie
}

/** A session storage for one request: createData needs the caller's IP and browser for the row. */
export function portalSessionStorage(request: RequestInfo) {
  return createSessionStorage<PortalSessionData>({
    cookie: sessionCookie(),
    async createData(data, expires) {
      if (!data.userId) throw new Error('a portal session row is created only at login, for a user')
      return createSession(getDb(), {
        door: 'PORTAL',
        userId: data.userId,
        data: { userId: data.userId },
        ip: request.ip,
        userAgent: request.userAgent,
        expiresAt: expires,
      })
    },
    async readData(token) {
      const record = await readSession(getDb(), 'PORTAL', token)
      // The row's owner column is the truth, not whatever the JSON data says.
      return record?.userId ? { ...record.data, userId: record.userId } : null
    },
    async updateData(token, data, expires) {
      await updateSession(getDb(), token, data, expires)
    },
    async deleteData(token) {
      await destroySession(getDb(), token)
    },
  })
}

/** A Set-Cookie value that removes the session cookie from the browser. */
export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}
