import type { FormValue } from './form'
import type { StripeState } from './state'

/** One API endpoint of the fake: a method, a path (a RegExp captures the object id) and a handler. */
export interface StripeRoute {
  method: 'GET' | 'POST'
  path: string | RegExp
  handle: (state: StripeState, call: StripeCall) => unknown
}

export interface StripeCall {
  /** the form-decoded parameters (query string or body) */
  params: Record<string, FormValue>
  /** the id the path's RegExp captured ('' for a plain path) */
  id: string
  /** the `expand[]` parameter */
  expand: FormValue[]
}

/** The route for `method path` and the id it captured, if any route matches. */
export function matchRoute(
  routes: StripeRoute[],
  method: string,
  path: string,
): { route: StripeRoute; id: string } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue
    if (typeof route.path === 'string') {
      if (route.path === path) return { route, id: '' }
      continue
    }
    const m = route.path.exec(path)
    if (m) return { route, id: m[1]! }
  }
  return undefined
}

/** Stripe's list envelope (the fake never pages). */
export const listOf = <T>(data: T[], path: string) => ({ object: 'list', data, has_more: false, url: path })
