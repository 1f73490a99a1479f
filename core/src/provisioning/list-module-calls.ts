import { requirePermission } from '../access/require-permission'
import type { Ctx } from '../shared/context'

/** A service's module calls, newest first, for the admin console (orders.view). */
export async function listModuleCalls(ctx: Ctx, input: { serviceId: string; take?: number }) {
  requirePermission(ctx.actor, 'orders.view')
  return ctx.db.moduleCall.findMany({
    where: { serviceId: input.serviceId },
    orderBy: { createdAt: 'desc' },
    take: Math.min(input.take ?? 50, 200),
    select: { id: true, module: true, action: true, success: true, error: true, durationMs: true, attempt: true, request: true, response: true, staffId: true, createdAt: true },
  })
}
