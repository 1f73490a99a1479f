import { pickedDay } from '../resources/billing-shared'

/**
 * The Transaction list's filters (AdminJS query parameters: `filters.client`, `filters.gateway`,
 * `filters.type`, `filters.invoice`, `filters.createdAt~~from|to`) as core's transaction filters,
 * so that "Export CSV" exports what the list shows. Dates become calendar days (core's filters are
 * inclusive days, UTC), the same days the list shows (resources/billing-shared.ts, DayRangeResource). Anything unusable is dropped here and refused by core's schema otherwise.
 */
export function transactionFiltersFrom(query: Record<string, unknown>): Record<string, string> {
  const get = (key: string): string => {
    const direct = query[key]
    if (typeof direct === 'string') return direct.trim()
    // Express's query parser may have nested `filters[...]`-style keys; AdminJS sends them flat.
    const nested = (query.filters as Record<string, unknown> | undefined)?.[key.replace(/^filters\./, '')]
    return typeof nested === 'string' ? nested.trim() : ''
  }
  const day = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : (pickedDay(value) ?? ''))
  const out: Record<string, string> = {}
  const set = (name: string, value: string) => {
    if (value) out[name] = value
  }
  set('clientId', get('filters.client'))
  set('invoiceId', get('filters.invoice'))
  set('gateway', get('filters.gateway'))
  set('type', get('filters.type'))
  set('from', day(get('filters.createdAt~~from')))
  set('to', day(get('filters.createdAt~~to')))
  return out
}

/** The same filters in words, for the export screen. */
export function describeTransactionFilters(
  filters: Record<string, string>,
  names: { client?: string | null; invoice?: string | null },
): string[] {
  const out: string[] = []
  if (filters.clientId) out.push(`Client: ${names.client ?? filters.clientId}`)
  if (filters.invoiceId) out.push(`Invoice: ${names.invoice ?? filters.invoiceId}`)
  if (filters.gateway) out.push(`Gateway: ${filters.gateway}`)
  if (filters.type) out.push(`Type: ${filters.type.toLowerCase().replace(/_/g, ' ')}`)
  if (filters.from || filters.to)
    out.push(`Dates: ${filters.from ?? 'start'} to ${filters.to ?? 'today'} (inclusive, UTC)`)
  return out
}
