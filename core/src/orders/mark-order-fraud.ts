import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { assertOrderStatus, closePendingServices, lockOrder } from './order-actions'
import { orderActionInput } from './schemas'

/** Staff mark a pending order as fraud: its pending services become FRAUD and its invoice is cancelled. */
export async function markOrderFraud(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(orderActionInput, raw)
  return inTransaction(ctx, async (tx) => {
    const order = await lockOrder(tx, input.orderId)
    assertOrderStatus(order, ['PENDING'], 'marked as fraud')
    const closed = await closePendingServices(tx, order, 'fraud', input.reason ?? 'Marked as fraud')
    await tx.db.order.update({ where: { id: order.id }, data: { status: 'FRAUD' } })
    await recordAuditEvent(tx, {
      action: 'order.fraud',
      targetType: 'Order',
      targetId: order.id,
      clientId: order.clientId,
      before: { status: order.status },
      after: { status: 'FRAUD', services: closed, reason: input.reason ?? null },
    })
    return { orderId: order.id, status: 'FRAUD' as const }
  })
}
