import { z } from 'zod'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { dateOnlySchema } from '../billing'
import { formatDateOnly } from '../catalog'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'

export const suspensionHoldInput = z.object({
  serviceId: z.string().trim().uuid('Choose an existing service.'),
  /** "do not suspend": the daily run never suspends this service for non-payment */
  overrideAutoSuspend: z.boolean(),
  /** "do not suspend until": no overdue suspension before this day (null: no such date) */
  suspendUntil: dateOnlySchema.nullable(),
})

/**
 * Staff hold back the daily run's overdue suspension of one service: for good ("do not suspend") or
 * until a date (a promise to pay). Audited; the run reads both under the service's lock.
 */
export async function setSuspensionHold(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(suspensionHoldInput, raw)
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Service" WHERE "id" = ${input.serviceId}::uuid FOR UPDATE`
    if (!rows.length)
      throw new DomainError('NOT_FOUND', 'This service does not exist.', { field: 'serviceId' })
    const before = await tx.db.service.findUniqueOrThrow({
      where: { id: input.serviceId },
      select: { clientId: true, overrideAutoSuspend: true, suspendUntil: true },
    })
    await tx.db.service.update({
      where: { id: input.serviceId },
      data: { overrideAutoSuspend: input.overrideAutoSuspend, suspendUntil: input.suspendUntil },
    })
    const view = (hold: { overrideAutoSuspend: boolean; suspendUntil: Date | null }) => ({
      overrideAutoSuspend: hold.overrideAutoSuspend,
      suspendUntil: hold.suspendUntil ? formatDateOnly(hold.suspendUntil) : null,
    })
    await recordAuditEvent(tx, {
      action: 'service.suspension-hold',
      targetType: 'Service',
      targetId: input.serviceId,
      clientId: before.clientId,
      before: view(before),
      after: view(input),
    })
    return { serviceId: input.serviceId, ...view(input) }
  })
}
