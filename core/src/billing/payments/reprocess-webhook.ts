import { z } from 'zod'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import type { GatewayEvent } from '../gateways/payment-gateway'
import { applyGatewayEvents } from './apply-gateway-events'
import { loadGateway } from './load-gateway'
import { inboxStatusFor, webhookFailureReason } from './webhook-inbox-status'

export interface ReprocessedWebhook {
  webhookEventId: string
  status: 'PROCESSED' | 'IGNORED'
}

/**
 * Staff process a FAILED webhook event again, from the event stored when its signature was
 * verified (a gateway stops redelivering after a few days; by then staff may have fixed what made
 * it fail: the missing payment session recorded, the gateway's currency set). The events go
 * through the same idempotent application as a delivery, under the inbox row's lock, so a
 * redelivery arriving at the same moment applies nothing twice. A new failure is stored on the
 * event and shown to staff; nothing is applied.
 */
export async function reprocessWebhookEvent(ctx: Ctx, raw: unknown): Promise<ReprocessedWebhook> {
  requirePermission(ctx.actor, 'billing.manage')
  const id = parseInput(z.string().trim().uuid('Choose an existing webhook event.'), raw)
  const row = await ctx.db.webhookEvent.findUnique({
    where: { id },
    select: { id: true, provider: true, eventId: true, status: true, payload: true },
  })
  if (!row) throw new DomainError('NOT_FOUND', 'This webhook event does not exist.')
  assertFailed(row.status)

  // The gateway may be asked about the event (Stripe: the session behind it), outside any transaction.
  const loaded = await loadGateway(ctx.db, row.provider, { requireEnabled: false })
  let events: GatewayEvent[]
  try {
    events = await loaded.gateway.eventsOfStoredWebhook(loaded.settings, row.payload)
  } catch (error) {
    throw await failed(ctx, id, error)
  }

  let result: ReprocessedWebhook | { statusNow: string }
  try {
    result = await inTransaction(ctx, async (tx) => {
      const locked = await tx.db.$queryRaw<
        { status: string }[]
      >`SELECT "status"::text AS "status" FROM "WebhookEvent" WHERE "id" = ${id}::uuid FOR UPDATE`
      // a redelivery may have processed it since the first read: nothing to do then
      const statusNow = locked[0]?.status ?? 'MISSING'
      if (statusNow !== 'FAILED') return { statusNow }
      const outcomes = await applyGatewayEvents(tx, row.provider, events)
      const status = inboxStatusFor(outcomes)
      await tx.db.webhookEvent.update({
        where: { id },
        data: { status, processedAt: new Date(), error: null, attempts: { increment: 1 } },
      })
      await recordAuditEvent(tx, {
        action: 'webhook.reprocess',
        targetType: 'WebhookEvent',
        targetId: id,
        before: { status: 'FAILED' },
        after: { status, provider: row.provider, eventId: row.eventId, outcomes },
      })
      return { webhookEventId: id, status } as ReprocessedWebhook
    })
  } catch (error) {
    throw await failed(ctx, id, error)
  }
  if ('statusNow' in result) assertFailed(result.statusNow)
  return result as ReprocessedWebhook
}

function assertFailed(status: string): void {
  if (status === 'MISSING') throw new DomainError('NOT_FOUND', 'This webhook event does not exist.')
  if (status !== 'FAILED')
    throw new DomainError(
      'INVALID_TRANSITION',
      `This event is ${status.toLowerCase()}: only a failed event can be processed again.`,
    )
}

/** Stores the new error on the event (still FAILED) and turns it into a message for staff. */
async function failed(ctx: Ctx, id: string, error: unknown): Promise<DomainError> {
  const reason = webhookFailureReason(error)
  await ctx.db.webhookEvent.updateMany({
    where: { id, status: 'FAILED' },
    data: { error: reason, attempts: { increment: 1 } },
  })
  return new DomainError('GATEWAY_ERROR', `The event still cannot be applied: ${reason}`)
}
