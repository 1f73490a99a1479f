import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { DomainError } from '../shared'
import {
  add,
  allocate,
  applyRate,
  divideRounded,
  format,
  MAX_AMOUNT,
  money,
  multiply,
  parseAmount,
  subtract,
  sum,
  toDecimalString,
} from './money'
import { getCurrency, getCurrencyExponent, getDefaultCurrency } from './currency'
import { minorUnitsSchema, positiveMinorUnitsSchema } from './schemas'

const BEYOND_2_53 = 2n ** 53n + 1n // 9007199254740993: a float would say ...992

describe('add, subtract, multiply', () => {
  it.each([
    [money(1999n, 'USD'), money(1n, 'USD'), 2000n, 1998n],
    [money(BEYOND_2_53, 'IDR'), money(2n, 'IDR'), 9007199254740995n, 9007199254740991n],
    [money(0n, 'JPY'), money(-500n, 'JPY'), -500n, 500n],
  ])('%o ± %o', (a, b, added, subtracted) => {
    expect(add(a, b).amount).toBe(added)
    expect(subtract(a, b).amount).toBe(subtracted)
  })

  it('refuses to mix currencies', () => {
    const error = (() => {
      try {
        add(money(1n, 'USD'), money(1n, 'EUR'))
      } catch (e) {
        return e
      }
    })() as DomainError
    expect(error).toBeInstanceOf(DomainError)
    expect(error.code).toBe('CURRENCY_MISMATCH')
    expect(() => subtract(money(1n, 'USD'), money(1n, 'usd'))).not.toThrow()
    expect(() => sum([money(1n, 'GBP'), money(1n, 'USD')], 'GBP')).toThrow(DomainError)
  })

  it.each([
    [1999n, 3, 5997n],
    [BEYOND_2_53, 1000, 9007199254740993000n],
    [-250n, 4, -1000n],
    [0n, 99, 0n],
  ])('%s × %s = %s', (amount, qty, expected) => {
    expect(multiply(money(amount, 'USD'), qty).amount).toBe(expected)
  })

  it('refuses fractional quantities', () => {
    expect(() => multiply(money(100n, 'USD'), 1.5)).toThrow(DomainError)
  })

  it('sums a list exactly', () => {
    expect(sum([money(BEYOND_2_53, 'IDR'), money(BEYOND_2_53, 'IDR')], 'IDR').amount).toBe(18014398509481986n)
    expect(sum([], 'EUR')).toEqual({ amount: 0n, currency: 'EUR' })
  })
})

describe('rounding: half-up, away from zero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 3n, 2n],
    [-7n, 3n, -2n],
    [8n, 3n, 3n],
    [1n, 2n, 1n],
    [1n, 3n, 0n],
    [0n, 7n, 0n],
    [10n ** 30n + 5n, 10n, 10n ** 29n + 1n],
  ])('%s / %s → %s', (n, d, expected) => {
    expect(divideRounded(n, d)).toBe(expected)
  })

  it.each([
    // amount, rate (millionths), tax
    [1000n, 200000, 200n], // 20% of 10.00
    [1999n, 200000, 400n], // 399.8 → 400
    [1n, 500000, 1n], // 0.5 → 1
    [1n, 499999, 0n], // 0.499999 → 0
    [12345n, 88750, 1096n], // 8.875% of 123.45 = 10.956... → 1096
    [10025n, 190000, 1905n], // 1904.75 → 1905
    [-10025n, 190000, -1905n], // away from zero
    [BEYOND_2_53, 100000, 900719925474099n], // 10% of 2^53+1 = ...099.3
    [999n, 0, 0n],
    [12300n, 1000000, 12300n], // 100%
  ])('%s × %s/1e6 → %s', (amount, rate, expected) => {
    expect(applyRate(amount, rate)).toBe(expected)
  })

  it('refuses negative rates and non-positive divisors', () => {
    expect(() => applyRate(100n, -1)).toThrow(RangeError)
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError)
  })
})

describe('allocate (largest remainder)', () => {
  it.each([
    [100n, [1, 1, 1], [34n, 33n, 33n]],
    [101n, [1, 1, 1], [34n, 34n, 33n]],
    [5n, [3, 7], [2n, 3n]], // 1.5 / 3.5: tie on remainders → the earlier share
    [1000n, [1, 2, 3, 4], [100n, 200n, 300n, 400n]],
    [1n, [1, 1], [1n, 0n]],
    [-100n, [1, 1, 1], [-34n, -33n, -33n]],
    [0n, [5, 5], [0n, 0n]],
    [10n, [0, 1], [0n, 10n]],
    [BEYOND_2_53, [1, 1], [4503599627370497n, 4503599627370496n]],
  ])('%s by %o → %o', (amount, weights, expected) => {
    const shares = allocate(amount, weights)
    expect(shares).toEqual(expected)
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(amount)
  })

  it('refuses empty, negative and zero weights', () => {
    expect(() => allocate(10n, [])).toThrow(RangeError)
    expect(() => allocate(10n, [1, -1])).toThrow(RangeError)
    expect(() => allocate(10n, [0, 0])).toThrow(RangeError)
  })
})

describe('toDecimalString and format', () => {
  it.each([
    [123456n, 2, '1234.56'],
    [5n, 2, '0.05'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [1234n, 0, '1234'],
    [1n, 3, '0.001'],
    [123456789012345678901n, 2, '1234567890123456789.01'],
  ])('toDecimalString(%s, %s) = %s', (amount, exponent, expected) => {
    expect(toDecimalString(amount, exponent)).toBe(expected)
  })

  it.each([
    [123456n, 'USD', 2, 'en-US', '$1,234.56'],
    [-5n, 'USD', 2, 'en-US', '-$0.05'],
    [1235n, 'JPY', 0, 'en-US', '¥1,235'],
    [123456n, 'EUR', 2, 'de-DE', '1.234,56 €'],
    [123456n, 'GBP', 2, 'en-GB', '£1,234.56'],
    [1234n, 'BHD', 3, 'en-US', 'BHD 1.234'],
    // beyond 2^53: every digit survives
    [900719925474099312n, 'IDR', 2, 'en-US', 'IDR 9,007,199,254,740,993.12'],
    [123456789012345678901n, 'IDR', 2, 'en-US', 'IDR 1,234,567,890,123,456,789.01'],
  ])('format(%s, %s, %s, %s) = %s', (amount, currency, exponent, locale, expected) => {
    expect(format(amount, currency, exponent, locale).replace(/\s/g, ' ')).toBe(expected)
  })
})

describe('parseAmount', () => {
  it.each([
    ['12.34', 2, 1234n],
    ['12', 2, 1200n],
    ['12.5', 2, 1250n],
    [' 0.01 ', 2, 1n],
    ['1,234.50', 2, 123450n],
    ['1500', 0, 1500n],
    ['1.234', 3, 1234n],
    ['90071992547409.93', 2, 9007199254740993n],
    ['1000000000000000000', 0, 10n ** 18n],
  ])('parseAmount(%j, %s) = %s', (input, exponent, expected) => {
    expect(parseAmount(input, exponent)).toBe(expected)
  })

  it.each([
    ['12.345', 2, 'Use at most 2 decimals.'],
    ['1.5', 0, 'This currency has no decimals.'],
    ['', 2, 'Enter an amount.'],
    ['abc', 2, 'Enter an amount such as 12.34.'],
    ['12,34', 2, 'Enter an amount such as 12.34.'],
    ['1e3', 2, 'Enter an amount such as 12.34.'],
    ['0x10', 2, 'Enter an amount such as 12.34.'],
    ['12.', 2, 'Enter an amount such as 12.34.'],
    ['.5', 2, 'Enter an amount such as 12.34.'],
    ['-5', 2, 'The amount cannot be negative.'],
    ['1 000', 2, 'Enter an amount such as 12.34.'],
    ['Infinity', 2, 'Enter an amount such as 12.34.'],
    ['10000000000000000.01', 2, 'The amount is too large.'],
  ])('refuses %j (exponent %s): %s', (input, exponent, message) => {
    let error: unknown
    try {
      parseAmount(input, exponent, { field: 'price' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).code).toBe('VALIDATION_FAILED')
    expect((error as DomainError).field).toBe('price')
    expect((error as DomainError).message).toBe(message)
  })

  it('accepts a negative amount only when asked', () => {
    expect(parseAmount('-5.10', 2, { allowNegative: true })).toBe(-510n)
  })
})

describe('minor-unit schemas', () => {
  it.each([
    [1234, 1234n],
    ['1234', 1234n],
    [1234n, 1234n],
    ['-50', -50n],
    ['9007199254740993', 9007199254740993n],
  ])('%o → %s', (input, expected) => {
    expect(minorUnitsSchema.parse(input)).toBe(expected)
  })

  it.each([[12.5], ['12.50'], ['1e3'], [''], [Number.MAX_SAFE_INTEGER + 2], ['9999999999999999999'], [null]])(
    'refuses %o',
    (input) => {
      expect(minorUnitsSchema.safeParse(input).success).toBe(false)
    },
  )

  it('positive amounts refuse zero and negatives', () => {
    expect(positiveMinorUnitsSchema.safeParse(0).success).toBe(false)
    expect(positiveMinorUnitsSchema.safeParse('-1').success).toBe(false)
    expect(positiveMinorUnitsSchema.parse('1')).toBe(1n)
  })

  it('MAX_AMOUNT fits PostgreSQL bigint', () => {
    expect(MAX_AMOUNT < 2n ** 63n).toBe(true)
  })
})

describe('currency lookup', () => {
  it('reads exponents from the Currency table', async () => {
    const db = getDb()
    expect(await getCurrencyExponent(db, 'usd')).toBe(2)
    await db.currency.create({ data: { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0 } })
    expect(await getCurrencyExponent(db, 'JPY')).toBe(0)
    expect((await getDefaultCurrency(db)).code).toBe('USD')
    await expect(getCurrency(db, 'XXX')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'currency',
    })
  })
})
