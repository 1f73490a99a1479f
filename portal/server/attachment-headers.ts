import type { NextFunction, Request, Response } from 'express'

const ATTACHMENT_PATH = /^\/tickets\/[^/]+\/attachments\/[^/]+\/?$/i

/**
 * Ticket attachment downloads set their own Content-Security-Policy (`sandbox; default-src 'none'`),
 * X-Content-Type-Options and Cache-Control (routes/ticket-attachment.ts). Remix appends a route's
 * headers to those already set, so the page-wide ones from helmet and noStoreForSignedIn are
 * removed here first: the download carries exactly one, the strictest, of each.
 */
export function attachmentDownloadHeaders(req: Request, res: Response, next: NextFunction) {
  if ((req.method === 'GET' || req.method === 'HEAD') && ATTACHMENT_PATH.test(req.path)) {
    for (const name of ['Content-Security-Policy', 'X-Content-Type-Options', 'Cache-Control']) {
      res.removeHeader(name)
    }
  }
  next()
}
