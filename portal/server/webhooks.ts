import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { anonymousCtx, GatewayError, httpStatusFor, isDomainError, receiveWebhook } from '@berth/core'
import { getDb } from '@berth/prisma'

/** The largest webhook body read; core refuses more than 1,000,000 characters anyway. */
export const WEBHOOK_BODY_LIMIT = 1_000_000

/**
 * `POST /webhooks/:provider`: payment gateways' notifications (Stripe, PayPal, the test gateway).
 * Mounted after the body limit (body-limit.ts: 1 MB here, counted on the stream, before this reads
 * anything) and before the cross-site fence: a webhook is not a form, has
 * no session, cookie or CSRF token, and may carry any Origin. Its signature is the check, and
 * verifying it needs the body exactly as sent, so it is read raw (whatever the Content-Type) and
 * handed to core untouched. Core answers the status: 200 applied (or a duplicate), 400 bad
 * signature (stored as REJECTED), 429 once an address has sent too many bad signatures this hour
 * (not stored), 404 unknown provider, 500 "deliver it again later". Signed deliveries are never
 * rate limited: gateways retry, and a refused retry would delay a payment.
 */
export function webhookRouter(): Router {
  const router = express.Router()
  router.post(
    '/webhooks/:provider',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    handleWebhook,
    webhookBodyError,
  )
  return router
}

async function handleWebhook(req: Request<{ provider: string }>, res: Response) {
  const ip = req.ip ?? req.socket.remoteAddress ?? null
  const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : ''
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  const ctx = anonymousCtx(getDb(), { ip, userAgent: req.get('user-agent')?.slice(0, 500) ?? null })
  try {
    const answer = await receiveWebhook(ctx, { provider: req.params.provider, rawBody, headers, ip })
    res.status(answer.status).json(answer.body)
  } catch (error) {
    if (isDomainError(error)) {
      // Input core refused before looking at it (an oversized body...): the sender's fault.
      const status = httpStatusFor(error)
      res.status(status >= 500 ? 500 : 400).json({ received: false, error: error.message })
      return
    }
    if (error instanceof GatewayError) {
      // The gateway could not be asked to verify the delivery (PayPal unreachable): it retries.
      console.warn(`[portal] webhook ${req.params.provider}: ${error.message}`)
    } else {
      console.error(error)
    }
    res.status(500).json({ received: false, error: 'not processed; it will be retried' })
  }
}

/** Body-reading failures answer the sender plainly (413 too large, 400 unreadable), without logging an error. */
function webhookBodyError(error: unknown, _req: Request, res: Response, next: NextFunction) {
  const status = (error as { status?: unknown } | null)?.status
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ received: false, error: status === 413 ? 'body too large' : 'unreadable body' })
    return
  }
  next(error)
}
