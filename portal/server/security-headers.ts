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
    // Reset and verification links carry their token in the query string: never send it to
    // another site. Not 'no-referrer': under it Chromium sends `Origin: null` on form posts, which
    // Remix's own origin check refuses, breaking every form when JavaScript is off.
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  })
}

/**
 * Form posts whose Origin is another site (or `null`) get a plain 403 here. Remix refuses them too,
 * but by throwing, which would answer 500 and log an error for what is just a hostile request. The
 * host compared is the one Remix compares (X-Forwarded-Host first, then Host). The CSRF token is
 * still checked by every action; this is the cheap outer fence.
 */
export function refuseCrossSitePosts(req: Request, res: Response, next: NextFunction) {
  const origin = req.get('origin')
  if (req.method === 'GET' || req.method === 'HEAD' || origin === undefined) {
    next()
    return
  }
  const host = req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host')
  if (origin === 'null' || !host || hostOf(origin) !== host) {
    res.status(403).type('text/plain').send('Form posts from other sites are refused.')
    return
  }
  next()
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host
  } catch {
    return null
  }
}
