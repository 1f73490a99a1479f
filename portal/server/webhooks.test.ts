import { beforeAll, describe, expect, it } from 'vitest'
import {
  signTestWebhook,
  startPayment,
  TEST_SIGNATURE_HEADER,
  testWebhookBody,
  type Ctx,
  type GatewayEvent,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  billingCounts,
  enableTestGateway,
  item,
  makeBillingClient,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { usePortalServer } from '../test/portal-server'

/**
 * POST /webhooks/:provider on the portal's Express server, with the test gateway's signed events:
 * the raw body reaches core untouched, whatever the Content-Type, Origin or size (up to 1 MB), and
 * core's answer is the HTTP answer.
 */
const portal = usePortalServer()
let billing: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await enableTestGateway(team.admin.ctx)
})

async function openPayment(amount = 5000) {
  const client = await makeBillingClient()
  const inv = await makeInvoice(billing, client.clientId, [item(amount, { isTaxable: false })])
  const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
  const paid = (id: string): GatewayEvent => ({
    kind: 'payment.succeeded',
    gatewayTransactionId: id,
    paymentSessionId: started.paymentSessionId,
    amount: BigInt(amount),
    currency: 'USD',
    fee: 145n,
    occurredAt: new Date(),
  })
  return { inv, paid }
}

function post(body: string, headers: Record<string, string>, provider = 'test') {
  return fetch(`${portal.url}/webhooks/${provider}`, { method: 'POST', body, headers })
}

describe('POST /webhooks/:provider', () => {
  it('applies a signed event from anywhere: no cookie, no CSRF token, another site’s Origin, any Content-Type', async () => {
    const { inv, paid } = await openPayment()
    const body = testWebhookBody('evt_portal_1', [paid('tpay_portal_1')])
    const res = await post(body, {
      [TEST_SIGNATURE_HEADER]: signTestWebhook(body),
      'Content-Type': 'text/plain',
      Origin: 'https://evil.example',
      'User-Agent': 'Gateway-Hookshot/1.0',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: true })
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(
      await getDb().invoice.findUniqueOrThrow({ where: { id: inv.id }, select: { status: true } }),
    ).toEqual({ status: 'PAID' })
    const row = await getDb().webhookEvent.findFirstOrThrow({
      where: { provider: 'test', eventId: 'evt_portal_1' },
    })
    expect(row).toMatchObject({ status: 'PROCESSED', ip: '127.0.0.1', type: 'payment.succeeded' })
    // The same delivery again: 200, a duplicate, nothing new.
    const again = await post(body, {
      [TEST_SIGNATURE_HEADER]: signTestWebhook(body),
      'Content-Type': 'application/json',
    })
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    expect(await getDb().transaction.count({ where: { invoiceId: inv.id } })).toBe(1)
  })

  it('answers forged and stale signatures with 400 and keeps them as REJECTED', async () => {
    const { inv, paid } = await openPayment()
    const body = testWebhookBody('evt_portal_bad', [paid('tpay_portal_bad')])
    const before = await billingCounts()
    const forged = await post(body, {
      [TEST_SIGNATURE_HEADER]: signTestWebhook(body, 'not-the-secret'),
      'Content-Type': 'application/json',
    })
    const stale = await post(body, {
      [TEST_SIGNATURE_HEADER]: signTestWebhook(body, undefined, Math.floor(Date.now() / 1000) - 600),
      'Content-Type': 'application/json',
    })
    const unsigned = await post(body, { 'Content-Type': 'application/json' })
    expect([forged.status, stale.status, unsigned.status]).toEqual([400, 400, 400])
    expect(await forged.json()).toEqual({ received: false, error: 'invalid signature' })
    const rejected = await getDb().webhookEvent.findMany({
      where: { provider: 'test', status: 'REJECTED' },
      orderBy: { receivedAt: 'asc' },
    })
    expect(rejected.map((r) => r.error)).toEqual([
      'signature does not match',
      'signature timestamp too old (replay?)',
      'missing signature header',
    ])
    expect(rejected[0]!.payload).toMatchObject({ rawBody: body, truncated: false })
    const after = await billingCounts()
    expect(after.webhookEvents).toBe(before.webhookEvents + 3)
    expect({ ...after, webhookEvents: before.webhookEvents }).toEqual(before)
    expect(
      await getDb().invoice.findUniqueOrThrow({ where: { id: inv.id }, select: { status: true } }),
    ).toEqual({ status: 'UNPAID' })
  })

  it('reads bodies beyond the portal’s 64 KB form limit, up to 1 MB, and refuses bigger ones with 413', async () => {
    const big = JSON.stringify({ id: 'evt_big', padding: 'x'.repeat(200 * 1024) })
    const res = await post(big, { [TEST_SIGNATURE_HEADER]: 't=1,v1=00', 'Content-Type': 'application/json' })
    expect(res.status).toBe(400) // read, then refused for its signature, not for its size
    const row = await getDb().webhookEvent.findFirstOrThrow({
      where: { provider: 'test', status: 'REJECTED', error: 'signature does not match' },
      orderBy: { receivedAt: 'desc' },
    })
    expect(row.payload).toMatchObject({ truncated: true })
    const before = await billingCounts()
    const huge = await post('x'.repeat(1_100_000), { 'Content-Type': 'application/json' })
    expect(huge.status).toBe(413)
    expect(await billingCounts()).toEqual(before)
  })

  it('answers 404 for a provider that does not exist, and leaves other methods to the pages', async () => {
    expect((await post('{}', { 'Content-Type': 'application/json' }, 'bitcoin')).status).toBe(404)
    expect((await post('{}', { 'Content-Type': 'application/json' }, 'manual')).status).toBe(404)
    const get = await fetch(`${portal.url}/webhooks/stripe`)
    expect(get.status).toBe(404)
    expect(get.headers.get('content-type')).toMatch(/text\/html/)
  })
})
