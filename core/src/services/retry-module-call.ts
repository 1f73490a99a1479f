import { z } from 'zod'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { lockService } from './complete-transition'
import { assertTransition, type ServiceTransition } from './transitions'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { assertNoOpenModuleCall, requestModuleCall, type ModuleAction } from '../provisioning'

const loggedRequest = z.object({
  idempotencyKey: z.string(),
  transition: z.enum(['activate', 'suspend', 'unsuspend', 'terminate', 'cancel']).nullable(),
  params: z.record(z.string(), z.unknown()).default({}),
})

/**
 * Staff run a failed module call again (after fixing the host or the settings). The retry keeps the
 * original idempotency key, so a host that did the work but failed to answer can recognise it.
 * Refused when the call succeeded, a later attempt succeeded, or the service has moved on.
 */
export async function retryModuleCall(ctx: Ctx, moduleCallId: string) {
  requirePermission(ctx.actor, 'orders.manage')
  const id = parseInput(z.string().trim().uuid('Choose an existing module call.'), moduleCallId)
  return inTransaction(ctx, async (tx) => {
    const call = await tx.db.moduleCall.findUnique({
      where: { id },
      select: {
        id: true,
        serviceId: true,
        action: true,
        success: true,
        request: true,
        service: { select: { clientId: true } },
      },
    })
    if (!call?.serviceId || !call.service)
      throw new DomainError('NOT_FOUND', 'This module call does not exist.')
    await lockService(tx.db, call.serviceId)
    // read again under the lock: the status may have moved since the first read
    const { status } = await tx.db.service.findUniqueOrThrow({
      where: { id: call.serviceId },
      select: { status: true },
    })
    if (call.success)
      throw new DomainError('INVALID_TRANSITION', 'This call succeeded: there is nothing to retry.')
    const request = loggedRequest.safeParse(call.request)
    if (!request.success) throw new DomainError('INVALID_TRANSITION', 'This call cannot be retried.')
    const later = await tx.db.moduleCall.count({
      where: {
        serviceId: call.serviceId,
        success: true,
        request: { path: ['idempotencyKey'], equals: request.data.idempotencyKey },
      },
    })
    if (later)
      throw new DomainError(
        'INVALID_TRANSITION',
        'A later attempt of this call succeeded: there is nothing to retry.',
      )
    await assertNoOpenModuleCall(tx.db, call.serviceId)
    if (request.data.transition) assertTransition(status, request.data.transition as ServiceTransition)
    else if (status !== 'ACTIVE' && status !== 'SUSPENDED')
      throw new DomainError(
        'INVALID_TRANSITION',
        `The service is ${status.toLowerCase()}: its package cannot be changed.`,
      )
    const staffId = tx.actor.type === 'staff' ? tx.actor.staffId : null
    const job = await requestModuleCall(tx.db, {
      serviceId: call.serviceId,
      action: call.action as ModuleAction,
      transition: request.data.transition,
      params: request.data.params,
      requestId: request.data.idempotencyKey,
      staffId,
    })
    await recordAuditEvent(tx, {
      action: 'service.module.retry',
      targetType: 'Service',
      targetId: call.serviceId,
      clientId: call.service.clientId,
      after: { moduleCallId: id, action: call.action },
    })
    return { serviceId: call.serviceId, requestId: job.requestId }
  })
}
