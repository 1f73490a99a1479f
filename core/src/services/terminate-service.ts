import { requirePermission } from '../access'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { requestTransition, type TransitionRequested } from './request-transition'
import { serviceActionInput } from './schemas'

/** Staff terminate an active or suspended service (module terminate): final; the client is emailed. */
export async function terminateService(ctx: Ctx, raw: unknown): Promise<TransitionRequested> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(serviceActionInput, raw)
  return inTransaction(ctx, (tx) =>
    requestTransition(tx, input.serviceId, 'terminate', input.reason ? { reason: input.reason } : {}),
  )
}
