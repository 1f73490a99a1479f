import { requirePermission } from '../access'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { requestTransition, type TransitionRequested } from './request-transition'
import { serviceActionInput } from './schemas'

/** Staff activate (create) a pending service: the module sets it up and it becomes active, with a welcome email carrying the login details the module returned. */
export async function activateService(ctx: Ctx, raw: unknown): Promise<TransitionRequested> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(serviceActionInput, raw)
  return inTransaction(ctx, (tx) =>
    requestTransition(tx, input.serviceId, 'activate', input.reason ? { reason: input.reason } : {}),
  )
}
