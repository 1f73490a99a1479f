import { DomainError } from '../shared'

/**
 * Money in Berth: an integer number of minor units (bigint) beside an ISO 4217 code. The number of
 * minor-unit digits (the exponent: JPY 0, USD 2, BHD 3) comes from the Currency table.
 * Never `number` arithmetic on amounts, never floats (docs/decisions/0012-money-and-tax.md).
 *
 * Rounding rule, the only one: half-up, away from zero (0.5 → 1, -0.5 → -1), applied once, at the
 * point where a division or a rate produces a fraction of a minor unit.
 */
export interface Money {
  amount: bigint
  currency: string
}

/** One million: rates and percentages are integers in millionths (20% = 200000, 8.875% = 88750). */
export const MILLION = 1_000_000n

/** The largest amount Berth stores: PostgreSQL's bigint holds 9.2e18; we stay an order below. */
export const MAX_AMOUNT = 10n ** 18n

export function money(amount: bigint, currency: string): Money {
  return { amount, currency: currency.toUpperCase() }
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `Cannot combine amounts in ${a.currency} and ${b.currency}.`)
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b)
  return { amount: a.amount + b.amount, currency: a.currency }
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b)
  return { amount: a.amount - b.amount, currency: a.currency }
}

/** Sum of amounts in one currency; `currency` names it for an empty list. */
export function sum(items: readonly Money[], currency: string): Money {
  let total = money(0n, currency)
  for (const m of items) total = add(total, m)
  return total
}

/** Price × quantity. Quantities are integers: fractional quantities do not exist on our invoices. */
export function multiply(a: Money, quantity: number | bigint): Money {
  if (typeof quantity === 'number' && !Number.isSafeInteger(quantity)) {
    throw new DomainError('VALIDATION_FAILED', 'A quantity must be a whole number.', { field: 'quantity' })
  }
  return { amount: a.amount * BigInt(quantity), currency: a.currency }
}

/**
 * n / d rounded half-up, away from zero. d must be positive. Exact on bigints of any size.
 * Examples: 5/2 → 3, -5/2 → -3, 7/3 → 2, -7/3 → -2.
 */
export function divideRounded(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divideRounded: the divisor must be positive')
  const negative = n < 0n
  const abs = negative ? -n : n
  const q = (abs * 2n + d) / (2n * d) // floor((2|n| + d) / 2d) = round half-up of |n|/d
  return negative ? -q : q
}

/** amount × rate (millionths), rounded half-up away from zero: the tax on a base. */
export function applyRate(amount: bigint, rateMillionths: number | bigint): bigint {
  const rate = BigInt(rateMillionths)
  if (rate < 0n) throw new RangeError('applyRate: a rate cannot be negative')
  return divideRounded(amount * rate, MILLION)
}

/** Money × rate (millionths), same rounding as applyRate. */
export function percentOf(a: Money, rateMillionths: number | bigint): Money {
  return { amount: applyRate(a.amount, rateMillionths), currency: a.currency }
}

/**
 * Splits an amount by integer weights with the largest-remainder method: every share is the floor
 * of its exact part, and the minor units left over go one each to the largest remainders (ties to
 * the earlier share). The shares always add up to the amount exactly. A negative amount is split
 * as its absolute value and negated.
 */
export function allocate(amount: bigint, weights: readonly (number | bigint)[]): bigint[] {
  if (weights.length === 0) throw new RangeError('allocate: no weights')
  const w = weights.map((x) => BigInt(x))
  if (w.some((x) => x < 0n)) throw new RangeError('allocate: weights cannot be negative')
  const total = w.reduce((a, b) => a + b, 0n)
  if (total === 0n) throw new RangeError('allocate: the weights add up to zero')
  const negative = amount < 0n
  const abs = negative ? -amount : amount
  const shares = w.map((x) => (abs * x) / total)
  const remainders = w.map((x, i) => ({ i, r: (abs * x) % total }))
  let left = abs - shares.reduce((a, b) => a + b, 0n)
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0n) break
    shares[i]! += 1n
    left -= 1n
  }
  return negative ? shares.map((s) => -s) : shares
}

/** Minor units → a plain decimal string in the currency's exponent: (123456n, 2) → "1234.56", (-5n, 2) → "-0.05". */
export function toDecimalString(amount: bigint, exponent: number): string {
  if (exponent === 0) return amount.toString()
  const negative = amount < 0n
  const digits = (negative ? -amount : amount).toString().padStart(exponent + 1, '0')
  const whole = digits.slice(0, -exponent)
  const fraction = digits.slice(-exponent)
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/**
 * A rate in millionths as percent text without trailing zeros: 200000 → "20", 88750 → "8.875".
 * The one percent formatter (tax rules, late fees, invoice pages, the PDF): a rate is an integer
 * number of millionths, so it is printed as a decimal with 4 places, never through a float.
 */
export function formatPercent(millionths: number | bigint): string {
  return toDecimalString(BigInt(millionths), 4).replace(/\.?0+$/, '')
}

/** The same with its sign, for labels: 200000 → "20%", 88750 → "8.875%". */
export function formatRate(millionths: number | bigint): string {
  return `${formatPercent(millionths)}%`
}

const formatters = new Map<string, Intl.NumberFormat>()

/**
 * For display: "$1,234.56", "¥1,235", "1.234,56 €". Intl.NumberFormat formats the exact decimal
 * string (never a float), so amounts beyond 2^53 (IDR, large totals) keep every digit.
 */
export function format(amount: bigint, currency: string, exponent: number, locale = 'en-US'): string {
  const key = `${locale}|${currency}|${exponent}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    })
    formatters.set(key, f)
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3); TypeScript's lib types lag behind.
  return f.format(toDecimalString(amount, exponent) as unknown as number)
}

export interface ParseAmountOptions {
  /** accept a leading minus sign (off by default: form amounts are positive) */
  allowNegative?: boolean
  /** the form field named in the error */
  field?: string
}

/**
 * Form input → minor units, by string parsing (no float ever holds the amount):
 * ("12.34", 2) → 1234n, ("12", 2) → 1200n, ("12.5", 2) → 1250n, ("1,234.50", 2) → 123450n.
 * Refused: more decimals than the exponent ("12.345" for USD, "1.5" for JPY), anything else than
 * digits with an optional point and comma thousands separators, and amounts beyond MAX_AMOUNT.
 */
export function parseAmount(input: string, exponent: number, options: ParseAmountOptions = {}): bigint {
  const field = options.field ?? 'amount'
  const fail = (message: string): never => {
    throw new DomainError('VALIDATION_FAILED', message, { field })
  }
  if (typeof input !== 'string') fail('Enter an amount.')
  let text = input.trim()
  if (text === '') fail('Enter an amount.')
  let negative = false
  if (text.startsWith('-')) {
    if (!options.allowNegative) fail('The amount cannot be negative.')
    negative = true
    text = text.slice(1)
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) fail('Enter an amount such as 12.34.')
  text = text.replaceAll(',', '')
  const [whole = '0', fraction = ''] = text.split('.')
  if (fraction.length > exponent) {
    fail(exponent === 0 ? 'This currency has no decimals.' : `Use at most ${exponent} decimals.`)
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'))
  if (minor > MAX_AMOUNT) fail('The amount is too large.')
  return negative ? -minor : minor
}
