import type { AvailabilityResult } from './types'

/**
 * One RDAP domain query (RFC 9082/9083): GET <base>domain/<name>. 200 with a domain object naming
 * the domain → registered; 404 → available; 429 → unknown (rate-limited, with Retry-After); a
 * timeout, another status or a body that is not a domain object → unknown.
 */
export async function queryRdap(
  baseUrl: string,
  name: string,
  timeoutMs: number,
): Promise<Omit<AvailabilityResult, 'isCached'>> {
  const url = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}domain/${encodeURIComponent(name)}`
  const unknown = (reason: AvailabilityResult['reason'], extra: Partial<AvailabilityResult> = {}) => ({
    name,
    status: 'unknown' as const,
    source: 'rdap' as const,
    reason,
    ...extra,
  })
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: 'application/rdap+json, application/json' },
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    const isTimeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    return unknown(isTimeout ? 'timeout' : 'error')
  }
  try {
    if (response.status === 404) return { name, status: 'available', source: 'rdap' }
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'))
      return unknown(
        'rate-limited',
        Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {},
      )
    }
    if (response.status !== 200) return unknown('error')
    const body = (await readJson(response, timeoutMs)) as {
      objectClassName?: unknown
      ldhName?: unknown
    } | null
    const isDomainObject =
      !!body &&
      body.objectClassName === 'domain' &&
      typeof body.ldhName === 'string' &&
      body.ldhName.toLowerCase().replace(/\.$/, '') === name
    return isDomainObject ? { name, status: 'registered', source: 'rdap' } : unknown('malformed')
  } finally {
    // Free the socket whatever was read.
    await response.body?.cancel().catch(() => {})
  }
}

async function readJson(response: Response, timeoutMs: number): Promise<unknown> {
  try {
    const text = await Promise.race([
      response.text(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ])
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
