import type { Db, DbClient, Door } from '@berth/prisma'
import { generateToken, hashToken } from '../crypto'

/**
 * Database-backed sessions for both doors. The cookie carries a random token; the table keeps only
 * its sha256, so a copy of the database does not hand out live sessions. Portal and admin use
 * separate rows (the `door` column) and separate cookie names.
 */
type DbLike = Db | DbClient

export const SESSION_TTL_MS = {
  PORTAL: 30 * 24 * 3600_000,
  ADMIN: 12 * 3600_000,
} as const satisfies Record<Door, number>

export interface SessionOwner {
  userId?: string
  staffId?: string
}

export interface NewSession extends SessionOwner {
  door: Door
  data?: Record<string, unknown>
  ip?: string | null
  userAgent?: string | null
  expiresAt?: Date
  /** The cookie token, when the caller's session library chose it (express-session's sid); a fresh random one otherwise. */
  token?: string
}

/** Creates a session row and returns the token for the cookie. */
export async function createSession(db: DbLike, input: NewSession): Promise<string> {
  const token = input.token ?? generateToken()
  await db.session.create({
    data: {
      id: hashToken(token),
      door: input.door,
      userId: input.userId ?? null,
      staffId: input.staffId ?? null,
      data: (input.data ?? {}) as object,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      expiresAt: input.expiresAt ?? new Date(Date.now() + SESSION_TTL_MS[input.door]),
    },
  })
  return token
}

export interface SessionRecord {
  id: string
  door: Door
  userId: string | null
  staffId: string | null
  data: Record<string, unknown>
  expiresAt: Date
}

/** The live session for a cookie token at this door, or null (unknown, expired or other door). */
export async function readSession(db: DbLike, door: Door, token: string): Promise<SessionRecord | null> {
  if (!token) return null
  const row = await db.session.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      door: true,
      userId: true,
      staffId: true,
      data: true,
      expiresAt: true,
      lastSeenAt: true,
    },
  })
  if (!row || row.door !== door) return null
  if (row.expiresAt.getTime() <= Date.now()) {
    await db.session.deleteMany({ where: { id: row.id } })
    return null
  }
  // Touch at most once a minute: a write per request would be wasted load.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: new Date() } })
  }
  return {
    id: row.id,
    door: row.door,
    userId: row.userId,
    staffId: row.staffId,
    data: row.data as Record<string, unknown>,
    expiresAt: row.expiresAt,
  }
}

export async function updateSession(
  db: DbLike,
  token: string,
  data: Record<string, unknown>,
  expiresAt?: Date,
): Promise<void> {
  await db.session.updateMany({
    where: { id: hashToken(token) },
    data: { data: data as object, ...(expiresAt ? { expiresAt } : {}) },
  })
}

export async function destroySession(db: DbLike, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: hashToken(token) } })
}

/** Ends every session of a user or staff member, except the one whose token hash is given. */
export async function destroyOtherSessions(
  db: DbLike,
  owner: SessionOwner,
  exceptSessionId?: string,
): Promise<number> {
  const where = owner.userId ? { userId: owner.userId } : owner.staffId ? { staffId: owner.staffId } : null
  if (!where) return 0
  const result = await db.session.deleteMany({
    where: { ...where, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  })
  return result.count
}

export async function purgeExpiredSessions(db: DbLike): Promise<number> {
  const result = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } })
  return result.count
}

export { hashToken as sessionIdForToken }
