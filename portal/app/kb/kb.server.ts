import { isDomainError } from '@berth/core'

/** A core NOT_FOUND becomes the portal's 404 page; anything else goes on to the error boundary. */
export function notFoundAs404(error: unknown): never {
  if (isDomainError(error) && error.code === 'NOT_FOUND') throw new Response('Not found', { status: 404 })
  throw error
}

/** Dates on the support pages, the same in every time zone (e.g. "4 December 2026"). */
export function longDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date)
}

/**
 * Which articles this browser has been counted for: a cookie of up to 50 short article ids, so a
 * reload or a back-and-forth does not count again (docs/decisions/0031). Not signed: the worst a
 * forged cookie does is suppress the owner's own views.
 */
const VIEWED_COOKIE = 'berth_kb_viewed'
const MAX_VIEWED = 50

export function viewedArticles(request: Request): string[] {
  const header = request.headers.get('Cookie') ?? ''
  const match = header.match(new RegExp(`(?:^|;\\s*)${VIEWED_COOKIE}=([A-Za-z0-9.]*)`))
  return match?.[1] ? match[1].split('.').filter(Boolean) : []
}

/** Short form of an article id for the cookie: its last 12 hex digits (uuid v7's random part). */
export function viewKey(articleId: string): string {
  return articleId.replace(/-/g, '').slice(-12)
}

export function viewedCookie(keys: string[], secure: boolean): string {
  const value = keys.slice(-MAX_VIEWED).join('.')
  return `${VIEWED_COOKIE}=${value}; Path=/kb; Max-Age=${6 * 3600}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}

/**
 * The suggestion endpoint answers a keystroke at a time, so it is limited per IP in memory (per
 * portal process) rather than with a LoginAttempt row per keystroke: 60 requests a minute.
 */
const WINDOW_MS = 60_000
const PER_WINDOW = 60
const hits = new Map<string, { start: number; count: number }>()

export function isSuggestAllowed(ip: string | null, now = Date.now()): boolean {
  const key = ip ?? 'unknown'
  const entry = hits.get(key)
  if (!entry || now - entry.start >= WINDOW_MS) {
    if (hits.size > 50_000) hits.clear() // bounded memory under a flood of addresses
    hits.set(key, { start: now, count: 1 })
    return true
  }
  entry.count += 1
  return entry.count <= PER_WINDOW
}
