import { GatewayError } from '../payment-gateway'

/**
 * PayPal takes and sends amounts as decimal strings ("12.34", "1500" for JPY). Conversions here are
 * bigint only, never through a float, so amounts past 2^53 minor units survive.
 *
 * PayPal's REST currencies, with their ISO 4217 exponent and the decimals PayPal accepts: HUF and
 * TWD are two-decimal in ISO 4217 but PayPal takes whole units only.
 */
export const PAYPAL_CURRENCIES: Readonly<Record<string, { exponent: number; paypalDecimals: number }>> = {
  AUD: { exponent: 2, paypalDecimals: 2 },
  BRL: { exponent: 2, paypalDecimals: 2 },
  CAD: { exponent: 2, paypalDecimals: 2 },
  CHF: { exponent: 2, paypalDecimals: 2 },
  CNY: { exponent: 2, paypalDecimals: 2 },
  CZK: { exponent: 2, paypalDecimals: 2 },
  DKK: { exponent: 2, paypalDecimals: 2 },
  EUR: { exponent: 2, paypalDecimals: 2 },
  GBP: { exponent: 2, paypalDecimals: 2 },
  HKD: { exponent: 2, paypalDecimals: 2 },
  HUF: { exponent: 2, paypalDecimals: 0 },
  ILS: { exponent: 2, paypalDecimals: 2 },
  JPY: { exponent: 0, paypalDecimals: 0 },
  MXN: { exponent: 2, paypalDecimals: 2 },
  MYR: { exponent: 2, paypalDecimals: 2 },
  NOK: { exponent: 2, paypalDecimals: 2 },
  NZD: { exponent: 2, paypalDecimals: 2 },
  PHP: { exponent: 2, paypalDecimals: 2 },
  PLN: { exponent: 2, paypalDecimals: 2 },
  SEK: { exponent: 2, paypalDecimals: 2 },
  SGD: { exponent: 2, paypalDecimals: 2 },
  THB: { exponent: 2, paypalDecimals: 2 },
  TWD: { exponent: 2, paypalDecimals: 0 },
  USD: { exponent: 2, paypalDecimals: 2 },
}

/** 1234n, 2 → "12.34"; 5n, 2 → "0.05"; 1500n, 0 → "1500". Negative amounts keep their sign. */
export function minorToDecimal(amount: bigint, exponent: number): string {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 18)
    throw new RangeError(`bad exponent ${exponent}`)
  const negative = amount < 0n
  const digits = (negative ? -amount : amount).toString().padStart(exponent + 1, '0')
  const whole = digits.slice(0, digits.length - exponent)
  const fraction = digits.slice(digits.length - exponent)
  return `${negative ? '-' : ''}${whole}${exponent ? `.${fraction}` : ''}`
}

/**
 * "12.34", 2 → 1234n; "12.3" → 1230n; "12" → 1200n; "0.050" → 5n. More significant decimals
 * than the exponent allows (e.g. "1.005" for USD) is an error, never rounded.
 */
export function decimalToMinor(value: string, exponent: number): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim())
  if (!match || (match[2] === '' && !match[3])) throw new RangeError(`"${value}" is not a decimal amount`)
  const [, sign, whole = '', rawFraction = ''] = match
  const fraction = rawFraction.replace(/0+$/, '')
  if (fraction.length > exponent) throw new RangeError(`"${value}" has more than ${exponent} decimals`)
  const units = BigInt(`${whole || '0'}${fraction.padEnd(exponent, '0')}`)
  return sign ? -units : units
}

function currencyInfo(currency: string) {
  const info = PAYPAL_CURRENCIES[currency]
  if (!info) throw new GatewayError(`PayPal does not take payments in ${currency}.`, 'unsupported_currency')
  return info
}

/** Our minor units → PayPal's Money value for a request. */
export function toPayPalValue(amount: bigint, currency: string, exponent: number): string {
  const info = currencyInfo(currency)
  if (exponent !== info.exponent) {
    throw new GatewayError(
      `${currency} has ${info.exponent} decimals in ISO 4217, not ${exponent}.`,
      'invalid_currency',
    )
  }
  if (amount <= 0n) throw new GatewayError('The amount must be greater than zero.', 'invalid_amount')
  const drop = 10n ** BigInt(info.exponent - info.paypalDecimals)
  if (amount % drop !== 0n) {
    throw new GatewayError(
      `PayPal takes whole ${currency} amounts only; ${minorToDecimal(amount, exponent)} ${currency} has a fraction.`,
      'invalid_amount',
    )
  }
  const value = minorToDecimal(amount / drop, info.paypalDecimals)
  const wholeDigits = value.split('.')[0]!.length
  if (wholeDigits > 15)
    throw new GatewayError(
      `${value} ${currency} is more than PayPal can take in one payment.`,
      'amount_too_large',
    )
  return value
}

/** PayPal's Money (value + currency_code) → our minor units and upper-case currency. */
export function fromPayPalMoney(
  money: { value?: string; currency_code?: string; currencyCode?: string } | undefined,
): { amount: bigint; currency: string } {
  const currency = money?.currency_code ?? money?.currencyCode
  if (!money?.value || !currency)
    throw new GatewayError('PayPal sent an amount without value or currency.', 'invalid_amount')
  const info = currencyInfo(currency)
  try {
    return { amount: decimalToMinor(money.value, info.exponent), currency }
  } catch (error) {
    throw new GatewayError(
      `PayPal sent an amount that cannot be read: ${money.value} ${currency}.`,
      'invalid_amount',
      { cause: error },
    )
  }
}
