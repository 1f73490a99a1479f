import { divideRounded } from '../../money'
import { daysBetween, toDateOnly } from './billing-cycles'

export interface ProrationInput {
  /** the recurring price per cycle now */
  currentAmount: bigint
  /** the recurring price per cycle after the change */
  newAmount: bigint
  /** first day of the current (paid) period */
  periodStart: Date
  /** the next due date: the day after the current period's last day */
  nextDueDate: Date
  /** the day the change takes effect */
  today: Date
}

export interface Proration {
  /** days in the current period */
  totalDays: number
  /** days left, today included: totalDays on day 1, 1 on the last day */
  remainingDays: number
  /** newAmount − currentAmount, per cycle */
  difference: bigint
  /** the prorated difference, signed: > 0 is due now, < 0 is owed to the client */
  amount: bigint
  kind: 'charge' | 'credit' | 'none'
}

/**
 * Upgrade or downgrade mid-cycle (docs/decisions/0017-pricing-and-proration.md): the price
 * difference for the days left in the current period, today included:
 *
 *   amount = (newAmount − currentAmount) × remainingDays ÷ totalDays, rounded half-up (away from zero)
 *
 * An upgrade (amount > 0) is invoiced now; a downgrade (amount < 0) becomes account credit. On the
 * period's first day the whole difference applies; on its last day one day's worth.
 */
export function prorateChange(input: ProrationInput): Proration {
  const start = toDateOnly(input.periodStart)
  const due = toDateOnly(input.nextDueDate)
  const today = toDateOnly(input.today)
  const totalDays = daysBetween(start, due)
  if (totalDays <= 0) throw new RangeError('the period must end after it starts')
  if (today < start || today >= due) throw new RangeError('the change must fall inside the current period')
  const remainingDays = daysBetween(today, due)
  const difference = input.newAmount - input.currentAmount
  const amount = divideRounded(difference * BigInt(remainingDays), BigInt(totalDays))
  return {
    totalDays,
    remainingDays,
    difference,
    amount,
    kind: amount > 0n ? 'charge' : amount < 0n ? 'credit' : 'none',
  }
}
