import { formatMoney } from '@berth/core'

/**
 * The console's one money formatter: "$1,234.56" from minor units (bigint, or the digit string
 * money crosses JSON as) and a currency's code and exponent; '' when there is no amount.
 */
export function money(
  amount: bigint | string | number | null | undefined,
  currency: { code: string; exponent: number },
): string {
  if (amount === null || amount === undefined || amount === '') return ''
  return formatMoney(BigInt(amount), currency.code, currency.exponent)
}
