import { json, randomId, type FakeResponse } from '../http'
import type { Json } from './types'

/** An error the fake answers with PayPal's error body (name, details, debug_id, links). */
export class PayPalApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message ?? body.error_description ?? body.name))
  }
}

export const debugId = () => randomId(13, '0123456789abcdef')
const infoLink = (name: string) => [
  {
    href: `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${name.toLowerCase()}`,
    rel: 'information_link',
    method: 'GET',
  },
]

export const unprocessable = (issue: string, description: string, field?: string) =>
  new PayPalApiError(422, {
    name: 'UNPROCESSABLE_ENTITY',
    details: [{ ...(field ? { field, location: 'body' } : {}), issue, description }],
    message:
      'The requested action could not be performed, semantically incorrect, or failed business validation.',
    debug_id: debugId(),
    links: infoLink(issue),
  })
export const invalidRequest = (details: Json[]) =>
  new PayPalApiError(400, {
    name: 'INVALID_REQUEST',
    message: 'Request is not well-formed, syntactically incorrect, or violates schema.',
    debug_id: debugId(),
    details,
    links: infoLink('INVALID_REQUEST'),
  })
export const notFound = () =>
  new PayPalApiError(404, {
    name: 'RESOURCE_NOT_FOUND',
    details: [
      {
        issue: 'INVALID_RESOURCE_ID',
        description: 'Specified resource ID does not exist. Please check the resource ID and try again.',
      },
    ],
    message: 'The specified resource does not exist.',
    debug_id: debugId(),
    links: infoLink('INVALID_RESOURCE_ID'),
  })
export const authenticationFailure = () =>
  new PayPalApiError(401, {
    name: 'AUTHENTICATION_FAILURE',
    message:
      'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
    links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
  })
export const unknownEndpoint = (method: string, path: string) =>
  new PayPalApiError(404, {
    name: 'RESOURCE_NOT_FOUND',
    message: 'The specified resource does not exist.',
    debug_id: debugId(),
    details: [{ issue: 'INVALID_URI', description: `${method} ${path} is not an endpoint of the fake.` }],
  })

/** PayPal's body for a PayPalApiError; anything else is the fake's own bug: kept, and a 500. */
export function toPayPalResponse(error: unknown, serverErrors: unknown[]): FakeResponse {
  if (error instanceof PayPalApiError)
    return json(error.status, error.body, { 'paypal-debug-id': String(error.body.debug_id ?? debugId()) })
  serverErrors.push(error)
  return json(500, {
    name: 'INTERNAL_SERVER_ERROR',
    message: 'An internal server error has occurred.',
    debug_id: debugId(),
  })
}
