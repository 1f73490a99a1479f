import { describe, expect, it } from 'vitest'
import { GatewayError } from '../payment-gateway'
import { decimalToMinor, fromPayPalMoney, minorToDecimal, toPayPalValue } from './amount'

describe('bigint ↔ decimal strings', () => {
  it.each([
    // [minor units, exponent, decimal string]
    [1234n, 2, '12.34'],
    [5n, 2, '0.05'],
    [100n, 2, '1.00'],
    [0n, 2, '0.00'],
    [1500n, 0, '1500'],
    [12_345n, 3, '12.345'], // KWD, BHD: three decimals
    [-250n, 2, '-2.50'],
    [2n ** 53n + 1n, 2, '90071992547409.93'], // past Number.MAX_SAFE_INTEGER, exact
    [9_223_372_036_854_775_807n, 2, '92233720368547758.07'],
    [10n ** 30n + 7n, 0, '1000000000000000000000000000007'],
  ])('%s with exponent %s ↔ "%s"', (minor, exponent, text) => {
    expect(minorToDecimal(minor, exponent)).toBe(text)
    expect(decimalToMinor(text, exponent)).toBe(minor)
  })

  it.each([
    ['12.3', 2, 1230n],
    ['12', 2, 1200n],
    ['.5', 2, 50n],
    ['0.050', 2, 5n], // trailing zeros past the exponent are harmless
    ['1500.00', 0, 1500n],
  ])('reads "%s" with exponent %s as %s', (text, exponent, minor) => {
    expect(decimalToMinor(text, exponent)).toBe(minor)
  })

  it.each([
    ['1.005', 2],
    ['0.5', 0],
    ['12,34', 2],
    ['', 2],
    ['1e3', 2],
    ['.', 2],
    ['--1', 2],
    ['1.2.3', 2],
  ])('refuses "%s" (exponent %s), never rounds', (text, exponent) => {
    expect(() => decimalToMinor(text, exponent)).toThrow(RangeError)
  })
})

describe('PayPal values', () => {
  it.each([
    [1999n, 'USD', 2, '19.99'],
    [5000n, 'JPY', 0, '5000'],
    [150_000n, 'HUF', 2, '1500'], // ISO two decimals, PayPal whole forints
    [300n, 'TWD', 2, '3'],
    [2n ** 53n + 1n, 'EUR', 2, '90071992547409.93'],
  ])('%s %s (exponent %s) → "%s"', (minor, currency, exponent, value) => {
    expect(toPayPalValue(minor, currency, exponent)).toBe(value)
    expect(fromPayPalMoney({ value, currency_code: currency })).toEqual({ amount: minor, currency })
  })

  it('reads the SDK’s camelCase Money too', () => {
    expect(fromPayPalMoney({ value: '3.98', currencyCode: 'USD' })).toEqual({ amount: 398n, currency: 'USD' })
  })

  it.each([
    [150_050n, 'HUF', 2, 'invalid_amount'],
    [1n, 'IDR', 2, 'unsupported_currency'],
    [1n, 'JPY', 2, 'invalid_currency'],
    [-1n, 'USD', 2, 'invalid_amount'],
    [10n ** 17n, 'USD', 2, 'amount_too_large'],
  ])('refuses %s %s (exponent %s): %s', (minor, currency, exponent, code) => {
    try {
      toPayPalValue(minor, currency, exponent)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError)
      expect((error as GatewayError).gatewayCode).toBe(code)
    }
  })

  it('refuses amounts from PayPal it cannot read exactly', () => {
    expect(() => fromPayPalMoney({ value: '1.001', currency_code: 'USD' })).toThrow(GatewayError)
    expect(() => fromPayPalMoney({ value: '10', currency_code: 'XYZ' })).toThrow(GatewayError)
    expect(() => fromPayPalMoney(undefined)).toThrow(GatewayError)
  })
})
