import { invalid } from './errors'
import type { FormValue } from './form'
import { str } from './params'
import type { StripeState } from './state'

/** `expand[]`: replaces id fields by the objects they name, four levels deep at most, like Stripe. */
export function expand<T>(state: StripeState, object: T, paths: FormValue[]): T {
  const out = structuredClone(object) as unknown as Record<string, unknown>
  for (const p of paths) {
    const path = str(p)
    if (!path) continue
    const segments = path.split('.')
    if (segments.length > 4)
      throw invalid(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand')
    expandPath(state, out, segments)
  }
  return out as T
}

function expandPath(state: StripeState, out: Record<string, unknown>, segments: string[]) {
  let node: Record<string, unknown> | null = out
  for (const segment of segments) {
    if (node === null) break
    if (!(segment in node)) throw invalid(`This property cannot be expanded (${segment}).`, 'expand')
    let value = node[segment]
    if (typeof value === 'string') {
      const found = state.objects.get(value)
      if (!found) throw invalid(`This property cannot be expanded (${segment}).`, 'expand')
      value = structuredClone(found)
      node[segment] = value
    } else if (value !== null && typeof value !== 'object') {
      throw invalid(`This property cannot be expanded (${segment}).`, 'expand')
    }
    node = value as Record<string, unknown> | null
  }
}
