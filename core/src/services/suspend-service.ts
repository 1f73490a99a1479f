import { requirePermission } from '../access'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { requestTransition, type TransitionRequested } from './request-transition'
import { suspendServiceInput } from './schemas'

/**
 * Staff (or the overdue automation, as the system) suspend an active service with a reason (module
 * suspend); the client is emailed. `forNonPayment` marks it for automatic unsuspension when the
 * overdue invoice is paid.
 */
export async function suspendService(ctx: Ctx, raw: unknown): Promise<TransitionRequested> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(suspendServiceInput, raw)
  return inTransaction(ctx, (tx) =>
    requestTransition(tx, input.serviceId, 'suspend', {
      reason: input.reason,
      forNonPayment: input.forNonPayment,
    }),
  )
}
