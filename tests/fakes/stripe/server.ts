import { json, type FakeRequest, type FakeResponse } from '../http'
import { balanceRoutes } from './balance'
import { checkoutSessionRoutes } from './checkout-sessions'
import { disputeRoutes } from './disputes'
import { StripeApiError, invalid, toStripeResponse, unrecognizedUrl } from './errors'
import { parseStripeForm, type FormValue } from './form'
import { hostedPage } from './hosted-page'
import { newId } from './objects'
import { list } from './params'
import { paymentRoutes } from './payments'
import { refundRoutes } from './refunds'
import { matchRoute, type StripeRoute } from './routes'
import type { StripeState } from './state'
import { eventRoutes } from './webhooks'

/** The fake's HTTP core: the hosted page, API keys, request records, idempotency, routing. */

const ROUTES: StripeRoute[] = [
  ...checkoutSessionRoutes,
  ...paymentRoutes,
  ...balanceRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...eventRoutes,
]

export function handleStripeRequest(state: StripeState, req: FakeRequest): FakeResponse {
  const hostedMatch = /^\/c\/pay\/([^/]+)$/.exec(req.path)
  if (hostedMatch) return hostedPage(state, req, hostedMatch[1]!)
  if (!req.path.startsWith('/v1/')) throw unrecognizedUrl(req.method, req.path)
  authenticate(state, req)
  const params =
    req.method === 'GET' || req.method === 'DELETE'
      ? parseStripeForm(req.query.toString())
      : parseStripeForm(req.rawBody)
  const idempotencyKey = headerOf(req, 'idempotency-key')
  state.requests.push({
    method: req.method,
    path: req.path,
    params,
    idempotencyKey,
    stripeVersion: headerOf(req, 'stripe-version'),
  })
  const requestId = newId('req', 14)
  if (req.method === 'POST' && idempotencyKey)
    return idempotentPost(state, req, params, idempotencyKey, requestId)
  return json(200, api(state, req, params), { 'request-id': requestId })
}

const headerOf = (req: FakeRequest, name: string): string | undefined => {
  const v = req.headers[name]
  return typeof v === 'string' ? v : undefined
}

function authenticate(state: StripeState, req: FakeRequest) {
  const header = req.headers.authorization ?? ''
  let key: string | undefined
  if (header.startsWith('Bearer ')) key = header.slice(7)
  else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString().split(':')[0]
  if (!key) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    )
  }
  if (key !== state.secretKey)
    throw new StripeApiError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
      'api_key_invalid',
    )
}

/** An `Idempotency-Key` POST: the first answer is kept (errors too, not 5xx) and replayed. */
function idempotentPost(
  state: StripeState,
  req: FakeRequest,
  params: Record<string, FormValue>,
  idempotencyKey: string,
  requestId: string,
): FakeResponse {
  if (idempotencyKey.length > 255) throw invalid('Idempotency keys can be at most 255 characters.')
  const fingerprint = `${req.method} ${req.path}\n${req.rawBody}`
  const seen = state.idempotent.get(idempotencyKey)
  if (seen) {
    if (seen.fingerprint !== fingerprint) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
      )
    }
    return {
      ...seen.response,
      headers: { ...seen.response.headers, 'idempotent-replayed': 'true', 'request-id': requestId },
    }
  }
  let response: FakeResponse
  try {
    response = json(200, api(state, req, params), {
      'request-id': requestId,
      'idempotency-key': idempotencyKey,
    })
  } catch (error) {
    response = toStripeResponse(error, state.serverErrors)
  }
  // Stripe stores the first result, errors included (but not 5xx), and replays it.
  if (response.status < 500) state.idempotent.set(idempotencyKey, { fingerprint, response })
  return response
}

function api(state: StripeState, req: FakeRequest, params: Record<string, FormValue>): unknown {
  const expandPaths = list(params.expand)
  const found = matchRoute(ROUTES, req.method, req.path)
  if (!found)
    throw unrecognizedUrl(
      req.method,
      req.path,
      ' Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    )
  return found.route.handle(state, { params, id: found.id, expand: expandPaths })
}
