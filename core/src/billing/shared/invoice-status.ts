import { Prisma, type InvoiceStatus } from '@berth/prisma'
import { DomainError } from '../../shared'
import { todayUtc } from './dates'

export { todayUtc }

/**
 * The invoice state machine. Every status change goes through `assertTransition`.
 *
 *   DRAFT ──publish──▶ UNPAID ──paid in full──▶ PAID ──all money refunded──▶ REFUNDED
 *     │                  │  ▲                     │
 *     └─ total 0 ─▶ PAID │  └── lost dispute ─────┘ (the balance reopens)
 *                        ├──cancel (nothing paid)──▶ CANCELLED
 *                        └──collections──▶ COLLECTIONS ──▶ PAID | CANCELLED | UNPAID
 *
 * "Partially paid" and "overdue" are not statuses: they are read from the balance and due date
 * of an UNPAID invoice (see displayStatus).
 */
export const INVOICE_TRANSITIONS: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> = {
  DRAFT: ['UNPAID', 'PAID'],
  UNPAID: ['PAID', 'CANCELLED', 'COLLECTIONS'],
  PAID: ['UNPAID', 'REFUNDED'],
  REFUNDED: [],
  CANCELLED: [],
  COLLECTIONS: ['PAID', 'CANCELLED', 'UNPAID'],
}

export function canTransition(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return from === to || INVOICE_TRANSITIONS[from].includes(to)
}

export function assertTransition(from: InvoiceStatus, to: InvoiceStatus, message?: string): void {
  if (!canTransition(from, to)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      message ?? `An invoice cannot go from ${from.toLowerCase()} to ${to.toLowerCase()}.`,
    )
  }
}

/** Statuses that accept payments against the balance. */
export const PAYABLE_STATUSES: readonly InvoiceStatus[] = ['UNPAID', 'COLLECTIONS']

/** The status accepts payments (UNPAID or in collections); the one test every app and query uses. */
export function isPayableStatus(status: InvoiceStatus | string): boolean {
  return (PAYABLE_STATUSES as readonly string[]).includes(status)
}

/** Something is still to pay: a payable status and a balance above zero. */
export function hasBalanceDue(inv: { status: InvoiceStatus | string; balance: bigint }): boolean {
  return isPayableStatus(inv.status) && inv.balance > 0n
}

/** A Prisma `where.status` filter for the payable statuses (a fresh array: Prisma wants it mutable). */
export function payableStatusFilter(): { in: InvoiceStatus[] } {
  return { in: [...PAYABLE_STATUSES] }
}

/**
 * The SQL condition "`column` is a payable status", for raw queries (reports): built from
 * PAYABLE_STATUSES so SQL never retypes the list. The column is the caller's own constant
 * (`"status"`, `i."status"`), never input.
 */
export function payableStatusSql(column = '"status"'): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(column)} = ANY(${[...PAYABLE_STATUSES]}::"InvoiceStatus"[])`
}

export type InvoiceDisplayStatus =
  'DRAFT' | 'UNPAID' | 'PARTIALLY_PAID' | 'OVERDUE' | 'PAID' | 'CANCELLED' | 'REFUNDED' | 'COLLECTIONS'

/** Overdue = UNPAID (or in collections) with a balance, and the due date before today. */
export function isOverdue(
  inv: { status: InvoiceStatus; dueDate: Date; balance: bigint },
  today: Date = todayUtc(),
): boolean {
  return hasBalanceDue(inv) && inv.dueDate.getTime() < today.getTime()
}

export function isPartiallyPaid(inv: {
  status: InvoiceStatus
  amountPaid: bigint
  balance: bigint
}): boolean {
  return PAYABLE_STATUSES.includes(inv.status) && inv.amountPaid > 0n && inv.balance > 0n
}

export function displayStatus(
  inv: { status: InvoiceStatus; dueDate: Date; balance: bigint; amountPaid: bigint },
  today: Date = todayUtc(),
): InvoiceDisplayStatus {
  if (inv.status === 'UNPAID') {
    if (isOverdue(inv, today)) return 'OVERDUE'
    if (isPartiallyPaid(inv)) return 'PARTIALLY_PAID'
  }
  return inv.status
}
