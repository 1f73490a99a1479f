import { BillingCycle } from '@berth/prisma'
import { CYCLE_LABELS as LABELS } from '../../labels'

/**
 * Billing cycles and date arithmetic on calendar dates (docs/decisions/0017-pricing-and-proration.md).
 *
 * Dates are calendar days: a `Date` at 00:00 UTC, as PostgreSQL `date` columns come back.
 *
 * Month-end rule: a service keeps the day of the month it started on (its anchor day). Adding
 * months lands on that day, or on the last day of the month when the month is shorter:
 * Jan 31 + 1 month = Feb 28 (Feb 29 in a leap year), + 2 months = Mar 31, + 3 = Apr 30. Because
 * every due date is computed from the anchor day, a short month never drags later ones earlier.
 */
export const BILLING_CYCLES = [
  BillingCycle.ONE_TIME,
  BillingCycle.MONTHLY,
  BillingCycle.QUARTERLY,
  BillingCycle.SEMI_ANNUAL,
  BillingCycle.ANNUAL,
  BillingCycle.BIENNIAL,
  BillingCycle.TRIENNIAL,
] as const

export const CYCLE_MONTHS: Record<BillingCycle, number> = {
  ONE_TIME: 0,
  MONTHLY: 1,
  QUARTERLY: 3,
  SEMI_ANNUAL: 6,
  ANNUAL: 12,
  BIENNIAL: 24,
  TRIENNIAL: 36,
}

// The words live in core/src/labels (browser-safe); typed by the enum here so a new cycle without a label fails to compile.
export const CYCLE_LABELS: Record<BillingCycle, string> = LABELS

export function isRecurringCycle(cycle: BillingCycle): boolean {
  return cycle !== 'ONE_TIME'
}

const DAY_MS = 86_400_000

/** The calendar day of `date` (its UTC date), at 00:00 UTC. */
export function toDateOnly(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
}

/** `YYYY-MM-DD` → calendar day; refuses anything else. */
export function parseDateOnly(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${value}`)
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  if (d.getUTCDate() !== Number(m[3])) throw new RangeError(`no such date: ${value}`)
  return d
}

export function formatDateOnly(date: Date): string {
  return toDateOnly(date).toISOString().slice(0, 10)
}

export function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate()
}

export function addDays(date: Date, days: number): Date {
  return new Date(toDateOnly(date).getTime() + days * DAY_MS)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((toDateOnly(to).getTime() - toDateOnly(from).getTime()) / DAY_MS)
}

/**
 * `date` plus `months` calendar months, on `anchorDay` (default: date's own day) or the last day of
 * the target month when it is shorter.
 */
export function addMonths(date: Date, months: number, anchorDay: number = date.getUTCDate()): Date {
  if (!Number.isInteger(months)) throw new RangeError('months must be an integer')
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31)
    throw new RangeError('anchorDay must be 1..31')
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months
  const year = Math.floor(total / 12)
  const month0 = total - year * 12
  return new Date(Date.UTC(year, month0, Math.min(anchorDay, daysInMonth(year, month0))))
}

/** The date one cycle after `date` (null for one-time), keeping the anchor day. */
export function addCycle(date: Date, cycle: BillingCycle, anchorDay?: number): Date | null {
  if (!isRecurringCycle(cycle)) return null
  return addMonths(toDateOnly(date), CYCLE_MONTHS[cycle], anchorDay)
}

/** The date `count` cycles after `start`, computed from `start` (no drift). */
export function addCycles(start: Date, cycle: BillingCycle, count: number): Date | null {
  if (!isRecurringCycle(cycle)) return null
  return addMonths(toDateOnly(start), CYCLE_MONTHS[cycle] * count)
}

/** The date one cycle before `date`, keeping the anchor day: the start of the period ending at `date`. */
export function subtractCycle(date: Date, cycle: BillingCycle, anchorDay?: number): Date | null {
  if (!isRecurringCycle(cycle)) return null
  return addMonths(toDateOnly(date), -CYCLE_MONTHS[cycle], anchorDay)
}

/** The billing period that starts on `start`: [start, end] inclusive, next start = end + 1 day. */
export function billingPeriod(
  start: Date,
  cycle: BillingCycle,
  anchorDay?: number,
): { start: Date; end: Date; nextStart: Date } | null {
  const nextStart = addCycle(start, cycle, anchorDay)
  if (!nextStart) return null
  return { start: toDateOnly(start), end: addDays(nextStart, -1), nextStart }
}
