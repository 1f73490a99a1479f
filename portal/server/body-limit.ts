import type { NextFunction, Request, Response } from 'express'
import { hasRequestBody, holdRequestBody, refuseBody } from '@berth/core'
import { WEBHOOK_BODY_LIMIT } from './webhooks'

/** Portal forms are small: the largest body a page's form may send. */
export const FORM_BODY_LIMIT = 64 * 1024

function limitFor(req: Request): number {
  // As Express routes it (any case): the gateways' webhooks may send up to WEBHOOK_BODY_LIMIT.
  return req.path.toLowerCase().startsWith('/webhooks/') ? WEBHOOK_BODY_LIMIT : FORM_BODY_LIMIT
}

/**
 * Every request's body is counted as it arrives and held (at most the limit) before any route,
 * body parser or Remix sees it: 64 KB for the portal's forms, 1 MB for gateway webhooks. A body
 * over the limit, chunked or not, gets 413 and the connection is closed; nothing after this runs,
 * so no webhook row, session or cart is written for it. Mount it before everything that reads bodies.
 */
export function limitRequestBodies(req: Request, res: Response, next: NextFunction) {
  if (!hasRequestBody(req)) return next()
  const limit = limitFor(req)
  holdRequestBody(req, limit).then((held) => {
    if (held.outcome === 'held') return next()
    if (held.outcome === 'too-large') {
      const webhook = limit === WEBHOOK_BODY_LIMIT
      refuseBody(
        res,
        413,
        webhook ? 'application/json' : 'text/plain',
        webhook ? JSON.stringify({ received: false, error: 'body too large' }) : 'Request body too large',
      )
    }
    // aborted: the sender is gone; there is no one to answer.
  }, next)
}
