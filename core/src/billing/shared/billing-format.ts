import type { Db, DbClient } from '@berth/prisma'
import { format } from '../../money'
import { getSettings } from '../../settings'
import { formatDate } from './dates'

export interface BillingFormatter {
  locale: string
  money(amount: bigint, currency: string): string
  date(date: Date): string
}

/** Formats amounts and dates for emails and PDFs, in the `billing.locale` setting, with exponents from the Currency table. */
export async function billingFormatter(db: Db | DbClient): Promise<BillingFormatter> {
  // One query after the other: `db` may be a transaction's single connection.
  const settings = await getSettings(db)
  const currencies = await db.currency.findMany({ select: { code: true, exponent: true } })
  const exponents = new Map(currencies.map((c) => [c.code, c.exponent]))
  const locale = settings['billing.locale']
  return {
    locale,
    money: (amount, currency) => {
      const exponent = exponents.get(currency)
      if (exponent === undefined) throw new Error(`unknown currency ${currency}`)
      return format(amount, currency, exponent, locale)
    },
    date: (d) => formatDate(d, locale),
  }
}
