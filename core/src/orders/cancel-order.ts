import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { assertOrderStatus, closePendingServices, lockOrder } from './order-actions'
import { orderActionInput } from './schemas'

/**
 * Staff cancel an order: its pending services are cancelled (stock given back), its unpaid invoice
 * is cancelled through billing. Services already active are left to their own lifecycle.
 */
export async function cancelOrder(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(orderActionInput, raw)
  return inTransaction(ctx, async (tx) => {
    const order = await lockOrder(tx, input.orderId)
    assertOrderStatus(order, ['PENDING', 'ACTIVE'], 'cancelled')
    const cancelled = await closePendingServices(tx, order, 'cancel', input.reason ?? 'Order cancelled')
    await tx.db.order.update({ where: { id: order.id }, data: { status: 'CANCELLED' } })
    await recordAuditEvent(tx, {
      action: 'order.cancel',
      targetType: 'Order',
      targetId: order.id,
      clientId: order.clientId,
      before: { status: order.status },
      after: { status: 'CANCELLED', servicesCancelled: cancelled, reason: input.reason ?? null },
    })
    return { orderId: order.id, status: 'CANCELLED' as const }
  })
}
