/** Absolute links into the portal, for emails. */
export function portalLink(path: string, params: Record<string, string> = {}): string {
  const base = process.env.PORTAL_URL ?? 'http://localhost:3000'
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  return url.toString()
}

export const VERIFICATION_TTL_HOURS = 48
export const RESET_TTL_MINUTES = 60
