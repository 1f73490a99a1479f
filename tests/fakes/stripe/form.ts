/**
 * Stripe's request encoding: application/x-www-form-urlencoded with bracketed keys, as stripe-node
 * writes them (`line_items[0][price_data][currency]=usd`, `expand[0]=payment_intent`,
 * `metadata[invoiceId]=…`). Decoded into nested objects and arrays of strings.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue }

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

export function parseStripeForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {}
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const segments = splitKey(rawKey)
    if (segments.some((s) => FORBIDDEN.has(s))) continue
    let node: Record<string, FormValue> = root
    segments.forEach((segment, i) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment
      if (i === segments.length - 1) {
        node[key] = value
        return
      }
      const next = node[key]
      if (next === undefined || typeof next === 'string') node[key] = {}
      node = node[key] as Record<string, FormValue>
    })
  }
  return arrayify(root) as Record<string, FormValue>
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[')
  if (open === -1) return [key]
  const segments = [key.slice(0, open)]
  for (const m of key.slice(open).matchAll(/\[([^\]]*)\]/g)) segments.push(m[1] ?? '')
  return segments
}

function arrayify(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  const entries = keys.map((k) => [k, arrayify(value[k]!)] as const)
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return entries.map(([, v]) => v)
  return Object.fromEntries(entries)
}
