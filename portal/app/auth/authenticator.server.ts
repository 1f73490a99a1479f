import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { destroySession, logInUser, type Ctx, type PortalUser } from '@berth/core'
import { getDb } from '@berth/prisma'
import { portalSessionStorage, sessionCookie } from './session.server'

export const PASSWORD_STRATEGY = 'password'

/**
 * remix-auth v4 keeps no session: `authenticate` returns the user or throws core's DomainError
 * (INVALID_CREDENTIALS, RATE_LIMITED, VALIDATION_FAILED), and we commit the session ourselves.
 * Built per request because the strategy needs the caller's IP for throttling and the audit trail.
 */
export function portalAuthenticator(ctx: Ctx): Authenticator<PortalUser> {
  const authenticator = new Authenticator<PortalUser>()
  authenticator.use(
    new FormStrategy(({ form }) =>
      logInUser(ctx, { email: text(form.get('email')), password: text(form.get('password')) }),
    ),
    PASSWORD_STRATEGY,
  )
  return authenticator
}

function text(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value : ''
}

/**
 * Starts a session for a user who just proved who they are, and returns its Set-Cookie. A new
 * token every time (and the old row, if any, deleted) so a token planted before login is useless.
 */
export async function startUserSession(ctx: Ctx, request: Request, userId: string): Promise<string> {
  const storage = portalSessionStorage(ctx.request)
  const previous = await storage.getSession(request.headers.get('Cookie'))
  if (previous.id) await destroySession(getDb(), previous.id)
  const session = await storage.getSession()
  session.set('userId', userId)
  return storage.commitSession(session)
}

/** The same, with the new session's token (what hand-off links to external checkouts are bound to). */
export async function startUserSessionWithToken(
  ctx: Ctx,
  request: Request,
  userId: string,
): Promise<{ cookie: string; token: string }> {
  const cookie = await startUserSession(ctx, request, userId)
  const token: unknown = await sessionCookie().parse(cookie)
  if (typeof token !== 'string') throw new Error('the new session cookie holds no token')
  return { cookie, token }
}
