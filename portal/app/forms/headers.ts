import type { HeadersFunction } from '@remix-run/node'

/**
 * For routes whose actions can answer 429: pass the action's Retry-After on to the document
 * response (Remix forwards only Set-Cookie from actions unless the route exports `headers`).
 */
export const forwardRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers()
  const retryAfter = actionHeaders.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}
