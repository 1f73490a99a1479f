import type { FakeRequest, FakeResponse } from '../http'
import type { PayPalState } from './state'

/** One endpoint of the fake: a method, a path (a RegExp captures the resource id) and a handler. */
export interface PayPalRoute {
  method: 'GET' | 'POST'
  path: string | RegExp
  /** a request without a body is refused (MISSING_REQUEST_BODY) */
  requiresBody?: boolean
  handle: (state: PayPalState, call: PayPalCall) => FakeResponse
}

export interface PayPalCall {
  req: FakeRequest
  /** the parsed JSON body, if any */
  body: unknown
  /** the id the path's RegExp captured ('' for a plain path) */
  id: string
}

/** The route for `method path` and the id it captured, if any route matches. */
export function matchRoute(
  routes: PayPalRoute[],
  method: string,
  path: string,
): { route: PayPalRoute; id: string } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue
    if (typeof route.path === 'string') {
      if (route.path === path) return { route, id: '' }
      continue
    }
    const m = route.path.exec(path)
    if (m) return { route, id: m[1] ?? '' }
  }
  return undefined
}
