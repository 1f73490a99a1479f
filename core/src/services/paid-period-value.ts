import type { Db, DbClient } from '@berth/prisma'
import { addDays, daysBetween, toDateOnly } from '../catalog'
import { divideRounded } from '../money'

export interface PaidPeriodInput {
  serviceId: string
  /** first day of the service's current period */
  periodStart: Date
  /** the day after the current period's last day */
  nextDueDate: Date
  /** the first day the value is counted for (today) */
  from: Date
}

/**
 * What the client actually paid for the days of the current period from `from` on
 * (docs/decisions/0023-package-changes-apply-on-payment.md): the paid share of every invoice item
 * that covers the period up to its last day (the SERVICE item and its PROMOTION discount, and
 * PRORATION items of upgrades that were applied), each pro-rated to the days left of its own span,
 * less the downgrade credit already given for those days. A partially paid invoice counts for its
 * paid share (amountPaid ÷ total, so payments and applied credit alike, refunds deducted); an
 * unpaid, draft or cancelled one for nothing. Never below zero.
 */
export async function paidValueOfRestOfPeriod(db: Db | DbClient, input: PaidPeriodInput): Promise<bigint> {
  const due = toDateOnly(input.nextDueDate)
  const lastDay = addDays(due, -1)
  const from = toDateOnly(input.from)
  if (from >= due) return 0n
  const items = await db.invoiceItem.findMany({
    where: {
      serviceId: input.serviceId,
      type: { in: ['SERVICE', 'PROMOTION', 'PRORATION'] },
      periodEnd: lastDay,
      invoice: { status: { in: ['UNPAID', 'PAID', 'COLLECTIONS', 'REFUNDED'] } },
    },
    select: {
      type: true,
      amount: true,
      periodStart: true,
      invoice: {
        select: { total: true, amountPaid: true, status: true, packageChange: { select: { status: true } } },
      },
    },
  })
  let value = 0n
  for (const item of items) {
    const change = item.invoice.packageChange
    // an upgrade's charge counts once it is applied (a change paid too late became account credit)
    if (item.type === 'PRORATION' && change && change.status !== 'APPLIED') continue
    const start = toDateOnly(item.periodStart ?? input.periodStart)
    const span = daysBetween(start, due)
    if (span <= 0) continue
    const remaining = BigInt(Math.min(span, daysBetween(from < start ? start : from, due)))
    const { total, amountPaid, status } = item.invoice
    if (total > 0n) {
      const paid = amountPaid > total ? total : amountPaid < 0n ? 0n : amountPaid
      value += divideRounded(item.amount * paid * remaining, total * BigInt(span))
    } else if (status === 'PAID') {
      value += divideRounded(item.amount * remaining, BigInt(span))
    }
  }
  const credits = await db.packageChange.findMany({
    where: { serviceId: input.serviceId, status: 'APPLIED', nextDueDate: due, credit: { gt: 0n } },
    select: { credit: true, resolvedAt: true, createdAt: true },
  })
  for (const c of credits) {
    const given = toDateOnly(c.resolvedAt ?? c.createdAt)
    const span = daysBetween(given, due)
    if (span <= 0) continue
    const remaining = BigInt(Math.min(span, daysBetween(from < given ? given : from, due)))
    value -= divideRounded(c.credit * remaining, BigInt(span))
  }
  return value > 0n ? value : 0n
}
