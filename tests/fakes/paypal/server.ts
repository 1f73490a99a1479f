import type { FakeRequest, FakeResponse } from '../http'
import { approvalPageRoutes } from './approval-page'
import { captureRoutes } from './captures'
import { unknownEndpoint } from './errors'
import { checkBearer, oauthRoute } from './oauth'
import { orderRoutes } from './orders'
import { refundRoutes } from './refunds'
import { headerOf, parseBody } from './request'
import { matchRoute, type PayPalRoute } from './routes'
import type { PayPalState } from './state'
import { certRoute, webhookRoutes } from './webhooks'

/** The fake's HTTP core: open endpoints, bearer tokens, JSON bodies, request records, routing. */

/** Endpoints without a bearer token: the token itself, the approval page, the signing cert. */
const OPEN_ROUTES: PayPalRoute[] = [oauthRoute, ...approvalPageRoutes, certRoute]
const API_ROUTES: PayPalRoute[] = [...orderRoutes, ...captureRoutes, ...refundRoutes, ...webhookRoutes]

export function handlePayPalRequest(state: PayPalState, req: FakeRequest): FakeResponse {
  const open = matchRoute(OPEN_ROUTES, req.method, req.path)
  if (open) return open.route.handle(state, { req, body: undefined, id: open.id })
  checkBearer(state, req)
  const found = matchRoute(API_ROUTES, req.method, req.path)
  const body = ['POST', 'PATCH', 'PUT'].includes(req.method)
    ? parseBody(req, found?.route.requiresBody ?? false)
    : undefined
  state.requests.push({
    method: req.method,
    path: req.path,
    paypalRequestId: headerOf(req, 'paypal-request-id'),
    prefer: headerOf(req, 'prefer'),
    body,
  })
  if (!found) throw unknownEndpoint(req.method, req.path)
  return found.route.handle(state, { req, body, id: found.id })
}
