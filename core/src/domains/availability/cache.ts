import type { AvailabilityResult } from './types'

/**
 * A bounded in-memory cache of definitive answers (available/registered) per process, for a short
 * time (setting domains.availabilityCacheSeconds, 5 minutes by default). "unknown" is never cached,
 * so "try later" means later. Docs: docs/decisions/0041-domain-availability.md.
 */
export class AvailabilityCache {
  private readonly entries = new Map<string, { result: AvailabilityResult; expiresAt: number }>()

  constructor(private readonly maxEntries = 20_000) {}

  get(name: string, now = Date.now()): AvailabilityResult | null {
    const entry = this.entries.get(name)
    if (!entry) return null
    if (entry.expiresAt <= now) {
      this.entries.delete(name)
      return null
    }
    // Refresh its place: a Map iterates in insertion order, so the first key is the least recent.
    this.entries.delete(name)
    this.entries.set(name, entry)
    return { ...entry.result, isCached: true }
  }

  set(result: AvailabilityResult, ttlSeconds: number, now = Date.now()): void {
    if (result.status === 'unknown' || ttlSeconds <= 0) return
    this.entries.delete(result.name)
    this.entries.set(result.name, {
      result: { ...result, isCached: false },
      expiresAt: now + ttlSeconds * 1000,
    })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  clear(): void {
    this.entries.clear()
  }
}

/** The process's cache (tests clear it or pass their own). */
export const availabilityCache = new AvailabilityCache()
