import { formatDate, formatMoney, getSettings, toDecimalString, type Ctx } from '@berth/core'

/**
 * Money and dates as the billing pages print them: in the `billing.locale` setting (the locale
 * invoices, PDFs and emails use), with the currency's own exponent. Loaders send only these
 * strings to the browser; amounts never cross as numbers (a float would round them).
 */
export interface BillingFormat {
  /** "$1,234.56" */
  money(amount: bigint, currency: { code: string; exponent: number }): string
  /** the same for a currency known only by its code (exponent from the Currency table) */
  moneyIn(amount: bigint, code: string): Promise<string>
  /** "Nov 24, 2026"; '' for no date */
  date(date: Date | null): string
  /** "1234.56": what an amount field is prefilled with (parseAmount reads it back) */
  decimal(amount: bigint, exponent: number): string
}

export async function billingFormat(ctx: Ctx): Promise<BillingFormat> {
  const locale = (await getSettings(ctx.db))['billing.locale']
  const money: BillingFormat['money'] = (amount, currency) =>
    formatMoney(amount, currency.code, currency.exponent, locale)
  let exponents: Promise<Map<string, number>> | undefined
  return {
    money,
    moneyIn: async (amount, code) => {
      exponents ??= ctx.db.currency
        .findMany({ select: { code: true, exponent: true } })
        .then((rows) => new Map(rows.map((r) => [r.code, r.exponent])))
      const exponent = (await exponents).get(code)
      return exponent === undefined ? `${amount} ${code}` : money(amount, { code, exponent })
    },
    date: (date) => (date ? formatDate(date, locale) : ''),
    decimal: (amount, exponent) => toDecimalString(amount, exponent),
  }
}
