import type { FakeRequest, FakeResponse } from '../http'
import { PayPalApiError, debugId, invalidRequest, toPayPalResponse } from './errors'
import { schemaIssues, type SchemaName } from './schemas'
import type { PayPalState } from './state'
import type { Json } from './types'

/** Request handling every endpoint shares: JSON bodies, schema checks, PayPal-Request-Id, Prefer. */

export function parseBody(req: FakeRequest, required: boolean): unknown {
  if (!req.rawBody.trim()) {
    if (required)
      throw invalidRequest([
        {
          field: '/',
          location: 'body',
          issue: 'MISSING_REQUEST_BODY',
          description: 'Request body is missing.',
        },
      ])
    return undefined
  }
  const type = req.headers['content-type'] ?? ''
  if (!type.includes('application/json')) {
    throw new PayPalApiError(415, {
      name: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The server does not support the request payload’s media type.',
      debug_id: debugId(),
      details: [{ issue: 'UNSUPPORTED_MEDIA_TYPE', description: `Content-Type ${type} is not supported.` }],
    })
  }
  try {
    return JSON.parse(req.rawBody) as unknown
  } catch {
    throw invalidRequest([
      {
        field: '/',
        location: 'body',
        issue: 'MALFORMED_REQUEST_JSON',
        description: 'The request JSON is not well formed.',
      },
    ])
  }
}

export function validate(name: SchemaName, body: unknown) {
  const issues = schemaIssues(name, body)
  if (issues.length) throw invalidRequest(issues)
}

/** `PayPal-Request-Id`: the first successful answer for (scope, id) is answered again, as a 200. */
export function once(
  state: PayPalState,
  req: FakeRequest,
  scope: string,
  make: () => FakeResponse,
): FakeResponse {
  const requestId = headerOf(req, 'paypal-request-id')
  if (!requestId) return make()
  const key = `${scope}\n${requestId}`
  const seen = state.replies.get(key)
  if (seen) return { ...seen, status: seen.status === 201 ? 200 : seen.status }
  let response: FakeResponse
  try {
    response = make()
  } catch (error) {
    response = toPayPalResponse(error, state.serverErrors)
  }
  // Only a success is kept: after a refusal (INSTRUMENT_DECLINED…) the same id may try again.
  if (response.status < 300) state.replies.set(key, response)
  return response
}

export const headerOf = (req: FakeRequest, name: string): string | undefined => {
  const v = req.headers[name]
  return typeof v === 'string' ? v : undefined
}

/** `Prefer: return=representation` asks for the full resource instead of the minimal one. */
export const representation = (req: FakeRequest) =>
  headerOf(req, 'prefer')?.includes('return=representation') ?? false
export const minimal = (o: Json) => ({ id: o.id, status: o.status, links: o.links })
