import type { NextFunction, Request, Response } from 'express'
import { getSettings, hasRequestBody, holdRequestBody, refuseBody } from '@berth/core'
import { getDb } from '@berth/prisma'
import { WEBHOOK_BODY_LIMIT } from './webhooks'

/** Portal forms are small: the largest body a page's form may send. */
export const FORM_BODY_LIMIT = 64 * 1024

/** Room for a ticket form's text fields and the multipart framing, beside its attachments. */
const TICKET_FORM_OVERHEAD = 256 * 1024

/** The new-ticket and reply forms carry attachments: the routes /tickets/new and /tickets/:number. */
export function isTicketFormPath(path: string): boolean {
  return /^\/tickets\/[^/]+\/?$/i.test(path)
}

let ticketLimit: { value: number; at: number } | undefined
/**
 * support.attachmentMaxCount × support.attachmentMaxBytes plus the form's overhead, read from the
 * settings at most once a minute (a changed limit applies within a minute).
 */
export async function ticketFormBodyLimit(): Promise<number> {
  if (ticketLimit && Date.now() - ticketLimit.at < 60_000) return ticketLimit.value
  const s = await getSettings(getDb())
  const value = s['support.attachmentMaxCount'] * s['support.attachmentMaxBytes'] + TICKET_FORM_OVERHEAD
  ticketLimit = { value, at: Date.now() }
  return value
}

async function limitFor(req: Request): Promise<number> {
  // As Express routes it (any case): the gateways' webhooks may send up to WEBHOOK_BODY_LIMIT.
  if (req.path.toLowerCase().startsWith('/webhooks/')) return WEBHOOK_BODY_LIMIT
  if (isTicketFormPath(req.path)) return Math.max(FORM_BODY_LIMIT, await ticketFormBodyLimit())
  return FORM_BODY_LIMIT
}

/**
 * Every request's body is counted as it arrives and held (at most the limit) before any route,
 * body parser or Remix sees it: 64 KB for the portal's forms, the attachment allowance for the
 * ticket forms, 1 MB for gateway webhooks. A body
 * over the limit, chunked or not, gets 413 and the connection is closed; nothing after this runs,
 * so no webhook row, session or cart is written for it. Mount it before everything that reads bodies.
 */
export function limitRequestBodies(req: Request, res: Response, next: NextFunction) {
  if (!hasRequestBody(req)) return next()
  limitFor(req).then(async (limit) => {
    const held = await holdRequestBody(req, limit)
    if (held.outcome === 'held') return next()
    if (held.outcome === 'too-large') {
      const webhook = req.path.toLowerCase().startsWith('/webhooks/')
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
