import { afterAll, describe, expect, it } from 'vitest'
import {
  connectDemoProvisioning,
  DEMO_LOGINS,
  DEMO_PROVISIONING_URL,
  seedDemo,
  signatureHeader,
  type Ctx,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import { startDemoProvisioning, type DemoProvisioning } from '../../scripts/lib/demo-provisioning'
import { drainProvisioningJobs, orderAsClient, payInvoice } from '../support/catalog-factories'
import { REQUEST } from '../support/factories'

/**
 * The demo completes its own loop: `npm start` in demo mode runs a provisioning receiver
 * (scripts/lib/demo-provisioning.ts) and points the demo's webhook servers at it, so every demo
 * product the demo client orders and pays for goes active, through signed calls the receiver
 * checks, with no network. The browser version is tests/e2e/demo-store.spec.ts.
 */
const db = getDb()
const running: DemoProvisioning[] = []
afterAll(async () => {
  for (const r of running) await r.close()
})
const lines: string[] = []
async function start(port = 0) {
  const demo = await startDemoProvisioning(process.env.DATABASE_URL!, {
    host: '127.0.0.1',
    port,
    log: (l) => lines.push(l),
  })
  running.push(demo)
  return demo
}
const serverUrls = async () =>
  Object.fromEntries(
    (await db.server.findMany({ select: { name: true, settings: true } })).map((s) => [
      s.name,
      (s.settings as { url?: string }).url,
    ]),
  )

describe('the demo provisioning receiver', () => {
  it('takes over the demo servers, and every demo product ordered and paid goes active through it', async () => {
    expect(await seedDemo(db)).toEqual({ seeded: true })
    expect(await serverUrls()).toEqual({ web1: DEMO_PROVISIONING_URL, kvm1: DEMO_PROVISIONING_URL })

    const demo = await start()
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/berth\/demo-provisioning$/)
    expect(demo.servers).toEqual(['kvm1', 'web1'])
    expect(await serverUrls()).toEqual({ web1: demo.url, kvm1: demo.url })
    expect(await db.auditEvent.count({ where: { action: 'server.update' } })).toBe(2)

    const user = await db.user.findUniqueOrThrow({
      where: { email: DEMO_LOGINS.client.email },
      select: { id: true, clientId: true },
    })
    const client: Ctx = {
      db,
      actor: { type: 'client', userId: user.id, clientId: user.clientId, label: DEMO_LOGINS.client.email },
      request: REQUEST,
    }
    const products = await db.product.findMany({
      where: { isHidden: false },
      select: { id: true, name: true, slug: true, provisioningModule: true },
      orderBy: { name: 'asc' },
    })
    expect(products.map((p) => p.name)).toEqual([
      'Business',
      'Cloud VPS',
      'Managed WordPress',
      'Pro',
      'Starter',
      'Team Mail',
    ])
    const order = await orderAsClient(
      client,
      products.map((p) => ({ productId: p.id, domain: `${p.slug}.newcomer.example` })),
    )
    await payInvoice(order.invoiceId)
    const results = await drainProvisioningJobs(db)
    expect(results.map((r) => r.outcome)).toEqual(['done', 'done', 'done', 'done'])

    const services = await db.service.findMany({
      where: { id: { in: order.serviceIds } },
      select: {
        id: true,
        status: true,
        username: true,
        serverId: true,
        product: { select: { name: true, provisioningModule: true } },
      },
      orderBy: { product: { name: 'asc' } },
    })
    expect(services.map((s) => `${s.product.name}: ${s.status}`)).toEqual(
      products.map((p) => `${p.name}: ACTIVE`),
    )
    for (const s of services.filter((x) => x.product.provisioningModule === 'webhook')) {
      expect(s.username).toBe(demo.receiver.accounts.get(s.id)!.username)
      expect(s.serverId).not.toBeNull()
    }
    expect(demo.receiver.calls.map((c) => [c.event, c.signatureValid, c.status])).toEqual(
      Array.from({ length: 4 }, () => ['service.create', true, 200]),
    )
    expect(await db.moduleCall.count({ where: { success: false } })).toBe(0)
    expect(lines.filter((l) => / service\.create for .*: done \(username /.test(` ${l}`))).toHaveLength(4)
  }, 120_000) // the demo seed hashes passwords and writes the whole demo: slow on a busy machine

  it('suspends, unsuspends, terminates and changes packages through it; a wrong signature is refused', async () => {
    const demo = running[0]!
    for (const event of [
      'service.suspend',
      'service.unsuspend',
      'service.changePackage',
      'service.terminate',
    ]) {
      const body = JSON.stringify({
        event,
        idempotencyKey: `k-${event}`,
        service: { id: 'svc-1' },
        product: { slug: 'pro' },
      })
      const signed = await fetch(demo.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-berth-signature': signatureHeader(demo.receiver.secrets[0]!, body),
        },
        body,
      })
      expect([event, signed.status, await signed.json()]).toEqual([event, 200, { ok: true }])
    }
    const body = JSON.stringify({ event: 'service.create', service: { id: 'svc-2' } })
    const forged = await fetch(demo.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-berth-signature': signatureHeader('not-the-demo-secret-at-all', body),
      },
      body,
    })
    expect(forged.status).toBe(401)
    expect(demo.receiver.accounts.has('svc-2')).toBe(false)
  })

  it('follows the receiver to another port on the next start, takes over the old placeholder, and leaves servers staff pointed elsewhere alone', async () => {
    const first = running[0]!
    expect((await connectDemoProvisioning(db, { url: first.url })).repointed).toEqual([]) // same address: nothing to do
    await db.server.updateMany({
      where: { name: 'kvm1' },
      data: { settings: { url: 'https://panel.example.com/berth' } },
    })
    // a demo database seeded before the receiver existed: web1 at the old placeholder, taken over too
    await db.server.updateMany({
      where: { name: 'web1' },
      data: { settings: { url: 'https://provisioning.example.invalid/berth' } },
    })
    await first.close()
    const next = await start()
    expect(next.url).not.toBe(first.url)
    expect(next.servers).toEqual(['web1'])
    expect(await serverUrls()).toEqual({ web1: next.url, kvm1: 'https://panel.example.com/berth' })
  })
})
