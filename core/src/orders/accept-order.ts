import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { requestTransition } from '../services'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { assertOrderStatus, lockOrder } from './order-actions'
import { orderActionInput } from './schemas'

/**
 * Staff accept a pending order: it becomes active and each pending service is activated (its
 * module's create is queued; products set to NEVER set up stay pending for staff).
 */
export async function acceptOrder(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(orderActionInput, raw)
  return inTransaction(ctx, async (tx) => {
    const order = await lockOrder(tx, input.orderId)
    assertOrderStatus(order, ['PENDING'], 'accepted')
    await tx.db.order.update({ where: { id: order.id }, data: { status: 'ACTIVE' } })
    const requested: string[] = []
    for (const s of order.services) {
      if (s.status !== 'PENDING' || s.product.autoSetup === 'NEVER') continue
      await requestTransition(tx, s.id, 'activate')
      requested.push(s.id)
    }
    await recordAuditEvent(tx, {
      action: 'order.accept',
      targetType: 'Order',
      targetId: order.id,
      clientId: order.clientId,
      before: { status: order.status },
      after: { status: 'ACTIVE', activating: requested },
    })
    return { orderId: order.id, status: 'ACTIVE' as const, activating: requested }
  })
}
