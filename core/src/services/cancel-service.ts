import { requirePermission } from '../access'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { requestTransition, type TransitionRequested } from './request-transition'
import { serviceActionInput } from './schemas'

/**
 * Staff cancel a service: a pending one at once; an active or suspended one through the module's
 * terminate (it lands as CANCELLED, not TERMINATED: the client asked for it or the order died).
 */
export async function cancelService(ctx: Ctx, raw: unknown): Promise<TransitionRequested> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(serviceActionInput, raw)
  return inTransaction(ctx, (tx) =>
    requestTransition(tx, input.serviceId, 'cancel', input.reason ? { reason: input.reason } : {}),
  )
}
