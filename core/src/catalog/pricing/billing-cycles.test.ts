import { describe, expect, it } from 'vitest'
import {
  addCycle,
  addCycles,
  addMonths,
  billingPeriod,
  daysBetween,
  formatDateOnly,
  parseDateOnly,
  subtractCycle,
} from './billing-cycles'

const d = parseDateOnly
const f = formatDateOnly

describe('month-end rule: keep the anchor day, clamp to the month end', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'], // leap year
    ['2025-01-30', 1, '2025-02-28'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-01-15', 1, '2025-02-15'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2025-05-31', -1, '2025-04-30'],
    ['2025-03-31', -1, '2025-02-28'],
  ])('%s + %s months = %s', (from, months, expected) => {
    expect(f(addMonths(d(from), months))).toBe(expected)
  })

  it('computes from the anchor day, so February does not drag later months earlier', () => {
    const feb = addMonths(d('2025-01-31'), 1)
    expect(f(feb)).toBe('2025-02-28')
    expect(f(addMonths(feb, 1, 31))).toBe('2025-03-31')
    expect(f(addMonths(feb, 2, 31))).toBe('2025-04-30')
    expect(f(addCycles(d('2025-01-31'), 'MONTHLY', 2)!)).toBe('2025-03-31')
  })
})

describe('cycles', () => {
  it.each([
    ['MONTHLY', '2025-01-31', '2025-02-28'],
    ['QUARTERLY', '2025-01-31', '2025-04-30'],
    ['SEMI_ANNUAL', '2025-08-31', '2026-02-28'],
    ['ANNUAL', '2024-02-29', '2025-02-28'],
    ['BIENNIAL', '2025-06-10', '2027-06-10'],
    ['TRIENNIAL', '2025-06-10', '2028-06-10'],
  ] as const)('%s from %s → next due %s', (cycle, from, expected) => {
    expect(f(addCycle(d(from), cycle)!)).toBe(expected)
  })

  it('one-time has no next due date', () => {
    expect(addCycle(d('2025-01-01'), 'ONE_TIME')).toBeNull()
    expect(billingPeriod(d('2025-01-01'), 'ONE_TIME')).toBeNull()
  })

  it('a period ends the day before the next one starts', () => {
    const p = billingPeriod(d('2025-01-31'), 'MONTHLY')!
    expect([f(p.start), f(p.end), f(p.nextStart)]).toEqual(['2025-01-31', '2025-02-27', '2025-02-28'])
    expect(daysBetween(p.start, p.nextStart)).toBe(28)
    expect(f(subtractCycle(d('2025-02-28'), 'MONTHLY', 31)!)).toBe('2025-01-31')
  })

  it('refuses impossible dates', () => {
    expect(() => d('2025-02-30')).toThrow(RangeError)
    expect(() => d('2025-2-3')).toThrow(RangeError)
  })
})
