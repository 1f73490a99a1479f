import session from 'express-session'
import { createSession, destroySession, readSession, updateSession } from '@berth/core'
import type { Db } from '@berth/prisma'
import { isAdminUser } from './current-admin'

type Callback<T = void> = (err?: unknown, value?: T) => void

/**
 * express-session's store over core's session functions, door ADMIN. The sid is the cookie token;
 * core keeps only its sha256 as the row id, so a copy of the table hands out no live sessions.
 * A row exists only for a signed-in staff member: the session is first saved at login
 * (`saveUninitialized: false`), and a save without a staff member stores nothing.
 */
export class AdminSessionStore extends session.Store {
  constructor(private readonly db: Db) {
    super()
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    readSession(this.db, 'ADMIN', sid).then(
      (row) => callback(null, row ? (row.data as unknown as session.SessionData) : null),
      (error) => callback(error),
    )
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    this.save(sid, sess).then(
      () => callback?.(),
      (error) => callback?.(error),
    )
  }

  override destroy(sid: string, callback?: Callback): void {
    destroySession(this.db, sid).then(
      () => callback?.(),
      (error) => callback?.(error),
    )
  }

  // The session lives for a fixed time from login (no sliding expiry); core updates lastSeenAt on read.
  override touch(_sid: string, _sess: session.SessionData, callback?: () => void): void {
    callback?.()
  }

  private async save(sid: string, sess: session.SessionData): Promise<void> {
    const staff = sess.adminUser
    if (!isAdminUser(staff)) return
    const data = JSON.parse(JSON.stringify(sess)) as Record<string, unknown>
    const expiresAt = sess.cookie.expires ? new Date(sess.cookie.expires) : undefined
    const existing = await readSession(this.db, 'ADMIN', sid)
    if (existing) {
      if (existing.staffId !== staff.id)
        throw new Error('admin session: the session belongs to another staff member')
      await updateSession(this.db, sid, data, expiresAt)
      return
    }
    await createSession(this.db, {
      door: 'ADMIN',
      token: sid,
      staffId: staff.id,
      data,
      ip: sess.loginFrom?.ip ?? null,
      userAgent: sess.loginFrom?.userAgent ?? null,
      ...(expiresAt ? { expiresAt } : {}),
    })
  }
}

declare module 'express-session' {
  interface SessionData {
    /** Set by @adminjs/express at login; replaced by the freshly loaded principal on every request. */
    adminUser?: unknown
    /** Where the login came from, for the session row. */
    loginFrom?: { ip: string | null; userAgent: string | null }
  }
}
