import type { NextFunction, Request, Response } from 'express'
import type { FormidableOptions } from '@adminjs/express'
import { hasRequestBody, holdRequestBody, refuseBody } from '@berth/core'

/** The largest body a signed-in member's console page sends (record forms, settings, the invoice form). */
export const SIGNED_IN_BODY_LIMIT = 1024 * 1024
/** Without a session the only bodies the console takes are the login form's (urlencoded) and log out's. */
export const SIGNED_OUT_BODY_LIMIT = 16 * 1024
/** Fields per form: AdminJS flattens arrays as `name.0`, `name.1`... formidable's own default. */
export const MAX_FORM_FIELDS = 1000

const HELD_BYTES = Symbol('heldBodyBytes')
type Held = Request & { [HELD_BYTES]?: number }

function isMultipart(req: Request): boolean {
  // The test formidable uses to pick its multipart parser.
  return /multipart/i.test(req.headers['content-type'] ?? '')
}

function carriesCookie(req: Request, name: string): boolean {
  return (req.headers.cookie ?? '').split(';').some((c) => c.trim().startsWith(`${name}=`))
}

function refuse(req: Request, res: Response, status: 403 | 413) {
  const message = status === 413 ? 'The request is too large.' : 'Sign in first.'
  if (/^\/admin\/api\//i.test(req.originalUrl))
    refuseBody(res, status, 'application/json', JSON.stringify({ notice: { message, type: 'error' } }))
  else refuseBody(res, status, 'text/plain', message)
}

/**
 * First in the console, before the session, the Origin check and AdminJS's body parser
 * (express-formidable): every request body is counted as it arrives and held whole, up to 1 MB when
 * the request carries the console's session cookie and 16 KB when it does not; past that, 413 and
 * the connection is closed. A multipart body without the cookie is refused at once (403), unread:
 * the login form posts urlencoded, and only signed-in pages send multipart.
 */
export function limitAdminBodies(cookieName: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasRequestBody(req)) return next()
    const withCookie = carriesCookie(req, cookieName)
    if (isMultipart(req) && !withCookie) return refuse(req, res, 403)
    holdRequestBody(req, withCookie ? SIGNED_IN_BODY_LIMIT : SIGNED_OUT_BODY_LIMIT).then((held) => {
      if (held.outcome === 'held') {
        ;(req as Held)[HELD_BYTES] = held.bytes
        return next()
      }
      if (held.outcome === 'too-large') refuse(req, res, 413)
    }, next)
  }
}

/**
 * After the session is loaded: a cookie that is not a live session does not earn the signed-in
 * limits. Multipart from someone not signed in is refused (403) before formidable parses it, and
 * other bodies keep the signed-out limit.
 */
export function signedOutBodyRules(req: Request, res: Response, next: NextFunction) {
  if (req.session?.adminUser !== undefined || !hasRequestBody(req)) return next()
  if (isMultipart(req)) return refuse(req, res, 403)
  if (((req as Held)[HELD_BYTES] ?? 0) > SIGNED_OUT_BODY_LIMIT) return refuse(req, res, 413)
  next()
}

interface FormidablePart {
  filename?: string
}
type FormError = Error & { statusCode?: number }
interface FormidableForm {
  handlePart(part: FormidablePart): void
  _error(error: FormError): void
}

/**
 * express-formidable's options for AdminJS's router (formidable 1.x, which copies them onto each
 * form, methods included): no file parts at all (no console action takes uploads today; `onPart` refuses a part with
 * a filename before formidable opens a temp file for it), fields within the body limit. The body
 * itself was already bounded by limitAdminBodies before formidable reads it.
 */
export const adminFormidableOptions: FormidableOptions & {
  onPart: (this: FormidableForm, part: FormidablePart) => void
  _error: (this: FormidableForm, error: FormError) => void
} = {
  maxFields: MAX_FORM_FIELDS,
  maxFieldsSize: SIGNED_IN_BODY_LIMIT,
  maxFileSize: 0,
  multiples: false,
  onPart(part) {
    // formidable's own test for a file part: a filename in Content-Disposition (undefined otherwise).
    if (part.filename !== undefined) this._error(new Error('File uploads are not accepted by the console.'))
    else this.handlePart(part)
  },
  // Whatever formidable refuses (a file part, too many fields, a malformed body) is the sender's
  // fault: a 400 from the console's error handler, not a logged 500. Then formidable's own handling
  // (which also removes any temp file it opened).
  _error(error) {
    error.statusCode ??= 400
    ;(Object.getPrototypeOf(this) as FormidableForm)._error.call(this, error)
  },
}
