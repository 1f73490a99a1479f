import { requirePermission } from '../access'
import { maskSecrets, type Ctx } from '../shared'
import { moduleSecretSettings } from './module-settings'

/** A service's module calls, newest first, for the admin console (orders.view). */
export async function listModuleCalls(ctx: Ctx, input: { serviceId: string; take?: number }) {
  requirePermission(ctx.actor, 'orders.view')
  const calls = await ctx.db.moduleCall.findMany({
    where: { serviceId: input.serviceId },
    orderBy: { createdAt: 'desc' },
    take: Math.min(input.take ?? 50, 200),
    select: {
      id: true,
      module: true,
      action: true,
      success: true,
      error: true,
      durationMs: true,
      attempt: true,
      request: true,
      response: true,
      staffId: true,
      createdAt: true,
    },
  })
  // Every role that sees the log (Support, Read-only) sees what was sent and answered with secrets masked, at any depth.
  return calls.map((c) => {
    const secretKeys = moduleSecretSettings(c.module)
    return {
      ...c,
      request: maskSecrets(c.request, { secretKeys }),
      response: maskSecrets(c.response, { secretKeys }),
    }
  })
}
