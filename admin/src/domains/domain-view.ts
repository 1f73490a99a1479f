import { hasPermission, listRegistrars, type Ctx } from '@berth/core'

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ')

/**
 * A domain's registrar calls (ModuleCall rows, newest first, secrets already masked by core when
 * they were recorded) and, for members who may read the audit log, its audit trail: the show
 * page's two histories, as text.
 */
export async function domainHistory(ctx: Ctx, domainId: string): Promise<Record<string, string>> {
  const calls = await ctx.db.moduleCall.findMany({
    where: { domainId },
    orderBy: { createdAt: 'desc' },
    take: 30,
    select: { createdAt: true, module: true, action: true, success: true, error: true, durationMs: true },
  })
  const registrarCalls = calls.length
    ? calls
        .map(
          (c) =>
            `${when(c.createdAt)} UTC  ${c.module} ${c.action}  ${c.success ? 'ok' : `FAILED: ${c.error ?? 'unknown'}`}  (${c.durationMs} ms)`,
        )
        .join('\n')
    : 'No registrar calls yet.'
  if (!hasPermission(ctx.actor, 'audit.view'))
    return { registrarCalls, auditTrail: 'Seeing the audit trail needs the audit.view permission.' }
  const events = await ctx.db.auditEvent.findMany({
    where: { targetType: 'Domain', targetId: domainId },
    orderBy: { createdAt: 'desc' },
    take: 30,
    select: { createdAt: true, action: true, actorType: true, actorLabel: true, ip: true },
  })
  const auditTrail = events.length
    ? events
        .map(
          (e) =>
            `${when(e.createdAt)} UTC  ${e.action}  by ${e.actorLabel ?? e.actorType.toLowerCase()}${e.ip ? ` from ${e.ip}` : ''}`,
        )
        .join('\n')
    : 'No audit events yet.'
  return { registrarCalls, auditTrail }
}

export const registrarChoices = () => listRegistrars().map((r) => ({ value: r.name, label: r.displayName }))
