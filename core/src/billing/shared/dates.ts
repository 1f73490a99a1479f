import { z } from 'zod'

/** A calendar date from a form ("2026-11-24") or a Date, as a Date at UTC midnight. */
export const dateOnlySchema = z
  .union([
    z.date(),
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-11-24.'),
  ])
  .transform((v, ctx) => {
    const d =
      typeof v === 'string'
        ? new Date(`${v}T00:00:00.000Z`)
        : new Date(Date.UTC(v.getUTCFullYear(), v.getUTCMonth(), v.getUTCDate()))
    if (Number.isNaN(d.getTime()) || (typeof v === 'string' && d.toISOString().slice(0, 10) !== v)) {
      ctx.addIssue({ code: 'custom', message: 'This date does not exist.' })
      return z.NEVER
    }
    return d
  })

/** Today's date at UTC midnight: invoice dates are calendar dates, compared in UTC. */
export function todayUtc(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000)
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>()
/** "Nov 24, 2026" in the billing locale; calendar dates are read in UTC. */
export function formatDate(date: Date, locale = 'en-US'): string {
  let f = dateFormatters.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
    dateFormatters.set(locale, f)
  }
  return f.format(date)
}
