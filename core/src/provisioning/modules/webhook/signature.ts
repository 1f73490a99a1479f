import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The webhook module's signature (docs/provisioning-webhook.md):
 *
 *   X-Berth-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * A receiver recomputes the HMAC over the raw body it received, compares in constant time, and
 * refuses timestamps older than its tolerance (replays).
 */
export const SIGNATURE_HEADER = 'X-Berth-Signature'
export const EVENT_HEADER = 'X-Berth-Event'
export const DEFAULT_TOLERANCE_SECONDS = 300

export function signatureFor(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

export function signatureHeader(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  return `t=${timestamp},v1=${signatureFor(secret, body, timestamp)}`
}

/** Checks a signature header against the raw body; false for a bad, malformed or stale one. */
export function verifySignatureHeader(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  if (!header) return false
  const parts = new Map<string, string[]>()
  for (const piece of header.split(',')) {
    const i = piece.indexOf('=')
    if (i <= 0) continue
    const key = piece.slice(0, i).trim()
    parts.set(key, [...(parts.get(key) ?? []), piece.slice(i + 1).trim()])
  }
  const t = Number(parts.get('t')?.[0])
  if (!Number.isInteger(t)) return false
  const now = options.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - t) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false
  const expected = Buffer.from(signatureFor(secret, body, t), 'hex')
  return (parts.get('v1') ?? []).some((v) => {
    const given = Buffer.from(v, 'hex')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}
