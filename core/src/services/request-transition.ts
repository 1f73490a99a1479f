import type { DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { assertNoOpenModuleCall, requestModuleCall } from '../provisioning'
import { DomainError, type Ctx } from '../shared'
import { completeTransition, lockService, type TransitionParams } from './complete-transition'
import { assertTransition, type ServiceTransition } from './transitions'

export interface TransitionRequested {
  serviceId: string
  /** done: the service is in its new state now; queued: a module call will land it */
  state: 'done' | 'queued'
  status: string
}

/**
 * Asks for a transition, inside the caller's transaction: checks the table, then either lands it at
 * once (no module, or no module action needed) or queues the module call that lands it when it
 * succeeds. Refused while another module call for the service is still open. Internal: the staff and client use cases call it after their own checks.
 */
export async function requestTransition(
  tx: Ctx & { db: DbClient },
  serviceId: string,
  transition: ServiceTransition,
  params: TransitionParams = {},
): Promise<TransitionRequested> {
  if (!(await lockService(tx.db, serviceId)))
    throw new DomainError('NOT_FOUND', 'This service does not exist.')
  const service = await tx.db.service.findUniqueOrThrow({
    where: { id: serviceId },
    select: { id: true, status: true, clientId: true, product: { select: { provisioningModule: true } } },
  })
  const rule = assertTransition(service.status, transition)
  await assertNoOpenModuleCall(tx.db, serviceId)
  const action = service.product.provisioningModule ? rule.module(service.status) : null
  if (!action) {
    const { status } = await completeTransition(tx, serviceId, transition, { params })
    return { serviceId, state: 'done', status }
  }
  const staffId = tx.actor.type === 'staff' ? tx.actor.staffId : null
  const job = await requestModuleCall(tx.db, {
    serviceId,
    action,
    transition: transition as Exclude<ServiceTransition, 'fraud'>,
    params: { ...params },
    staffId,
  })
  await recordAuditEvent(tx, {
    action: `service.${transition}.request`,
    targetType: 'Service',
    targetId: serviceId,
    clientId: service.clientId,
    after: { module: service.product.provisioningModule, action, requestId: job.requestId, ...params },
  })
  return { serviceId, state: 'queued', status: service.status }
}
