import { json, type FakeResponse } from '../http'
import { newId } from './objects'

/** An error the fake answers with Stripe's error body (`{ error: { type, code, message, param } }`). */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message)
  }
}

export const invalid = (message: string, param?: string, code = param ? 'parameter_invalid' : undefined) =>
  new StripeApiError(400, 'invalid_request_error', message, code, param)
export const missing = (param: string) =>
  new StripeApiError(
    400,
    'invalid_request_error',
    `Missing required param: ${param}.`,
    'parameter_missing',
    param,
  )
export const noSuch = (kind: string, id: string) =>
  new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', 'id')
export const unrecognizedUrl = (method: string, path: string, hint = '') =>
  new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).${hint}`)

/** Stripe's body for a StripeApiError; anything else is the fake's own bug: kept, and a 500. */
export function toStripeResponse(error: unknown, serverErrors: unknown[]): FakeResponse {
  if (error instanceof StripeApiError) {
    return json(error.status, {
      error: {
        ...(error.code
          ? {
              code: error.code,
              doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}`,
            }
          : {}),
        message: error.message,
        ...(error.param ? { param: error.param } : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${newId('req', 14)}`,
        type: error.type,
      },
    })
  }
  serverErrors.push(error)
  return json(500, { error: { message: 'An unknown error occurred', type: 'api_error' } })
}
