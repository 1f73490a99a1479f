import { parseDateOnly } from '../catalog'

/** The calendar date it is at `now` in an IANA time zone, as a date at 00:00 UTC. */
export function todayInTimeZone(timeZone: string, now: Date = new Date()): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now)
  const part = (type: string) => parts.find((p) => p.type === type)!.value
  return parseDateOnly(`${part('year')}-${part('month')}-${part('day')}`)
}

/** The pg-boss cron line of the daily run: minute 0 of `automation.runHour` (pg-boss applies the time zone). */
export function dailyRunCron(runHour: number): string {
  return `0 ${runHour} * * *`
}
