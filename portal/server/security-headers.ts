import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

/** A fresh nonce per response, for the Content-Security-Policy and the inline scripts it allows. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString('base64')
  next()
}

/**
 * Security headers. Scripts run only from this origin or inline with this response's nonce (Remix
 * puts its hydration data and module loader inline; entry.server.tsx stamps them with the nonce),
 * so an injected <script> does not run. Nothing loads from other sites, and forms post only here.
 * HSTS and upgrade-insecure-requests only when the portal is served over https, or a plain-http
 * install (a laptop, a test run) would lock itself out.
 */
export function securityHeaders(options: { https: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // Reset and verification links carry their token in the query string: never send it onwards.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  })
}

/** Portal forms are small; refuse bodies that are not, before anything reads them. */
export function limitBodySize(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.headers['content-length'] ?? 0)
    if (length > maxBytes) {
      res.status(413).type('text/plain').send('Request body too large')
      return
    }
    next()
  }
}
