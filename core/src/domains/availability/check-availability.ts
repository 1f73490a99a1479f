import type { Db, DbClient } from '@berth/prisma'
import { getSettings } from '../../settings'
import { getRegistrar, isRegistrarName } from '../registrars/registry'
import { indexBootstrap, loadRdapBootstrap, rdapBaseUrlFor } from './bootstrap'
import { availabilityCache, type AvailabilityCache } from './cache'
import { queryRdap } from './rdap'
import type { AvailabilityResult } from './types'
import { queryWhois, type WhoisServer } from './whois'

/** Where answers come from: one load per search, passed to every check. */
export interface AvailabilitySources {
  db: Db | DbClient
  /** TLD → RDAP base URLs (from the bootstrap file) */
  rdap: Map<string, string[]>
  /** Berth's TLDs (enabled or not): their registrar and WHOIS server */
  tlds: Map<string, { registrar: string; whois: WhoisServer | null }>
  timeoutMs: number
  cacheSeconds: number
  cache: AvailabilityCache
}

export const WHOIS_PORT = 43

export async function loadAvailabilitySources(
  db: Db | DbClient,
  overrides: Partial<Omit<AvailabilitySources, 'db'>> = {},
): Promise<AvailabilitySources> {
  const [settings, rows, bootstrap] = await Promise.all([
    getSettings(db),
    db.tld.findMany({ select: { name: true, registrar: true, whoisHost: true, whoisPort: true } }),
    overrides.rdap ? null : loadRdapBootstrap(db),
  ])
  const tlds = new Map(
    rows.map((t) => [
      t.name,
      {
        registrar: t.registrar,
        whois: t.whoisHost ? { host: t.whoisHost, port: t.whoisPort ?? WHOIS_PORT } : null,
      },
    ]),
  )
  return {
    db,
    rdap: overrides.rdap ?? indexBootstrap(bootstrap!),
    tlds: overrides.tlds ?? tlds,
    timeoutMs: overrides.timeoutMs ?? settings['domains.lookupTimeoutMs'],
    cacheSeconds: overrides.cacheSeconds ?? settings['domains.availabilityCacheSeconds'],
    cache: overrides.cache ?? availabilityCache,
  }
}

/**
 * Is `name` (lower-case ASCII with TLD `tld`) free? In order: the short cache; the TLD's
 * registrar when it answers for itself (the sandbox, which the demo TLDs use, so search works
 * with no network); RDAP via the bootstrap file; WHOIS on port 43 (the TLD's configured server,
 * else whois.nic.<tld>) for Berth's TLDs without RDAP. Never throws: failures are `unknown`.
 */
export async function checkAvailability(
  sources: AvailabilitySources,
  name: string,
  tld: string,
): Promise<AvailabilityResult> {
  const cached = sources.cache.get(name)
  if (cached) return cached
  const result = { ...(await lookUp(sources, name, tld)), isCached: false }
  sources.cache.set(result, sources.cacheSeconds)
  return result
}

async function lookUp(
  sources: AvailabilitySources,
  name: string,
  tld: string,
): Promise<Omit<AvailabilityResult, 'isCached'>> {
  const ours = sources.tlds.get(tld)
  if (ours && isRegistrarName(ours.registrar)) {
    const registrar = getRegistrar(ours.registrar)
    if (registrar.answersAvailability) {
      try {
        const status = await registrar.checkAvailability({
          name,
          settings: {},
          idempotencyKey: name,
          db: sources.db,
        })
        return {
          name,
          status,
          source: 'registrar',
          ...(status === 'unknown' ? { reason: 'error' as const } : {}),
        }
      } catch {
        return { name, status: 'unknown', source: 'registrar', reason: 'error' }
      }
    }
  }
  const base = rdapBaseUrlFor(sources.rdap, name)
  if (base) return queryRdap(base, name, sources.timeoutMs)
  if (ours)
    return queryWhois(ours.whois ?? { host: `whois.nic.${tld}`, port: WHOIS_PORT }, name, sources.timeoutMs)
  return { name, status: 'unknown', source: 'none', reason: 'unsupported-tld' }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of `items`. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      out[index] = await fn(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
