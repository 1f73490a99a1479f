import { z } from 'zod'
import type { DbClient } from '@berth/prisma'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { formatDate } from '../billing'
import { toDateOnly } from '../catalog'
import { queueEmail } from '../notifications'
import { findOpenModuleCall } from '../provisioning'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { lockService } from './complete-transition'
import { serviceLink, serviceRecipients } from './notify'
import { requestTransition } from './request-transition'

const cancellationIdSchema = z.string().trim().uuid('Choose an existing cancellation request.')

export const approveCancellationInput = z.object({
  cancellationId: cancellationIdSchema,
  /** IMMEDIATE: cancelled now (the module terminates it); END_OF_PERIOD: the daily run does it on the next due date */
  when: z.enum(['IMMEDIATE', 'END_OF_PERIOD'], { message: 'Choose when the service ends' }),
})

export const rejectCancellationInput = z.object({
  cancellationId: cancellationIdSchema,
  /** emailed to the client */
  reason: z.string().trim().min(3, 'Tell the client why (at least 3 characters)').max(2000),
})

type Tx = Ctx & { db: DbClient }

/** The request and its service, under the service's row lock (the order every service change takes). */
async function lockRequest(tx: Tx, cancellationId: string) {
  const found = await tx.db.cancellationRequest.findUnique({
    where: { id: cancellationId },
    select: { serviceId: true },
  })
  if (!found) throw new DomainError('NOT_FOUND', 'This cancellation request does not exist.')
  await lockService(tx.db, found.serviceId)
  const request = await tx.db.cancellationRequest.findUniqueOrThrow({
    where: { id: cancellationId },
    select: {
      id: true,
      type: true,
      status: true,
      reason: true,
      approvedAt: true,
      clientId: true,
      service: {
        select: {
          id: true,
          status: true,
          domain: true,
          nextDueDate: true,
          product: { select: { name: true } },
        },
      },
    },
  })
  if (request.status !== 'OPEN')
    throw new DomainError(
      'INVALID_TRANSITION',
      `This cancellation request is already ${request.status === 'DONE' ? 'carried out' : request.status.toLowerCase()}.`,
    )
  return request
}

async function queueDecisionEmail(
  db: DbClient,
  request: Awaited<ReturnType<typeof lockRequest>>,
  decision:
    | { template: 'cancellation-approved'; isImmediate: boolean; effectiveDate: string }
    | { template: 'cancellation-rejected'; reason: string },
) {
  const base = {
    productName: request.service.product.name,
    domain: request.service.domain ?? '',
    serviceUrl: serviceLink(request.service.id),
  }
  for (const r of await serviceRecipients(db, request.clientId)) {
    const common = { to: r.email, clientId: request.clientId, userId: r.userId }
    if (decision.template === 'cancellation-approved')
      await queueEmail(db, {
        ...common,
        template: 'cancellation-approved',
        props: {
          firstName: r.firstName,
          ...base,
          isImmediate: decision.isImmediate,
          effectiveDate: decision.effectiveDate,
        },
      })
    else
      await queueEmail(db, {
        ...common,
        template: 'cancellation-rejected',
        props: { firstName: r.firstName, ...base, reason: decision.reason },
      })
  }
}

/**
 * Staff (orders.manage) approve a client's cancellation request (docs/decisions/0035-cancellation-decisions-and-changes-across-periods.md):
 * IMMEDIATE cancels the service now through the lifecycle (the module's terminate is queued, or it
 * lands at once without a module; the request is closed DONE when it lands); END_OF_PERIOD records
 * the approval and leaves the request open for the daily run, which cancels the service on its next
 * due date and never renews it meanwhile. A service whose paid period is already over is cancelled
 * now whatever was chosen. The client is emailed; the decision is audited with its staff member.
 */
export async function approveCancellation(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(approveCancellationInput, raw)
  const staffId = ctx.actor.type === 'staff' ? ctx.actor.staffId : null
  return inTransaction(ctx, async (tx) => {
    const request = await lockRequest(tx, input.cancellationId)
    const s = request.service
    const today = toDateOnly(new Date())
    const isImmediate =
      input.when === 'IMMEDIATE' || s.status === 'PENDING' || !s.nextDueDate || s.nextDueDate <= today
    if (!isImmediate && request.approvedAt)
      throw new DomainError(
        'INVALID_TRANSITION',
        'This cancellation is already approved for the end of the period.',
      )
    const approvedAt = new Date()
    await tx.db.cancellationRequest.update({
      where: { id: request.id },
      data: { approvedAt, decidedById: staffId, type: isImmediate ? 'IMMEDIATE' : 'END_OF_PERIOD' },
    })
    const transition = isImmediate
      ? await requestTransition(tx, s.id, 'cancel', { reason: request.reason })
      : null
    const effectiveDate = formatDate(isImmediate ? today : s.nextDueDate!)
    await recordAuditEvent(tx, {
      action: 'service.cancellation.approve',
      targetType: 'Service',
      targetId: s.id,
      clientId: request.clientId,
      before: { requestId: request.id, type: request.type, status: request.status },
      after: {
        requestId: request.id,
        type: isImmediate ? 'IMMEDIATE' : 'END_OF_PERIOD',
        effectiveDate,
        state: transition?.state ?? 'scheduled',
      },
    })
    await queueDecisionEmail(tx.db, request, {
      template: 'cancellation-approved',
      isImmediate,
      effectiveDate,
    })
    return {
      cancellationId: request.id,
      type: isImmediate ? ('IMMEDIATE' as const) : ('END_OF_PERIOD' as const),
      state: transition?.state ?? ('scheduled' as const),
    }
  })
}

/**
 * Staff (orders.manage) reject a client's cancellation request with a reason the client is emailed:
 * the request ends REJECTED and the service carries on (the renewal step bills it again, as it
 * skips only open end-of-period requests). Refused once the cancellation is under way (a module
 * call for the service is open) or done.
 */
export async function rejectCancellation(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(rejectCancellationInput, raw)
  const staffId = ctx.actor.type === 'staff' ? ctx.actor.staffId : null
  return inTransaction(ctx, async (tx) => {
    const request = await lockRequest(tx, input.cancellationId)
    const open = await findOpenModuleCall(tx.db, request.service.id)
    if (open && (open.transition === 'cancel' || open.transition === 'terminate'))
      throw new DomainError(
        'INVALID_TRANSITION',
        'This cancellation is already being carried out (the module call is under way): it can no longer be rejected.',
      )
    if (!['PENDING', 'ACTIVE', 'SUSPENDED'].includes(request.service.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `This service is ${request.service.status.toLowerCase()}: there is nothing left to keep.`,
      )
    await tx.db.cancellationRequest.update({
      where: { id: request.id },
      data: {
        status: 'REJECTED',
        resolvedAt: new Date(),
        decidedById: staffId,
        rejectionReason: input.reason,
      },
    })
    await recordAuditEvent(tx, {
      action: 'service.cancellation.reject',
      targetType: 'Service',
      targetId: request.service.id,
      clientId: request.clientId,
      before: { requestId: request.id, type: request.type, status: 'OPEN' },
      after: { requestId: request.id, status: 'REJECTED', reason: input.reason },
    })
    await queueDecisionEmail(tx.db, request, { template: 'cancellation-rejected', reason: input.reason })
    return { cancellationId: request.id, status: 'REJECTED' as const }
  })
}
