import type { Request, RequestHandler, Response } from 'express'
import { isAdminUser } from '../auth/current-admin'
import { canRunAction, canUsePage } from './action-permissions'

/**
 * The server-side gate in front of AdminJS: every resource action route (API and page) and every
 * custom page is checked against the permission table before AdminJS runs, and refused with 403.
 * (AdminJS's own `isAccessible` check, also fed from the table, answers 200 with an error notice;
 * this makes a refusal a refusal.) Routes are relative to the /admin mount.
 */
type Target = { kind: 'action'; resourceId: string; action: string } | { kind: 'page'; page: string }

const ROUTES: Array<[RegExp, (m: string[]) => Target]> = [
  [/^\/api\/resources\/([^/]+)\/actions\/([^/]+)(?:\/[^/]*)?\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: m[2]! })],
  [/^\/api\/resources\/([^/]+)\/search(?:\/[^/]*)?\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: 'search' })],
  [/^\/api\/resources\/([^/]+)\/records\/[^/]+\/([^/]+)\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: m[2]! })],
  [/^\/api\/resources\/([^/]+)\/bulk\/([^/]+)\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: m[2]! })],
  [/^\/resources\/([^/]+)\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: 'list' })],
  [/^\/resources\/([^/]+)\/actions\/([^/]+)\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: m[2]! })],
  [/^\/resources\/([^/]+)\/records\/[^/]+\/([^/]+)\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: m[2]! })],
  [/^\/resources\/([^/]+)\/bulk\/([^/]+)\/?$/, (m) => ({ kind: 'action', resourceId: m[1]!, action: m[2]! })],
  [/^\/api\/pages\/([^/]+)\/?$/, (m) => ({ kind: 'page', page: m[1]! })],
  [/^\/pages\/([^/]+)\/?$/, (m) => ({ kind: 'page', page: m[1]! })],
]

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

export function targetOf(path: string): Target | null {
  for (const [pattern, build] of ROUTES) {
    const match = pattern.exec(path)
    if (match) return build(match.map((p) => (p === undefined ? p : decode(p))) as string[])
  }
  return null
}

function refuse(req: Request, res: Response) {
  res.status(403)
  if (req.path.startsWith('/api/')) {
    res.json({ notice: { message: 'You do not have permission to do this.', type: 'error' } })
  } else {
    res.type('html').send('<!doctype html><meta charset="utf-8"><title>Forbidden · Berth</title><p>You do not have permission to open this page. <a href="/admin">Back to the dashboard</a></p>')
  }
}

export function guardActions(): RequestHandler {
  return (req, res, next) => {
    const target = targetOf(req.path)
    if (!target) return next()
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
}
