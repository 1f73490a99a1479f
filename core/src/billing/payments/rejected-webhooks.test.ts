import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { startFakePayPal, type FakePayPal } from '../../../../tests/fakes/paypal'
import { REQUEST } from '@berth/tests/support/factories'
import { enableTestGateway, makeBillingTeam } from '@berth/tests/support/billing-factories'
import { purgeExpiredRecords } from '../../automation'
import { MASK, anonymousCtx } from '../../shared'
import { signTestWebhook, TEST_SIGNATURE_HEADER } from '../gateways/test'
import { receiveWebhook, REJECTED_BODY_BYTES, REJECTED_PER_IP_PER_HOUR } from './receive-webhook'
import { updateGatewayConfig } from './update-gateway-config'

/**
 * Deliveries refused for their signature are what anyone on the internet can send: each is kept
 * small (8 KB of body, trimmed headers), at most REJECTED_PER_IP_PER_HOUR an hour per address, and
 * purged after a week; PayPal is not asked to verify a body that is not even an event.
 */
const db = getDb()
let paypal: FakePayPal

beforeAll(async () => {
  paypal = await startFakePayPal()
  process.env.BERTH_PAYPAL_API_BASE = paypal.url
  const team = await makeBillingTeam()
  await enableTestGateway(team.admin.ctx)
  await updateGatewayConfig(team.admin.ctx, {
    gateway: 'paypal',
    isEnabled: true,
    isTestMode: true,
    secrets: { clientSecret: paypal.clientSecret },
    publicConfig: { clientId: paypal.clientId, webhookId: paypal.webhookId },
  })
})
afterAll(async () => {
  delete process.env.BERTH_PAYPAL_API_BASE
  expect(paypal.serverErrors).toEqual([])
  await paypal.stop()
})

const visitor = () => anonymousCtx(db, REQUEST)
const forged = (rawBody: string, ip: string, extra: Record<string, string> = {}) => ({
  provider: 'test',
  rawBody,
  ip,
  headers: {
    [TEST_SIGNATURE_HEADER]: signTestWebhook(rawBody, 'not-the-secret'),
    'content-type': 'application/json',
    ...extra,
  },
})
const rejectedFrom = (ip: string) =>
  db.webhookEvent.findMany({ where: { status: 'REJECTED', ip }, orderBy: { receivedAt: 'asc' } })

describe('rejected webhook deliveries', () => {
  it('keep only the first 8 KB of the body and trimmed headers, secrets masked', async () => {
    const body = JSON.stringify({ id: 'evt_big_forged', padding: 'é'.repeat(50_000) })
    const headers: Record<string, string> = {
      authorization: 'Bearer leaked-token-123',
      cookie: 'sid=leaked-cookie',
      'x-long': 'v'.repeat(5000),
    }
    for (let i = 0; i < 40; i++) headers[`x-extra-${i}`] = String(i)
    const res = await receiveWebhook(visitor(), forged(body, '198.51.100.21', headers))
    expect(res).toMatchObject({ status: 400, body: { received: false, error: 'invalid signature' } })
    const [row] = await rejectedFrom('198.51.100.21')
    const payload = row!.payload as {
      rawBody: string
      truncated: boolean
      bytes: number
      headers: Record<string, string>
    }
    expect(Buffer.byteLength(payload.rawBody)).toBeLessThanOrEqual(REJECTED_BODY_BYTES)
    expect(body.startsWith(payload.rawBody.replace(/\uFFFD$/, ''))).toBe(true)
    expect(payload).toMatchObject({ truncated: true, bytes: Buffer.byteLength(body) })
    expect(Object.keys(payload.headers).length).toBeLessThanOrEqual(30)
    expect(payload.headers).toMatchObject({ authorization: MASK, cookie: MASK, 'x-long': 'v'.repeat(300) })
    expect(JSON.stringify(row)).not.toContain('leaked')
  })

  it(`store at most ${REJECTED_PER_IP_PER_HOUR} an hour per address, even in a burst; the rest get 429 and nothing is stored`, async () => {
    const total = REJECTED_PER_IP_PER_HOUR + 10
    const answers = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        receiveWebhook(visitor(), forged(JSON.stringify({ id: `evt_burst_${i}` }), '198.51.100.22')),
      ),
    )
    expect(answers.filter((a) => a.status === 400)).toHaveLength(REJECTED_PER_IP_PER_HOUR)
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10)
    expect(answers.find((a) => a.status === 429)).toEqual({
      status: 429,
      body: { received: false, error: 'too many invalid deliveries from this address; try again later' },
    })
    expect(await rejectedFrom('198.51.100.22')).toHaveLength(REJECTED_PER_IP_PER_HOUR)
    // Another address is not affected, and rows older than an hour do not count.
    expect((await receiveWebhook(visitor(), forged('{}', '198.51.100.23'))).status).toBe(400)
    await db.webhookEvent.updateMany({
      where: { status: 'REJECTED', ip: '198.51.100.22' },
      data: { receivedAt: new Date(Date.now() - 2 * 3600_000) },
    })
    expect((await receiveWebhook(visitor(), forged('{}', '198.51.100.22'))).status).toBe(400)
  })

  it('are purged by the housekeeping job after 7 days; other webhook rows stay', async () => {
    const old = (days: number) => new Date(Date.now() - days * 86400_000)
    await db.webhookEvent.createMany({
      data: [
        {
          provider: 'test',
          eventId: 'rejected:purge-old',
          type: 'rejected',
          status: 'REJECTED',
          payload: {},
          ip: '198.51.100.24',
          receivedAt: old(8),
        },
        {
          provider: 'test',
          eventId: 'rejected:purge-recent',
          type: 'rejected',
          status: 'REJECTED',
          payload: {},
          ip: '198.51.100.24',
          receivedAt: old(6),
        },
        {
          provider: 'test',
          eventId: 'evt_purge_processed',
          type: 'payment.succeeded',
          status: 'PROCESSED',
          payload: {},
          ip: '198.51.100.24',
          receivedAt: old(30),
        },
      ],
    })
    const purged = await purgeExpiredRecords(db)
    expect(purged.rejectedWebhooks).toBeGreaterThanOrEqual(1)
    expect(
      (await db.webhookEvent.findMany({ where: { ip: '198.51.100.24' }, orderBy: { eventId: 'asc' } })).map(
        (r) => r.eventId,
      ),
    ).toEqual(['evt_purge_processed', 'rejected:purge-recent'])
    expect((await purgeExpiredRecords(db)).rejectedWebhooks).toBe(0)
  })

  it('PayPal: a body that is not an event, or a delivery without its transmission headers, is refused without asking PayPal', async () => {
    const verifyCalls = () =>
      paypal.requests.filter((r) => r.path === '/v1/notifications/verify-webhook-signature').length
    const event = {
      id: 'WH-MALFORMED-1',
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource_type: 'capture',
      resource: { id: 'CAP1' },
    }
    const signed = paypal.signedWebhook(event)
    const { 'paypal-transmission-sig': _sig, ...withoutSignature } = signed.headers
    const tokensBefore = paypal.tokenRequests
    const malformed = [
      { rawBody: '{not json', headers: signed.headers },
      { rawBody: JSON.stringify({ event_type: 'PAYMENT.CAPTURE.COMPLETED' }), headers: signed.headers },
      { rawBody: JSON.stringify([event]), headers: signed.headers },
      { rawBody: signed.body, headers: withoutSignature },
    ]
    for (const delivery of malformed) {
      const res = await receiveWebhook(visitor(), { provider: 'paypal', ip: '198.51.100.25', ...delivery })
      expect(res).toMatchObject({ status: 400, body: { received: false } })
    }
    expect(verifyCalls()).toBe(0)
    expect(paypal.tokenRequests).toBe(tokensBefore)
    expect(await rejectedFrom('198.51.100.25')).toHaveLength(malformed.length)
    // The control: a well-formed event with a forged signature is what PayPal is asked about.
    const res = await receiveWebhook(visitor(), {
      provider: 'paypal',
      ip: '198.51.100.25',
      rawBody: signed.body,
      headers: { ...signed.headers, 'paypal-transmission-sig': 'Zm9yZ2Vk' },
    })
    expect(res.status).toBe(400)
    expect(verifyCalls()).toBe(1)
  })
})
