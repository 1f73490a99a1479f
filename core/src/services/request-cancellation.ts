import { recordAuditEvent } from '../audit'
import { formatDate } from '../billing'
import { toDateOnly } from '../catalog'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { assertServiceAccess } from './access'
import { lockService } from './complete-transition'
import { queueServiceEmail } from './notify'
import { requestTransition } from './request-transition'
import { cancellationInput } from './schemas'

/**
 * A client (for its own service) or staff ask to cancel a service: IMMEDIATE cancels it now (the
 * module terminates it); END_OF_PERIOD keeps it until its next due date, when the daily run
 * cancels it (processDueCancellations), and it is not renewed. One open request per service,
 * checked under the service's row lock. The client gets a confirmation email.
 */
export async function requestCancellation(ctx: Ctx, raw: unknown) {
  const input = parseInput(cancellationInput, raw)
  await assertServiceAccess(ctx.db, ctx.actor, input.serviceId, 'orders.manage')
  return inTransaction(ctx, async (tx) => {
    await lockService(tx.db, input.serviceId)
    const s = await tx.db.service.findUniqueOrThrow({
      where: { id: input.serviceId },
      select: {
        id: true,
        clientId: true,
        status: true,
        domain: true,
        nextDueDate: true,
        product: { select: { name: true } },
        cancellations: { where: { status: 'OPEN' }, select: { id: true } },
      },
    })
    if (!['PENDING', 'ACTIVE', 'SUSPENDED'].includes(s.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `This service is ${s.status.toLowerCase()}: there is nothing to cancel.`,
      )
    if (s.cancellations.length)
      throw new DomainError('INVALID_TRANSITION', 'A cancellation request is already open for this service.')
    const today = toDateOnly(new Date())
    // A pending service, or one whose paid period is over, has no period left to wait for.
    const isImmediate =
      input.type === 'IMMEDIATE' || s.status === 'PENDING' || !s.nextDueDate || s.nextDueDate <= today
    const request = await tx.db.cancellationRequest.create({
      data: {
        serviceId: s.id,
        clientId: s.clientId,
        type: isImmediate ? 'IMMEDIATE' : 'END_OF_PERIOD',
        reason: input.reason,
      },
      select: { id: true, type: true },
    })
    await recordAuditEvent(tx, {
      action: 'service.cancellation.request',
      targetType: 'Service',
      targetId: s.id,
      clientId: s.clientId,
      after: { requestId: request.id, type: request.type, reason: input.reason },
    })
    await queueServiceEmail(
      tx.db,
      { id: s.id, clientId: s.clientId, domain: s.domain, productName: s.product.name },
      { kind: 'cancellation', isImmediate, effectiveDate: formatDate(isImmediate ? today : s.nextDueDate!) },
    )
    const result = isImmediate ? await requestTransition(tx, s.id, 'cancel', { reason: input.reason }) : null
    return { cancellationId: request.id, type: request.type, state: result?.state ?? ('scheduled' as const) }
  })
}
