import type { DomainStatus, TldFeeKind } from '@berth/prisma'
import { formatDate } from '../../billing'
import { addDays, addMonths } from '../../catalog/pricing/billing-cycles'

/**
 * What a registry allows: a registration never runs more than ten years ahead of today, so
 * renewing is refused when expiry + years would pass today + 10 years (every gTLD registry's rule).
 */
export const REGISTRY_MAX_YEARS_AHEAD = 10

/** The date `years` years after `date` (29 February falls back to 28 February, like registries). */
export function addYears(date: Date, years: number): Date {
  return addMonths(date, years * 12)
}

/** Where a domain stands on `today` from its expiry and its TLD's grace and redemption periods. */
export type ExpiryPhase = 'ACTIVE' | 'GRACE' | 'REDEMPTION' | 'EXPIRED'

export function expiryPhaseOn(
  expiryDate: Date,
  tld: { graceDays: number; redemptionDays: number },
  today: Date,
): ExpiryPhase {
  if (today <= expiryDate) return 'ACTIVE'
  const graceEnd = addDays(expiryDate, tld.graceDays)
  if (today <= graceEnd) return 'GRACE'
  if (today <= addDays(graceEnd, tld.redemptionDays)) return 'REDEMPTION'
  return 'EXPIRED'
}

/** The statuses a renewal can start from (a pending, cancelled or transferred domain cannot). */
export const RENEWABLE_STATUSES: readonly DomainStatus[] = ['ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED']

/**
 * The late fee a renewal carries: the later of what the status and the date say, so a domain the
 * daily run has not moved yet still pays for the phase it is in, and one the registrar already
 * put in redemption pays the restore fee even when our dates disagree.
 */
export function renewalFeeKind(status: DomainStatus, phase: ExpiryPhase): TldFeeKind | null {
  if (status === 'REDEMPTION' || phase === 'REDEMPTION') return 'REDEMPTION'
  if (status === 'GRACE' || phase === 'GRACE') return 'GRACE'
  return null
}

/** The invoice line of a domain renewal (manual or from the daily run): one wording for both. */
export function renewalDescription(name: string, years: number, start: Date, end: Date): string {
  const span = years === 1 ? '1 year' : `${years} years`
  return `Domain renewal - ${name} - ${span} (${formatDate(start)} - ${formatDate(end)})`
}
