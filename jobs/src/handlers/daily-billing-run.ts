import {
  getSettings,
  parseDateOnly,
  runDailyBilling,
  todayInTimeZone,
  type BillingRunReport,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import { dailyBillingRunJob } from '../definitions'

/** The daily billing run as of the payload's date, or today in `automation.timeZone`. */
export async function handleDailyBillingRun(
  data: unknown,
  now: Date = new Date(),
): Promise<BillingRunReport> {
  const payload = dailyBillingRunJob.payload.parse(data ?? {})
  const db = getDb()
  const asOf = payload.asOf
    ? parseDateOnly(payload.asOf)
    : todayInTimeZone((await getSettings(db))['automation.timeZone'], now)
  return runDailyBilling({ db, asOf, triggeredBy: payload.requestedBy ?? 'cron' })
}
