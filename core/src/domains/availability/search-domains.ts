import { domainToUnicode } from 'node:url'
import { z } from 'zod'
import { claimAttempt } from '../../accounts'
import { currencyCodeSchema } from '../../money'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { parseDomainName, searchQuerySchema, splitTld, toAsciiName } from '../names/parse-domain-name'
import {
  checkAvailability,
  loadAvailabilitySources,
  mapWithConcurrency,
  type AvailabilitySources,
} from './check-availability'
import type { AvailabilityStatus, UnknownReason } from './types'

export const searchDomainsSchema = z.object({
  q: searchQuerySchema,
  currency: currencyCodeSchema,
})

export interface DomainSearchResult {
  /** ASCII and Unicode forms */
  name: string
  unicode: string
  tld: string
  status: AvailabilityStatus
  reason: UnknownReason | null
  isFeatured: boolean
  /** register price for the TLD's minimum period, minor units as a string; null: not sold in this currency */
  price: { amount: string; currency: string; years: number } | null
}

export interface DomainSearch {
  query: string
  exact: DomainSearchResult
  /** the same name in the other enabled TLDs (featured first), then close variants */
  suggestions: DomainSearchResult[]
}

/** Prefixes and suffixes of the close variants suggested beside the exact name. */
export const VARIANT_PREFIXES = ['get', 'my', 'try'] as const
export const VARIANT_SUFFIXES = ['online', 'hq', 'app'] as const
/** At most this many lookups at once per search (registries rate-limit bursts). */
export const SEARCH_CONCURRENCY = 8
export const MAX_TLD_SUGGESTIONS = 20

/**
 * Public domain search: the exact name (the typed TLD, or the first featured TLD when none was
 * typed) and suggestions (the name in other enabled TLDs, featured first; prefix/suffix variants in
 * the exact name's TLD), each with its register price in `currency` and its availability, checked
 * concurrently with a bound. Throttled per IP (DOMAIN_SEARCH). Bad names are refused on field `q`.
 */
export async function searchDomains(
  ctx: Ctx,
  input: { q: unknown; currency: unknown },
  options: { sources?: AvailabilitySources; isThrottled?: boolean } = {},
): Promise<DomainSearch> {
  const { q, currency } = parseInput(searchDomainsSchema, input)
  if (options.isThrottled !== false) await claimAttempt(ctx, 'PORTAL', 'DOMAIN_SEARCH', '')
  const tlds = await ctx.db.tld.findMany({
    where: { isActive: true },
    orderBy: [{ isFeatured: 'desc' }, { sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      name: true,
      isFeatured: true,
      minYears: true,
      prices: {
        where: { currencyCode: currency, action: 'REGISTER' },
        select: { years: true, amount: true },
      },
    },
  })
  if (tlds.length === 0)
    throw new DomainError('NOT_FOUND', 'No domain extensions are on sale at the moment.', { field: 'q' })
  const byName = new Map(tlds.map((t) => [t.name, t]))
  const split = splitTld(q.ascii, byName.keys())
  // A bare label gets the first featured TLD; anything else must end in a TLD we sell.
  const exactName = split
    ? parseDomainName(q.ascii, byName.keys(), 'q')
    : q.ascii.includes('.')
      ? parseDomainName(q.ascii, byName.keys(), 'q') // throws "We do not offer ..."
      : parseDomainName(`${q.ascii}.${tlds[0]!.name}`, byName.keys(), 'q')

  const resultFor = (name: string, tld: string) => {
    const t = byName.get(tld)!
    const price =
      t.prices.find((p) => p.years === t.minYears) ?? t.prices.sort((a, b) => a.years - b.years)[0]
    return {
      name,
      unicode: domainToUnicode(name),
      tld,
      isFeatured: t.isFeatured,
      price: price ? { amount: price.amount.toString(), currency, years: price.years } : null,
    }
  }
  const candidates = [resultFor(exactName.ascii, exactName.tld)]
  for (const t of tlds) {
    if (t.name === exactName.tld || candidates.length > MAX_TLD_SUGGESTIONS) continue
    candidates.push(resultFor(`${exactName.sld}.${t.name}`, t.name))
  }
  for (const variant of [
    ...VARIANT_PREFIXES.map((p) => `${p}${exactName.sldUnicode}`),
    ...VARIANT_SUFFIXES.map((s) => `${exactName.sldUnicode}-${s}`),
  ]) {
    try {
      const ascii = toAsciiName(`${variant}.${domainToUnicode(exactName.tld)}`, 'q').ascii
      candidates.push(resultFor(ascii, exactName.tld))
    } catch {
      // A variant past 63 characters is simply not suggested.
    }
  }
  // Suggestions not sold in this currency are left out; the exact name is always answered.
  const wanted = candidates.filter((c, i) => i === 0 || c.price !== null)
  const sources = options.sources ?? (await loadAvailabilitySources(ctx.db))
  const results = await mapWithConcurrency(wanted, SEARCH_CONCURRENCY, async (c) => {
    const answer = await checkAvailability(sources, c.name, c.tld)
    return { ...c, status: answer.status, reason: answer.reason ?? null }
  })
  return { query: q.unicode, exact: results[0]!, suggestions: results.slice(1) }
}
