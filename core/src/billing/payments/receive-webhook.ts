import { randomUUID } from 'node:crypto'
import type { Prisma } from '@berth/prisma'
import { systemCtx, inTransaction, parseInput, toJsonSafe, maskSecrets, type Ctx } from '../../shared'
import { WebhookSignatureError, type VerifiedWebhook } from '../gateways/payment-gateway'
import { findGateway } from '../gateways/registry'
import { applyGatewayEvents } from './apply-gateway-events'
import { isGatewayAllowedHere, loadGateway } from './load-gateway'
import { receiveWebhookInput } from './schemas'
import { inboxStatusFor, webhookFailureReason } from './webhook-inbox-status'

export interface WebhookResponse {
  /** the HTTP status to answer the gateway with */
  status: 200 | 400 | 404 | 429 | 500
  body: { received: boolean; duplicate?: boolean; error?: string }
  /** our WebhookEvent row, when one was written */
  webhookEventId?: string
}

/**
 * A delivery refused for its signature (or for not being an event at all) is kept for staff as a
 * small REJECTED row: the first 8 KB of its body and its headers trimmed (secrets masked), at most
 * `REJECTED_PER_IP_PER_HOUR` rows per sender address an hour (beyond that: 429, nothing stored),
 * purged after `REJECTED_WEBHOOK_DAYS` by the housekeeping job. Anyone can POST here: without
 * these bounds each forged request would add up to 1 MB to the database for ever.
 */
export const REJECTED_BODY_BYTES = 8 * 1024
export const REJECTED_PER_IP_PER_HOUR = 30
export const REJECTED_WEBHOOK_DAYS = 7
const REJECTED_HEADERS = 30
const REJECTED_HEADER_CHARS = 300

function rejectedPayload(
  rawBody: string,
  headers: Record<string, string | undefined>,
): Prisma.InputJsonValue {
  const bytes = Buffer.byteLength(rawBody)
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers).slice(0, REJECTED_HEADERS)) {
    if (value !== undefined) kept[name.slice(0, 100)] = value.slice(0, REJECTED_HEADER_CHARS)
  }
  return {
    rawBody:
      bytes > REJECTED_BODY_BYTES
        ? Buffer.from(rawBody).subarray(0, REJECTED_BODY_BYTES).toString('utf8')
        : rawBody,
    truncated: bytes > REJECTED_BODY_BYTES,
    bytes,
    headers: maskSecrets(kept),
  }
}

/** Stores a rejected delivery unless its address has used up its hourly allowance; one address at a time (advisory lock), so a burst cannot overshoot. */
async function storeRejected(
  ctx: Ctx,
  row: {
    provider: string
    ip: string | null
    error: string
    rawBody: string
    headers: Record<string, string | undefined>
  },
): Promise<string | null> {
  return inTransaction(ctx, async ({ db: tx }) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhook-rejected:${row.ip ?? ''}`}, 0))`
    const recent = await tx.webhookEvent.count({
      where: { status: 'REJECTED', ip: row.ip, receivedAt: { gt: new Date(Date.now() - 3600_000) } },
    })
    if (recent >= REJECTED_PER_IP_PER_HOUR) return null
    const created = await tx.webhookEvent.create({
      data: {
        provider: row.provider,
        eventId: `rejected:${randomUUID()}`,
        type: 'rejected',
        status: 'REJECTED',
        error: row.error.slice(0, 500),
        ip: row.ip,
        attempts: 1,
        processedAt: new Date(),
        payload: rejectedPayload(row.rawBody, row.headers),
      },
      select: { id: true },
    })
    return created.id
  })
}

/**
 * A gateway's webhook (docs/decisions/0015-payment-application.md):
 * 1. verify the signature; a forged, stale, replayed or malformed delivery is stored as REJECTED
 *    under a synthetic id (so staff can see attacks and misconfigurations; bounded, see
 *    `storeRejected`) and answered 400, or 429 once its address has sent too many;
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
  if (!gateway || !isGatewayAllowedHere(gateway))
    return { status: 404, body: { received: false, error: 'unknown provider' } }
  const provider = gateway.id
  const ip = input.ip ?? ctx.request.ip
  const sys: Ctx = {
    ...systemCtx(ctx.db, `webhook:${provider}`),
    request: { ip, userAgent: input.headers['user-agent'] ?? null },
  }
  const loaded = await loadGateway(ctx.db, provider, { requireEnabled: false })
  const headers = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]))

  let verified: VerifiedWebhook
  try {
    verified = await loaded.gateway.verifyWebhook(loaded.settings, { rawBody: input.rawBody, headers })
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error
    const id = await storeRejected(ctx, {
      provider,
      ip,
      error: error.message,
      rawBody: input.rawBody,
      headers,
    })
    if (!id)
      return {
        status: 429,
        body: { received: false, error: 'too many invalid deliveries from this address; try again later' },
      }
    return { status: 400, body: { received: false, error: 'invalid signature' }, webhookEventId: id }
  }

  const payload = toJsonSafe(verified.payload ?? {}) as Prisma.InputJsonValue
  try {
    return await inTransaction(sys, async (tx) => {
      await tx.db.webhookEvent.createMany({
        data: [{ provider, eventId: verified.eventId, type: verified.type, payload, ip }],
        skipDuplicates: true,
      })
      const rows = await tx.db.$queryRaw<{ id: string; status: string }[]>`
        SELECT "id", "status"::text AS "status" FROM "WebhookEvent" WHERE "provider" = ${provider} AND "eventId" = ${verified.eventId} FOR UPDATE`
      const row = rows[0]!
      if (row.status === 'PROCESSED' || row.status === 'IGNORED')
        return { status: 200 as const, body: { received: true, duplicate: true }, webhookEventId: row.id }
      const outcomes = await applyGatewayEvents(tx, provider, verified.events)
      await tx.db.webhookEvent.update({
        where: { id: row.id },
        data: {
          status: inboxStatusFor(outcomes),
          processedAt: new Date(),
          error: null,
          attempts: { increment: 1 },
        },
      })
      return { status: 200 as const, body: { received: true }, webhookEventId: row.id }
    })
  } catch (error) {
    const message = webhookFailureReason(error)
    await ctx.db.webhookEvent.createMany({
      data: [{ provider, eventId: verified.eventId, type: verified.type, payload, ip }],
      skipDuplicates: true,
    })
    // Only a row nobody processed meanwhile (a concurrent delivery may have succeeded).
    await ctx.db.webhookEvent.updateMany({
      where: { provider, eventId: verified.eventId, status: { in: ['RECEIVED', 'FAILED'] } },
      data: { status: 'FAILED', error: message, attempts: { increment: 1 } },
    })
    const row = await ctx.db.webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider, eventId: verified.eventId } },
      select: { id: true },
    })
    return {
      status: 500,
      body: { received: false, error: 'not processed; it will be retried' },
      webhookEventId: row.id,
    }
  }
}
