import { beforeAll, describe, expect, it } from 'vitest'
import { signTestWebhook, TEST_SIGNATURE_HEADER, testWebhookBody } from '@berth/core'
import { getDb } from '@berth/prisma'
import { enableTestGateway, makeBillingTeam } from '@berth/tests/support/billing-factories'
import { MB, sendLargeBody } from '@berth/tests/support/large-body'
import { usePortalServer } from '../test/portal-server'
import { Visitor } from '../test/visitor'

/**
 * The body limit holds on the stream, not on Content-Length: chunked bodies (which carry none) are
 * counted as they arrive, refused with 413 once past the limit (64 KB for forms, 1 MB for webhooks),
 * the connection closed, and nothing behind the limit runs.
 */
const portal = usePortalServer()

beforeAll(async () => {
  await enableTestGateway((await makeBillingTeam()).admin.ctx)
})

async function rowCounts() {
  const db = getDb()
  return {
    sessions: await db.session.count(),
    loginAttempts: await db.loginAttempt.count(),
    carts: await db.cart.count(),
    webhookEvents: await db.webhookEvent.count(),
  }
}

describe('request bodies on the portal', () => {
  it('refuses a 50 MB chunked POST to /login with 413 long before it is sent, with flat memory and nothing stored', async () => {
    const v = new Visitor(() => portal.url)
    await v.get('/login')
    const before = await rowCounts()
    const answer = await sendLargeBody(portal.url, '/login', {
      totalBytes: 50 * MB,
      prefix: `csrf=${encodeURIComponent(v.csrf)}&email=someone%40example.test&password=`,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: new URL(portal.url).origin,
        Cookie: v.cookieHeader(),
      },
    })
    expect(answer.status).toBe(413)
    expect(answer.text).toBe('Request body too large')
    // Answered (and cut off) while the client was still sending: the server read a small part.
    expect(answer.bytesSent).toBeLessThan(answer.totalBytes / 2)
    expect(answer.rssGrowth).toBeLessThan(30 * MB)
    expect(await rowCounts()).toEqual(before)
    // The portal still answers, and a form post within the limit still works.
    expect((await v.post('/login', { email: 'someone@example.test', password: 'x' })).status).toBe(401)
  })

  it('counts chunked bytes on every route: 64 KB + 1 byte of a chunked form is refused, 64 KB passes', async () => {
    const over = await sendLargeBody(portal.url, '/register', {
      totalBytes: 64 * 1024 + 1,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(over.status).toBe(413)
    const within = await sendLargeBody(portal.url, '/register', {
      totalBytes: 64 * 1024,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    // Read whole and handed on: Remix refuses it for having no CSRF token (403), not for its size.
    expect(within.status).not.toBe(413)
    expect(within.bytesSent).toBe(64 * 1024)
  })

  it('refuses an oversized chunked webhook with 413 and stores no WebhookEvent row', async () => {
    const before = await rowCounts()
    const answer = await sendLargeBody(portal.url, '/webhooks/test', {
      totalBytes: 50 * MB,
      prefix: '{"id":"evt_chunked_huge","padding":"',
      headers: { 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: 't=1,v1=00' },
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.text)).toEqual({ received: false, error: 'body too large' })
    expect(answer.bytesSent).toBeLessThan(answer.totalBytes / 2)
    expect(answer.rssGrowth).toBeLessThan(30 * MB)
    expect(await rowCounts()).toEqual(before)
    expect(await getDb().webhookEvent.count({ where: { eventId: 'evt_chunked_huge' } })).toBe(0)
  })

  it('still hands a chunked webhook within 1 MB to core whole, exactly as sent', async () => {
    const body = testWebhookBody('evt_chunked_ok', []).replace('}', `,"padding":"${'x'.repeat(200 * 1024)}"}`)
    const answer = await sendLargeBody(portal.url, '/webhooks/test', {
      totalBytes: Buffer.byteLength(body),
      prefix: body,
      headers: { 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: signTestWebhook(body) },
    })
    expect(answer.status).toBe(200)
    expect(answer.bytesSent).toBe(Buffer.byteLength(body))
    // The signature (over the whole body as sent) verified: the event is in the inbox, with nothing to apply.
    const row = await getDb().webhookEvent.findFirstOrThrow({
      where: { provider: 'test', eventId: 'evt_chunked_ok' },
    })
    expect(row.status).toBe('IGNORED')
  })
})
