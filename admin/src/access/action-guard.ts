import { Router as AdminRouter } from 'adminjs'
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import { isAdminUser } from '../auth/current-admin'
import { canRunAction, canUsePage } from './action-permissions'

/**
 * The server-side gate in front of AdminJS: every resource action route (API and page) and every
 * custom page is checked against the permission table before AdminJS runs, and refused with 403.
 * (AdminJS's own `isAccessible` check, also fed from the table, answers 200 with an error notice;
 * this makes a refusal a refusal.) Routes are relative to the /admin mount.
 */
type Target = { kind: 'action'; resourceId: string; action: string } | { kind: 'page'; page: string }

/**
 * The guarded routes as segment patterns: a literal segment, `:name` for a value the target takes,
 * `*` for any one segment (a record id) and `?` for one optional last segment (a search query).
 */
const ROUTES: Array<[string, (v: Record<string, string>) => Target]> = [
  [
    'api/resources/:resourceId/actions/:action/?',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: v.action! }),
  ],
  [
    'api/resources/:resourceId/search/?',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: 'search' }),
  ],
  [
    'api/resources/:resourceId/records/*/:action',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: v.action! }),
  ],
  [
    'api/resources/:resourceId/bulk/:action',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: v.action! }),
  ],
  ['resources/:resourceId', (v) => ({ kind: 'action', resourceId: v.resourceId!, action: 'list' })],
  [
    'resources/:resourceId/actions/:action',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: v.action! }),
  ],
  [
    'resources/:resourceId/records/*/:action',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: v.action! }),
  ],
  [
    'resources/:resourceId/bulk/:action',
    (v) => ({ kind: 'action', resourceId: v.resourceId!, action: v.action! }),
  ],
  ['api/pages/:page', (v) => ({ kind: 'page', page: v.page! })],
  ['pages/:page', (v) => ({ kind: 'page', page: v.page! })],
]

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

/**
 * A path as Express routes it, in segments. Express matches routes case-insensitively, ignores a
 * trailing slash and decodes percent-escapes in the values it captures; the gate also drops empty
 * segments (`//`) and decodes every segment, so no spelling of a guarded route (`/API/...`,
 * `/api//resources/...`, `/%61pi/...`) gets past it. Matching more spellings than Express routes
 * can only refuse more, never less.
 */
function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decode)
}

function matchRoute(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split('/')
  const optional = parts.at(-1) === '?'
  const fixed = optional ? parts.slice(0, -1) : parts
  if (segments.length !== fixed.length && !(optional && segments.length === fixed.length + 1)) return null
  const values: Record<string, string> = {}
  for (const [i, part] of fixed.entries()) {
    const segment = segments[i]!
    if (part.startsWith(':')) values[part.slice(1)] = segment
    else if (part !== '*' && part !== segment.toLowerCase()) return null
  }
  return values
}

/** The guarded target of a path relative to the /admin mount, or null when the gate has no rule for it. */
export function targetOf(path: string): Target | null {
  const segments = segmentsOf(path)
  for (const [pattern, build] of ROUTES) {
    const values = matchRoute(pattern, segments)
    if (values) return build(values)
  }
  return null
}

function isApiPath(path: string): boolean {
  return segmentsOf(path)[0]?.toLowerCase() === 'api'
}

function refuse(req: Request, res: Response) {
  res.status(403)
  if (isApiPath(req.path)) {
    res.json({ notice: { message: 'You do not have permission to do this.', type: 'error' } })
  } else {
    res
      .type('html')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Forbidden · Berth</title><p>You do not have permission to open this page. <a href="/admin">Back to the dashboard</a></p>',
      )
  }
}

/** Lets the request on when the signed-in member may reach `target`, refuses it with 403 otherwise. */
function gate(req: Request, res: Response, next: NextFunction, target: Target) {
  const admin = req.session?.adminUser
  // Not signed in: AdminJS's own handler sends the visitor to the login page.
  if (admin === undefined) return next()
  const holder = isAdminUser(admin) ? admin : null
  const allowed =
    target.kind === 'action'
      ? canRunAction(holder, target.resourceId, target.action)
      : canUsePage(holder, target.page, req.method === 'GET' || req.method === 'HEAD' ? 'view' : 'save')
  if (allowed) return next()
  refuse(req, res)
}

export function guardActions(): RequestHandler {
  return (req, res, next) => {
    const target = targetOf(req.path)
    if (!target) return next()
    gate(req, res, next, target)
  }
}

/** What each AdminJS route acts on, from the route's own parameters as Express parsed them. */
function routeTarget(route: { action: string }, params: Record<string, string | undefined>): Target | null {
  switch (route.action) {
    case 'resource':
      return { kind: 'action', resourceId: params.resourceId ?? '', action: 'list' }
    case 'search':
      return { kind: 'action', resourceId: params.resourceId ?? '', action: 'search' }
    case 'resourceAction':
    case 'recordAction':
    case 'bulkAction':
      return { kind: 'action', resourceId: params.resourceId ?? '', action: params.action ?? '' }
    case 'page':
      return { kind: 'page', page: params.pageName ?? '' }
    default:
      return null
  }
}

/**
 * The same gate a second time, as routes of the router AdminJS's own routes are added to (pass it
 * to buildAuthenticatedRouter): Express matches these exactly as it matches AdminJS's routes, so
 * whatever spelling reaches an AdminJS action has been through the gate with the same parameters.
 */
export function gatedAdminRouter(): Router {
  const router = Router()
  for (const route of AdminRouter.routes) {
    if (routeTarget(route, {}) === null) continue
    router.all(route.path.replace(/{/g, ':').replace(/}/g, ''), (req, res, next) =>
      gate(req, res, next, routeTarget(route, req.params)!),
    )
  }
  return router
}
