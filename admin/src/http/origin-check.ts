import type { RequestHandler } from 'express'

/**
 * Refuses a state-changing request (anything but GET and HEAD) that does not come from the
 * console's own pages: its Origin must be ADMIN_URL's origin or, when a browser sends no Origin,
 * `Sec-Fetch-Site` must say same-origin. On top of SameSite=Lax cookies, since the portal and the
 * console often share a registrable domain (docs/decisions/0008).
 */
export function requireSameOrigin(adminUrl: string): RequestHandler {
  const expected = new URL(adminUrl).origin
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const origin = req.get('origin')
    const ok = origin !== undefined ? origin === expected : req.get('sec-fetch-site') === 'same-origin'
    if (ok) return next()
    res.status(403)
    if (req.accepts(['json', 'html']) === 'json' || req.path.startsWith('/api/')) {
      res.json({
        notice: {
          message: 'This request did not come from the admin console and was refused.',
          type: 'error',
        },
      })
    } else {
      res.type('text/plain').send('Forbidden: this request did not come from the admin console.')
    }
  }
}
