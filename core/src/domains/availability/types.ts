export type AvailabilityStatus = 'available' | 'registered' | 'unknown'

/** Why an answer is `unknown` ("try later" for timeout and rate-limited). */
export type UnknownReason = 'timeout' | 'rate-limited' | 'malformed' | 'unsupported-tld' | 'error'

export interface AvailabilityResult {
  /** lower-case ASCII name */
  name: string
  status: AvailabilityStatus
  source: 'rdap' | 'whois' | 'registrar' | 'none'
  reason?: UnknownReason
  /** a registry's Retry-After, when it sent one */
  retryAfterSeconds?: number
  isCached: boolean
}
