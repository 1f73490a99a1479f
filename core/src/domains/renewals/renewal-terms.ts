import type { DomainStatus, TldFeeKind } from '@berth/prisma'
import type { RegistrarDomainInfo } from '../registrars/registrar'
import { formatDate } from '../../billing'
import { addDays, addMonths, toDateOnly } from '../../catalog'

/**
 * What a registry allows: a registration never runs more than ten years ahead of today, so
 * renewing is refused when expiry + years would pass today + 10 years (every gTLD registry's rule).
 */
export const REGISTRY_MAX_YEARS_AHEAD = 10

/** The date `years` years after `date` (29 February falls back to 28 February, like registries). */
export function addYears(date: Date, years: number): Date {
  return addMonths(date, years * 12)
}

/**
 * The grace and redemption days of a domain whose TLD row is gone (staff stopped selling it): the
 * usual gTLD terms (and the Tld columns' defaults), rather than none, so such a domain does not
 * lapse the day it expires.
 */
export const DEFAULT_EXPIRY_TERMS = { graceDays: 30, redemptionDays: 30 } as const

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

/**
 * What a registry's answer means for the domain's status: the registry's own redemption or
 * pending-delete states win; an expiry moved past the run's date (renewed at the registrar, or
 * our renewal went through) brings a lapsed domain back to ACTIVE; otherwise ours stands (the
 * date-driven step moves it on).
 */
export function statusFromRegistry(
  current: DomainStatus,
  info: RegistrarDomainInfo,
  asOf: Date,
): DomainStatus {
  const states = info.status.map((s) => s.toLowerCase())
  if (states.includes('pendingdelete')) return 'EXPIRED'
  if (states.includes('redemptionperiod')) return 'REDEMPTION'
  const isLapsed = current === 'GRACE' || current === 'REDEMPTION' || current === 'EXPIRED'
  if (isLapsed && toDateOnly(info.expiresAt) >= asOf) return 'ACTIVE'
  return current
}
