import { flat, type RecordJSON } from 'adminjs'

/** Small browser-side helpers shared by the catalog, order and service components. */

export type PricingValue = Record<string, Record<string, { amount?: string; setupFee?: string }>>

export interface CycleColumn {
  cycle: string
  label: string
}

/** A nested value from a record's flattened params. */
export function paramValue<T>(record: RecordJSON | undefined | null, path: string): T | undefined {
  if (!record?.params) return undefined
  return flat.get(record.params, path) as T | undefined
}

/** The record's field errors under a path (`pricing.USD.MONTHLY.amount` under `pricing`). */
export function errorsUnder(
  errors: Record<string, { message?: string }> | undefined,
  path: string,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(errors ?? {}))
    if (key === path || key.startsWith(`${path}.`)) out[key] = value?.message ?? 'Invalid value'
  return out
}

export const when = (value: unknown, withTime = true): string => {
  if (typeof value !== 'string' || !value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  return withTime
    ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
}

export const humanStatus = (value: string): string =>
  value ? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') : ''

export const isTrue = (value: unknown): boolean => value === true || value === 'true'
