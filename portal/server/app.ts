import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { getEnv } from '@berth/core'
import type { PortalLoadContext } from '../app/load-context'
import { noStoreForSignedIn, rejectMalformedAddresses } from './request-guards'
import { attachmentDownloadHeaders } from './attachment-headers'
import { limitRequestBodies } from './body-limit'
import { cspNonce, refuseCrossSitePosts, securityHeaders } from './security-headers'
import { webhookRouter } from './webhooks'

const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url))
const SERVER_BUILD = `${BUILD_DIR}server/index.js`
const CLIENT_DIR = `${BUILD_DIR}client`

/**
 * The portal as an Express app: security headers, compression, the gateways' webhooks, the built
 * assets, and Remix for everything else. It serves the production build (`npm run build -w @berth/portal`); tests and
 * `npm start` both use this function.
 */
export async function createPortalApp(): Promise<Express> {
  const env = getEnv()
  if (!existsSync(SERVER_BUILD)) {
    throw new Error(
      `The portal is not built (${SERVER_BUILD} is missing). Run \`npm run build -w @berth/portal\` first.`,
    )
  }
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild

  const app = express()
  app.disable('x-powered-by')
  // Behind one load balancer or reverse proxy: trust exactly one hop of X-Forwarded-For, so the
  // IP used for throttling and the audit trail is the one that proxy saw, not one a client made up.
  app.set('trust proxy', env.TRUST_PROXY ? 1 : false)
  app.use(compression())
  app.use(cspNonce)
  app.use(securityHeaders({ https: new URL(env.PORTAL_URL).protocol === 'https:' }))
  // A malformed percent-encoded address gets the portal's 400 page instead of a router URIError (500).
  app.use(rejectMalformedAddresses)
  // Bodies are counted as they arrive and held before anything reads them: 413 past 64 KB (1 MB for webhooks).
  app.use(limitRequestBodies)
  // Payment gateways' webhooks come first: raw bodies up to 1 MB, no Origin fence (see webhooks.ts).
  app.use(webhookRouter())
  app.use(refuseCrossSitePosts)

  // Vite fingerprints everything under /assets: cache it for good. Other files (favicon) briefly.
  app.use('/assets', express.static(`${CLIENT_DIR}/assets`, { immutable: true, maxAge: '1y', index: false }))
  app.use(express.static(CLIENT_DIR, { maxAge: '1h', index: false }))
  // Everything Remix answers to a signed-in client: Cache-Control no-store (see request-guards.ts).
  app.use(noStoreForSignedIn)
  // Ticket attachment downloads: their own sandboxing CSP and headers instead of the page ones.
  app.use(attachmentDownloadHeaders)

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: env.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: (req, res) =>
        ({
          requestInfo: {
            ip: req.ip ?? req.socket.remoteAddress ?? null,
            userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
          },
          cspNonce: res.locals.cspNonce as string,
        }) satisfies PortalLoadContext,
    }),
  )

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error(error)
    if (!res.headersSent) res.status(500).type('text/plain').send('Internal server error')
  })
  return app
}
