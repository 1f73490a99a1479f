import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { serviceNotFound } from './access'
import { lockService } from './complete-transition'
import { changeNextDueDateInput } from './schemas'

/** Staff move a service's next due date (a goodwill extension, aligning billing dates). */
export async function changeNextDueDate(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(changeNextDueDateInput, raw)
  return inTransaction(ctx, async (tx) => {
    if (!(await lockService(tx.db, input.serviceId))) throw serviceNotFound()
    const s = await tx.db.service.findUniqueOrThrow({
      where: { id: input.serviceId },
      select: {
        id: true,
        clientId: true,
        status: true,
        billingCycle: true,
        nextDueDate: true,
        registrationDate: true,
      },
    })
    if (!['PENDING', 'ACTIVE', 'SUSPENDED'].includes(s.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `A ${s.status.toLowerCase()} service has no next due date to change.`,
      )
    if (s.billingCycle === 'ONE_TIME')
      throw new DomainError('INVALID_TRANSITION', 'A one-time service has no next due date.')
    if (input.nextDueDate < s.registrationDate)
      throw new DomainError(
        'VALIDATION_FAILED',
        'The next due date cannot be before the registration date.',
        { field: 'nextDueDate' },
      )
    await tx.db.service.update({
      where: { id: s.id },
      data: { nextDueDate: input.nextDueDate, nextInvoiceDate: input.nextDueDate },
    })
    await recordAuditEvent(tx, {
      action: 'service.change-due-date',
      targetType: 'Service',
      targetId: s.id,
      clientId: s.clientId,
      before: { nextDueDate: s.nextDueDate },
      after: { nextDueDate: input.nextDueDate },
    })
    return { serviceId: s.id, nextDueDate: input.nextDueDate }
  })
}
