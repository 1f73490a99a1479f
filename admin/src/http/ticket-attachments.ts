import { Router } from 'express'
import {
  attachmentDownloadHeaders,
  getStaffAttachment,
  httpStatusFor,
  isDomainError,
  readAttachmentBytes,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'

/**
 * Ticket attachments for staff, as real file responses with the portal's safe headers
 * (Content-Disposition: attachment, nosniff, a sandboxing CSP, no shared caching):
 *
 *   GET /admin/api/resources/Ticket/records/:id/show?attachment=<attachmentId>
 *
 * On the show action's own API path, so the gate in front of AdminJS (access/action-guard.ts) has
 * checked Ticket.show (support.view) from the one table first; core checks support.view again and
 * that the file belongs to a message of this ticket. Mounted after the gate, before AdminJS.
 */
export function ticketAttachments(db: Db): Router {
  const router = Router()
  router.get('/api/resources/Ticket/records/:id/show', async (req, res, next) => {
    if (req.query.attachment === undefined) return next()
    if (req.session?.adminUser === undefined) {
      res.status(401).type('text/plain').send('Please sign in.')
      return
    }
    try {
      const meta = await getStaffAttachment(ctxFor(db, req), {
        ticketId: String(req.params.id),
        attachmentId: String(req.query.attachment),
      })
      const file = await readAttachmentBytes(meta)
      res.status(200)
      for (const [k, v] of Object.entries(attachmentDownloadHeaders(file))) res.setHeader(k, v)
      res.end(Buffer.from(file.bytes))
    } catch (error) {
      if (!isDomainError(error)) return next(error)
      res.status(httpStatusFor(error)).type('text/plain').send(error.message)
    }
  })
  return router
}
