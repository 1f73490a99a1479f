import { z } from 'zod'
import { requirePermission } from '../access'
import { dateOnlySchema } from '../billing'
import { DomainError, type Actor } from '../shared'

/**
 * What every report shares: who may read it (staff with `billing.view`, or the system; see
 * docs/decisions/0036-business-reports.md), the date inputs, and month arithmetic in UTC.
 */
export const REPORTS_PERMISSION = 'billing.view' as const

export function requireReportsActor(actor: Actor): void {
  if (actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (actor.type === 'client') throw new DomainError('FORBIDDEN', 'Only staff can see reports.')
  requirePermission(actor, REPORTS_PERMISSION)
}

/** Longest range a report accepts, so one request cannot scan decades. */
export const MAX_REPORT_MONTHS = 120

/** An inclusive range of calendar dates (UTC). */
export const reportRangeInput = z
  .object({ from: dateOnlySchema, to: dateOnlySchema })
  .refine((v) => v.from <= v.to, { message: 'The start date is after the end date.', path: ['to'] })
  .refine((v) => monthsBetween(v.from, v.to) <= MAX_REPORT_MONTHS, {
    message: `Choose at most ${MAX_REPORT_MONTHS} months.`,
    path: ['from'],
  })
export type ReportRangeInput = z.input<typeof reportRangeInput>

/** A single as-of calendar date (UTC). */
export const reportAsOfInput = z.object({ asOf: dateOnlySchema })
export type ReportAsOfInput = z.input<typeof reportAsOfInput>

export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1))
}

export function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
}

export function nextDay(date: Date): Date {
  return new Date(date.getTime() + 86_400_000)
}

/** "2026-03" */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7)
}

/** Number of calendar months the range touches (Jan 31 → Feb 1 is 2). */
export function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() + 1
}

/** Every month the range touches, as "YYYY-MM", oldest first. */
export function monthKeys(from: Date, to: Date): string[] {
  const n = monthsBetween(from, to)
  return Array.from({ length: n }, (_, i) => monthKey(addMonths(monthStart(from), i)))
}

/** Char(3) columns come back padded only if shorter; trim anyway so keys compare. */
export const code = (value: string) => value.trim()
