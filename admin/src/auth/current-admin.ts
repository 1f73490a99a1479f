import type { CurrentAdmin } from 'adminjs'
import { staffActor, type Ctx, type StaffPrincipal } from '@berth/core'
import type { Db } from '@berth/prisma'

/**
 * What AdminJS knows as `currentAdmin`: the staff principal as loaded on this request (never a
 * stale copy from login time), in the shape AdminJS's UI reads (`email`, `title`). It travels to
 * the browser inside the page state, so it holds nothing secret.
 */
export interface AdminUser extends CurrentAdmin {
  id: string
  email: string
  title: string
  firstName: string
  lastName: string
  roleId: string
  roleName: string
  permissions: string[]
}

// AdminJS writes the page state into an inline <script> with JSON.stringify, which does not escape
// "<": keep markup out of the strings it prints.
const plain = (s: string) => s.replace(/[<>]/g, '')

export function toAdminUser(principal: StaffPrincipal): AdminUser {
  return {
    id: principal.id,
    email: plain(principal.email),
    title: plain(`${principal.firstName} ${principal.lastName} · ${principal.roleName}`),
    firstName: plain(principal.firstName),
    lastName: plain(principal.lastName),
    roleId: principal.roleId,
    roleName: plain(principal.roleName),
    permissions: [...principal.permissions],
  }
}

export function isAdminUser(value: unknown): value is AdminUser {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AdminUser).id === 'string' &&
    Array.isArray((value as AdminUser).permissions)
  )
}

/**
 * Per-request facts the AdminJS handlers need to build a core `ctx`: who (reloaded this request),
 * from where, and which session. Stored on the Express request under a symbol; @adminjs/express
 * copies the request's own properties into the `ActionRequest` it hands to handlers, so the scope
 * reaches action and page handlers without a global.
 */
export interface RequestScope {
  principal: StaffPrincipal
  ip: string | null
  userAgent: string | null
  /** The session token (express-session's sid); the session row's id is its sha256. */
  sessionToken: string
}

export const REQUEST_SCOPE = Symbol.for('berth.admin.requestScope')

export function setRequestScope(req: object, scope: RequestScope): void {
  Object.defineProperty(req, REQUEST_SCOPE, {
    value: scope,
    enumerable: true,
    configurable: true,
    writable: true,
  })
}

export function requestScope(request: unknown): RequestScope {
  const scope =
    typeof request === 'object' && request !== null
      ? (request as Record<symbol, unknown>)[REQUEST_SCOPE]
      : undefined
  if (!scope)
    throw new Error('berth admin: no request scope on this request (is the principal middleware mounted?)')
  return scope as RequestScope
}

/** The core context for a handler: the staff actor as of this request, the database, the client's address. */
export function ctxFor(db: Db, request: unknown): Ctx {
  const scope = requestScope(request)
  return { db, actor: staffActor(scope.principal), request: { ip: scope.ip, userAgent: scope.userAgent } }
}
