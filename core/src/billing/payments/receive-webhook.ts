import { randomUUID } from 'node:crypto'
import type { Prisma } from '@berth/prisma'
import { systemCtx, type Ctx } from '../../shared/context'
import { inTransaction } from '../../shared/transaction'
import { parseInput } from '../../shared/validate'
import { toJsonSafe } from '../../shared/json'
import { WebhookSignatureError, type VerifiedWebhook } from '../gateways/payment-gateway'
import { findGateway } from '../gateways/registry'
import { applyGatewayEvents } from './apply-gateway-events'
import { isGatewayAllowedHere, loadGateway } from './load-gateway'
import { receiveWebhookInput } from './schemas'
import { inboxStatusFor, webhookFailureReason } from './webhook-inbox-status'

export interface WebhookResponse {
  /** the HTTP status to answer the gateway with */
  status: 200 | 400 | 404 | 500
  body: { received: boolean; duplicate?: boolean; error?: string }
  /** our WebhookEvent row, when one was written */
  webhookEventId?: string
}

const MAX_STORED_BODY = 20_000

/**
 * A gateway's webhook (docs/decisions/0015-payment-application.md):
 * 1. verify the signature; a forged, stale or replayed delivery is stored as REJECTED under a
 *    synthetic id (so staff can see attacks and misconfigurations) and answered 400;
 * 2. insert the event into the WebhookEvent inbox (unique (provider, eventId)) and apply its
 *    normalized events in the same transaction, then mark it PROCESSED. A second delivery of the
 *    same event waits for the first (the unique index), then finds it PROCESSED and answers 200
 *    with nothing done: 20 deliveries at once apply once;
 * 3. an event that cannot be applied yet (a refund before its payment) or that fails is rolled
 *    back, recorded as FAILED with the error, and answered 500: the gateway delivers it again
 *    later and a FAILED event is processed again.
 * Needs the root database client (it runs several transactions).
 */
export async function receiveWebhook(ctx: Ctx, raw: unknown): Promise<WebhookResponse> {
  const input = parseInput(receiveWebhookInput, raw)
  const gateway = findGateway(input.provider)
  if (!gateway || !isGatewayAllowedHere(gateway)) return { status: 404, body: { received: false, error: 'unknown provider' } }
  const provider = gateway.id
  const ip = input.ip ?? ctx.request.ip
  const sys: Ctx = { ...systemCtx(ctx.db, `webhook:${provider}`), request: { ip, userAgent: input.headers['user-agent'] ?? null } }
  const loaded = await loadGateway(ctx.db, provider, { requireEnabled: false })
  const headers = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]))

  let verified: VerifiedWebhook
  try {
    verified = await loaded.gateway.verifyWebhook(loaded.settings, { rawBody: input.rawBody, headers })
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error
    const row = await ctx.db.webhookEvent.create({
      data: {
        provider, eventId: `rejected:${randomUUID()}`, type: 'rejected', status: 'REJECTED', error: error.message, ip, attempts: 1, processedAt: new Date(),
        payload: { rawBody: input.rawBody.slice(0, MAX_STORED_BODY), truncated: input.rawBody.length > MAX_STORED_BODY },
      },
      select: { id: true },
    })
    return { status: 400, body: { received: false, error: 'invalid signature' }, webhookEventId: row.id }
  }

  const payload = toJsonSafe(verified.payload ?? {}) as Prisma.InputJsonValue
  try {
    return await inTransaction(sys, async (tx) => {
      await tx.db.webhookEvent.createMany({ data: [{ provider, eventId: verified.eventId, type: verified.type, payload, ip }], skipDuplicates: true })
      const rows = await tx.db.$queryRaw<{ id: string; status: string }[]>`
        SELECT "id", "status"::text AS "status" FROM "WebhookEvent" WHERE "provider" = ${provider} AND "eventId" = ${verified.eventId} FOR UPDATE`
      const row = rows[0]!
      if (row.status === 'PROCESSED' || row.status === 'IGNORED') return { status: 200 as const, body: { received: true, duplicate: true }, webhookEventId: row.id }
      const outcomes = await applyGatewayEvents(tx, provider, verified.events)
      await tx.db.webhookEvent.update({ where: { id: row.id }, data: { status: inboxStatusFor(outcomes), processedAt: new Date(), error: null, attempts: { increment: 1 } } })
      return { status: 200 as const, body: { received: true }, webhookEventId: row.id }
    })
  } catch (error) {
    const message = webhookFailureReason(error)
    await ctx.db.webhookEvent.createMany({ data: [{ provider, eventId: verified.eventId, type: verified.type, payload, ip }], skipDuplicates: true })
    // Only a row nobody processed meanwhile (a concurrent delivery may have succeeded).
    await ctx.db.webhookEvent.updateMany({
      where: { provider, eventId: verified.eventId, status: { in: ['RECEIVED', 'FAILED'] } },
      data: { status: 'FAILED', error: message, attempts: { increment: 1 } },
    })
    const row = await ctx.db.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider, eventId: verified.eventId } }, select: { id: true } })
    return { status: 500, body: { received: false, error: 'not processed; it will be retried' }, webhookEventId: row.id }
  }
}
