import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { assertOrderStatus, closePendingServices, lockOrder } from './order-actions'
import { orderActionInput } from './schemas'

/**
 * Staff delete a pending (or already cancelled / fraud) order nobody paid: the order row goes; its
 * pending services are cancelled and its invoice cancelled first. The services and the invoice
 * stay as records (an issued invoice number is never removed), detached from the order.
 */
export async function deleteOrder(ctx: Ctx, raw: unknown): Promise<void> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(orderActionInput, raw)
  await inTransaction(ctx, async (tx) => {
    const order = await lockOrder(tx, input.orderId)
    assertOrderStatus(order, ['PENDING', 'CANCELLED', 'FRAUD'], 'deleted')
    const cancelled = await closePendingServices(tx, order, 'cancel', input.reason ?? 'Order deleted')
    await tx.db.order.delete({ where: { id: order.id } })
    await recordAuditEvent(tx, {
      action: 'order.delete',
      targetType: 'Order',
      targetId: order.id,
      clientId: order.clientId,
      before: {
        number: order.number,
        status: order.status,
        services: order.services.map((s) => s.id),
        invoices: order.invoices.map((i) => i.id),
      },
      after: { servicesCancelled: cancelled },
    })
  })
}
