import { describe, expect, it } from 'vitest'
import { parseDateOnly as d } from './billing-cycles'
import { prorateChange } from './prorate-change'

describe('prorateChange: the difference for the days left, today included, half-up', () => {
  it.each([
    // label, current, new, period start, next due, today → total, remaining, amount, kind
    [
      'upgrade on day 1: the whole difference',
      1000n,
      2500n,
      '2025-03-01',
      '2025-04-01',
      '2025-03-01',
      31,
      31,
      1500n,
      'charge',
    ],
    [
      'upgrade on the last day: one day',
      1000n,
      2500n,
      '2025-03-01',
      '2025-04-01',
      '2025-03-31',
      31,
      1,
      48n,
      'charge',
    ], // 1500/31 = 48.39
    ['upgrade mid-cycle', 1000n, 2500n, '2025-03-01', '2025-04-01', '2025-03-16', 31, 16, 774n, 'charge'], // 1500×16/31 = 774.19
    [
      'downgrade on day 1: the whole difference as credit',
      2500n,
      1000n,
      '2025-03-01',
      '2025-04-01',
      '2025-03-01',
      31,
      31,
      -1500n,
      'credit',
    ],
    [
      'downgrade on the last day',
      2500n,
      1000n,
      '2025-03-01',
      '2025-04-01',
      '2025-03-31',
      31,
      1,
      -48n,
      'credit',
    ],
    ['downgrade mid-cycle', 2500n, 1000n, '2025-02-01', '2025-03-01', '2025-02-15', 28, 14, -750n, 'credit'],
    [
      'half a unit rounds up (away from zero)',
      1000n,
      1001n,
      '2025-02-01',
      '2025-03-01',
      '2025-02-15',
      28,
      14,
      1n,
      'charge',
    ], // 0.5 → 1
    [
      'half a unit of credit rounds away from zero too',
      1001n,
      1000n,
      '2025-02-01',
      '2025-03-01',
      '2025-02-15',
      28,
      14,
      -1n,
      'credit',
    ],
    ['same price: nothing', 1000n, 1000n, '2025-02-01', '2025-03-01', '2025-02-10', 28, 19, 0n, 'none'],
    [
      'annual period across a leap day',
      12000n,
      24000n,
      '2024-01-31',
      '2025-01-31',
      '2024-07-31',
      366,
      184,
      6033n,
      'charge',
    ], // 12000×184/366 = 6032.79
    [
      'month-end period (Jan 31 → Feb 28)',
      3100n,
      6200n,
      '2025-01-31',
      '2025-02-28',
      '2025-02-27',
      28,
      1,
      111n,
      'charge',
    ], // 3100/28 = 110.7
  ] as const)('%s', (_label, current, next, start, due, today, total, remaining, amount, kind) => {
    const p = prorateChange({
      currentAmount: current,
      newAmount: next,
      periodStart: d(start),
      nextDueDate: d(due),
      today: d(today),
    })
    expect([p.totalDays, p.remainingDays, p.amount, p.kind]).toEqual([total, remaining, amount, kind])
  })

  it('refuses a day outside the period', () => {
    const base = {
      currentAmount: 1n,
      newAmount: 2n,
      periodStart: d('2025-03-01'),
      nextDueDate: d('2025-04-01'),
    }
    expect(() => prorateChange({ ...base, today: d('2025-04-01') })).toThrow(RangeError)
    expect(() => prorateChange({ ...base, today: d('2025-02-28') })).toThrow(RangeError)
  })
})
