import { invalid, missing } from './errors'
import type { FormValue } from './form'

/** Stripe's parameter rules for what Berth sends: types, currencies, amounts, metadata, URLs. */

export const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()))
/** Stripe's documented minimum charge amounts for a few currencies (minor units). */
export const MINIMUMS: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  jpy: 50,
  cad: 50,
  aud: 50,
  chf: 50,
  sek: 300,
  nok: 300,
  dkk: 250,
}
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
])
/** zero-decimal currencies that Stripe's API takes as two-decimal (whole multiples of 100) */
export const AS_TWO_DECIMAL = new Set(['isk', 'ugx'])

export const defaultFee = (amount: number, currency: string) =>
  ZERO_DECIMAL.has(currency) ? Math.round((amount * 36) / 1000) : Math.round((amount * 29) / 1000) + 30

export const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined)
export const obj = (v: FormValue | undefined): Record<string, FormValue> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : undefined
export const list = (v: FormValue | undefined): FormValue[] =>
  Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []

export function integer(value: FormValue | undefined, param: string, { min = 0 } = {}): number {
  const s = str(value)
  if (s === undefined) throw missing(param)
  if (!/^-?\d+$/.test(s)) throw invalid(`Invalid integer: ${s}`, param)
  const n = Number(s)
  if (!Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${s}`, param)
  if (n < min)
    throw invalid(
      min > 0 ? `Invalid positive integer` : `This value must be greater than or equal to ${min}.`,
      param,
    )
  return n
}

export function metadataOf(value: FormValue | undefined, param = 'metadata'): Record<string, string> {
  if (value === undefined || value === '') return {}
  const m = obj(value)
  if (!m) throw invalid('Invalid object', param)
  const entries = Object.entries(m)
  if (entries.length > 50) throw invalid('You can specify up to 50 keys in metadata.', param)
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw invalid('Invalid metadata value', `${param}[${k}]`)
    if (k.length > 40)
      throw invalid(
        `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters.`,
        `${param}[${k}]`,
      )
    if (v.length > 500)
      throw invalid(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
        `${param}[${k}]`,
      )
  }
  return m as Record<string, string>
}

export function url(value: FormValue | undefined, param: string): string | null {
  const s = str(value)
  if (s === undefined) return null
  try {
    const u = new URL(s.replace('{CHECKOUT_SESSION_ID}', 'x'))
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error()
  } catch {
    throw invalid('Not a valid URL', param, 'url_invalid')
  }
  return s
}
