import type { DbClient, OrderStatus } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { cancelInvoice, isPayableStatus } from '../billing'
import { releaseStock } from '../catalog'
import { completeTransition } from '../services'
import { DomainError, type Ctx } from '../shared'

/** Internal helpers shared by the staff order actions. */
export async function lockOrder(tx: Ctx & { db: DbClient }, orderId: string) {
  const rows = await tx.db.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Order" WHERE "id" = ${orderId}::uuid FOR UPDATE`
  if (!rows.length) throw new DomainError('NOT_FOUND', 'This order does not exist.')
  return tx.db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      id: true,
      number: true,
      clientId: true,
      status: true,
      services: {
        select: {
          id: true,
          status: true,
          productId: true,
          product: { select: { stockControl: true, autoSetup: true } },
        },
      },
      invoices: { select: { id: true, status: true, amountPaid: true } },
      domains: { select: { id: true, status: true } },
    },
  })
}

export type LockedOrder = Awaited<ReturnType<typeof lockOrder>>

export function assertOrderStatus(order: LockedOrder, allowed: OrderStatus[], verb: string) {
  if (!allowed.includes(order.status))
    throw new DomainError('INVALID_TRANSITION', `A ${order.status.toLowerCase()} order cannot be ${verb}.`)
}

/**
 * Ends an order's pending services and domains (cancelled or fraud), gives the services' stock
 * back, and cancels its unpaid invoices through billing (an invoice with money on it refuses:
 * refund first). A domain the registrar never saw (PENDING, PENDING_TRANSFER) just ends here.
 */
export async function closePendingServices(
  tx: Ctx & { db: DbClient },
  order: LockedOrder,
  transition: 'cancel' | 'fraud',
  reason: string,
) {
  for (const inv of order.invoices) {
    if (inv.status === 'PAID' || inv.amountPaid > 0n)
      throw new DomainError(
        'INVOICE_HAS_PAYMENTS',
        'This order has been paid (in part): refund its invoice before cancelling it.',
      )
  }
  let closed = 0
  for (const s of order.services) {
    if (s.status !== 'PENDING') continue
    await completeTransition(tx, s.id, transition, { params: { reason } })
    if (s.product.stockControl) await releaseStock(tx.db, s.productId)
    closed += 1
  }
  for (const d of order.domains) {
    if (d.status !== 'PENDING' && d.status !== 'PENDING_TRANSFER') continue
    const status = transition === 'fraud' ? ('FRAUD' as const) : ('CANCELLED' as const)
    await tx.db.domain.update({ where: { id: d.id }, data: { status, eppCodeEnc: null } })
    await recordAuditEvent(tx, {
      action: `domain.${transition}`,
      targetType: 'Domain',
      targetId: d.id,
      clientId: order.clientId,
      before: { status: d.status },
      after: { status, reason },
    })
    closed += 1
  }
  // Billing's own use case, acting for the system: the orders permission is what was checked.
  const billing = { ...tx, actor: { type: 'system' as const, label: `order #${order.number} ${transition}` } }
  for (const inv of order.invoices)
    if (isPayableStatus(inv.status)) await cancelInvoice(billing, { invoiceId: inv.id, reason })
  return closed
}
