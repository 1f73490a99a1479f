import { redirect, type AppLoadContext } from '@remix-run/node'
import { anonymousCtx, loadPortalPrincipal, type Ctx, type PortalPrincipal } from '@berth/core'
import { getDb } from '@berth/prisma'
import { clearSessionCookie, portalSessionStorage } from './session.server'

/** What loaders and actions receive; the guards take it whole, as Epic Stack's take the request. */
export interface RouteArgs {
  request: Request
  context: AppLoadContext
}

export type PortalAuth =
  | { principal: PortalPrincipal; sessionToken: string; ctx: Ctx; clearCookie: null }
  // clearCookie: the browser sent a session cookie that no longer leads to an active login.
  | { principal: null; sessionToken: null; ctx: Ctx; clearCookie: string | null }

// Root and route loaders of one request share the request object: resolve the session once.
const resolved = new WeakMap<Request, Promise<PortalAuth>>()

/**
 * Who is asking. The principal is reloaded from the database on every request, so a client or
 * login disabled by staff is logged out at once: its session row is deleted here and the cookie
 * cleared by whoever answers.
 */
export function getAuth({ request, context }: RouteArgs): Promise<PortalAuth> {
  let auth = resolved.get(request)
  if (!auth) {
    auth = resolveAuth(request, context)
    resolved.set(request, auth)
  }
  return auth
}

async function resolveAuth(request: Request, context: AppLoadContext): Promise<PortalAuth> {
  const db = getDb()
  const anonymous = anonymousCtx(db, context.requestInfo)
  const storage = portalSessionStorage(context.requestInfo)
  const session = await storage.getSession(request.headers.get('Cookie'))
  if (!session.id) return { principal: null, sessionToken: null, ctx: anonymous, clearCookie: null }
  const userId = session.get('userId')
  const principal = userId ? await loadPortalPrincipal(anonymous, userId) : null
  if (!principal) {
    if (userId) await storage.destroySession(session)
    return { principal: null, sessionToken: null, ctx: anonymous, clearCookie: await clearSessionCookie() }
  }
  const ctx: Ctx = {
    db,
    actor: { type: 'client', userId: principal.userId, clientId: principal.clientId, label: principal.email },
    request: context.requestInfo,
  }
  return { principal, sessionToken: session.id, ctx, clearCookie: null }
}

export type SignedIn = Extract<PortalAuth, { principal: PortalPrincipal }>

/** The logged-in client, or a redirect to the login page that brings them back here afterwards. */
export async function requireUser(args: RouteArgs): Promise<SignedIn> {
  const auth = await getAuth(args)
  if (auth.principal) return auth
  const url = new URL(args.request.url)
  // After a POST, come back to the page rather than replaying the submission.
  const back = args.request.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname
  const target = back === '/' ? '/login' : `/login?${new URLSearchParams({ redirectTo: back })}`
  throw redirect(target, auth.clearCookie ? { headers: { 'Set-Cookie': auth.clearCookie } } : undefined)
}

/** For pages only visitors need (login, register, forgot password): a logged-in client goes home. */
export async function requireAnonymous(args: RouteArgs): Promise<PortalAuth & { principal: null }> {
  const auth = await getAuth(args)
  if (auth.principal) throw redirect('/')
  return auth
}
