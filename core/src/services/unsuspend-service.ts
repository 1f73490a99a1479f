import { requirePermission } from '../access'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { requestTransition, type TransitionRequested } from './request-transition'
import { serviceActionInput } from './schemas'

/** Staff unsuspend a suspended service (module unsuspend); the client is emailed. */
export async function unsuspendService(ctx: Ctx, raw: unknown): Promise<TransitionRequested> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(serviceActionInput, raw)
  return inTransaction(ctx, (tx) =>
    requestTransition(tx, input.serviceId, 'unsuspend', input.reason ? { reason: input.reason } : {}),
  )
}
