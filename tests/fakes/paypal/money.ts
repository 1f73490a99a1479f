import { unprocessable } from './errors'
import type { Money } from './types'

/** PayPal's currencies and the decimals it accepts in `value`. */
const DECIMALS: Record<string, number> = {
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 0,
  ILS: 2,
  JPY: 0,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  PHP: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TWD: 0,
  USD: 2,
}

/** A Money value in PayPal units (cents for USD, yen for JPY), as bigint. */
export function units(money: Money, field: string): bigint {
  const decimals = DECIMALS[money.currency_code]
  if (decimals === undefined)
    throw unprocessable(
      'CURRENCY_NOT_SUPPORTED',
      'Currency code is not currently supported. Please refer https://developer.paypal.com/api/rest/reference/currency-codes/ for list of supported currency codes.',
      `${field}/currency_code`,
    )
  const [whole = '', fraction = ''] = money.value.replace(/^-/, '').split('.')
  if (fraction.length > decimals) {
    throw unprocessable(
      decimals === 0 ? 'DECIMALS_NOT_SUPPORTED' : 'DECIMAL_PRECISION',
      decimals === 0
        ? 'Currency does not support decimals.'
        : 'If the currency supports decimals, only two decimal place precision is supported.',
      `${field}/value`,
    )
  }
  const value =
    BigInt(`${whole || '0'}${fraction.padEnd(decimals, '0')}`) * (money.value.startsWith('-') ? -1n : 1n)
  if (value <= 0n)
    throw unprocessable(
      'CANNOT_BE_ZERO_OR_NEGATIVE',
      'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.',
      `${field}/value`,
    )
  return value
}

export function money(currency: string, value: bigint): Money {
  const decimals = DECIMALS[currency] ?? 2
  const digits = value.toString().padStart(decimals + 1, '0')
  return {
    currency_code: currency,
    value: decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits,
  }
}

/** PayPal's standard rate: 3.49% + a fixed fee (0.49 in two-decimal currencies, 40 in whole-unit ones). */
export const feeOf = (amount: bigint, currency: string) =>
  (amount * 349n + 5000n) / 10000n + ((DECIMALS[currency] ?? 2) === 0 ? 40n : 49n)
