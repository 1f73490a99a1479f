import './adminjs-setup'
import { fileURLToPath } from 'node:url'
import AdminJSExpress from '@adminjs/express'
import express, { type ErrorRequestHandler, type Express } from 'express'
import session from 'express-session'
import { generateToken, getEnv, SESSION_TTL_MS, type Env } from '@berth/core'
import { getDb, type Db } from '@berth/prisma'
import { gatedAdminRouter, guardActions } from './access/action-guard'
import { billingDownloads } from './http/billing-downloads'
import { ticketAttachments } from './http/ticket-attachments'
import { adminFormidableOptions, limitAdminBodies, signedOutBodyRules } from './http/body-limit'
import { ADMIN_ROOT, BRAND_ASSETS_PATH, createAdminJs, FONTS_PATH } from './admin'
import { createAuthenticate } from './auth/authenticate'
import { logOutHandler, reloadPrincipal } from './auth/principal'
import { AdminSessionStore } from './auth/session-store'
import { defaultBundleMode, prepareComponentBundle, type BundleMode } from './bundle'
import { requireSameOrigin } from './http/origin-check'
import { securityHeaders } from './http/security-headers'
import { selfHostedFonts } from './http/self-hosted-fonts'

export const ADMIN_COOKIE = 'berth_admin'

export interface AdminAppOptions {
  db?: Db
  env?: Env
  /** How the custom components' bundle is prepared (see bundle.ts); tests default to lazy. */
  bundle?: BundleMode
  log?: (line: string) => void
}

const ASSETS = new Set(['logo.svg', 'favicon.svg'])

/**
 * The staff console: AdminJS under /admin behind, in order, security headers, the body limit, the Origin check,
 * the PostgreSQL session (cookie berth_admin), the per-request principal reload, and the
 * permission gate. Login is core's logInStaff; every write is a core call.
 */
export async function createAdminApp(options: AdminAppOptions = {}): Promise<Express> {
  const env = options.env ?? getEnv()
  const db = options.db ?? getDb()
  const log = options.log ?? ((line: string) => console.log(`[admin] ${line}`))
  const isHttps = new URL(env.ADMIN_URL).protocol === 'https:'

  if (isHttps && !env.TRUST_PROXY) {
    log(
      'ADMIN_URL is https: the session cookie is Secure, so serve the console over TLS directly, or set TRUST_PROXY=1 behind a TLS-terminating proxy (otherwise signing in cannot work)',
    )
  }
  const admin = await createAdminJs(db)
  await prepareComponentBundle(admin, options.bundle ?? defaultBundleMode(), log)

  const app = express()
  app.disable('x-powered-by')
  // Behind a reverse proxy (TRUST_PROXY=1) the client address and https come from its X-Forwarded-* headers (one hop).
  app.set('trust proxy', env.TRUST_PROXY ? 1 : false)
  app.use(securityHeaders({ isHttps }))
  // Request bodies are counted and held (1 MB signed in, 16 KB not) before anything reads them (http/body-limit.ts).
  app.use(limitAdminBodies(ADMIN_COOKIE))

  app.get(`${BRAND_ASSETS_PATH}/:file`, (req, res, next) => {
    if (!ASSETS.has(req.params.file ?? '')) return next()
    res.sendFile(fileURLToPath(new URL(`./assets/${req.params.file}`, import.meta.url)), { maxAge: '1d' })
  })
  app.use(FONTS_PATH, selfHostedFonts())
  app.get('/', (_req, res) => res.redirect(ADMIN_ROOT))

  const sessionOptions: session.SessionOptions = {
    store: new AdminSessionStore(db),
    name: ADMIN_COOKIE,
    secret: env.SESSION_SECRET,
    genid: () => generateToken(),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: isHttps,
      path: ADMIN_ROOT,
      maxAge: SESSION_TTL_MS.ADMIN,
    },
  }

  app.use(ADMIN_ROOT, requireSameOrigin(env.ADMIN_URL))
  app.use(ADMIN_ROOT, session(sessionOptions))
  app.use(ADMIN_ROOT, reloadPrincipal(db))
  // Not signed in: no multipart (refused before formidable parses it), bodies within the login form's limit.
  app.use(ADMIN_ROOT, signedOutBodyRules)
  const logOut = logOutHandler(db, {
    loginPath: admin.options.loginPath,
    cookieName: ADMIN_COOKIE,
    cookiePath: ADMIN_ROOT,
  })
  app.get(admin.options.logoutPath, logOut)
  app.post(admin.options.logoutPath, logOut)
  app.use(ADMIN_ROOT, guardActions())
  // Invoice PDF and transaction CSV downloads: file responses on their actions' paths, after the gate.
  app.use(ADMIN_ROOT, billingDownloads(db))
  app.use(ADMIN_ROOT, ticketAttachments(db))

  // The session middleware above already ran, so the router's own express-session is a no-op.
  const router = AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      authenticate: createAuthenticate(db) as never,
      cookieName: ADMIN_COOKIE,
      cookiePassword: env.SESSION_SECRET,
    },
    // The permission gate again, on AdminJS's own routes, so Express's route matching (any case, a
    // trailing slash) cannot reach an action the gate above did not check.
    gatedAdminRouter(),
    sessionOptions,
    // Strict parsing limits and no file parts: no console action takes uploads.
    adminFormidableOptions,
  )
  app.use(ADMIN_ROOT, router)
  app.use(errorHandler)
  return app
}

/** AdminJS's own errors carry a status (403, 404...); anything else is a 500, logged once. */
const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error)
  const status =
    typeof error?.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 500
  if (status === 500) console.error(`[admin] ${req.method} ${req.originalUrl} failed`, error)
  const message =
    status === 500
      ? 'Something went wrong. Please try again.'
      : status === 404
        ? 'Not found.'
        : status === 403
          ? 'You do not have permission to do this.'
          : 'The request was refused.'
  res.status(status)
  if (req.path.startsWith(`${ADMIN_ROOT}/api/`)) res.json({ notice: { message, type: 'error' } })
  else res.type('text/plain').send(message)
}
