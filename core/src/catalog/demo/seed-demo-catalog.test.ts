import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { DEMO_PROVISIONING_URL } from '../../provisioning'
import { seedDemo } from '../../setup'
import { getSettings } from '../../settings'
import { listStoreGroups } from '../list-store'
import { seedDemoCatalog } from './seed-demo-catalog'
import { payInvoice } from '@berth/tests/support/catalog-factories'

const db = getDb()

describe('the demo catalog', () => {
  it("seeds plans, a configurable VPS, a SaaS product, addons, WELCOME10, servers, and the demo client's services", async () => {
    expect(await seedDemo(db)).toEqual({ seeded: true })
    const store = await listStoreGroups(db, { currency: 'GBP' })
    expect(store.map((g) => [g.name, g.products.map((p) => p.name)])).toEqual([
      ['Shared Hosting', ['Starter', 'Pro', 'Business']],
      ['VPS', ['Cloud VPS']],
      ['Software', ['Team Mail', 'Managed WordPress']],
    ])
    expect(store[0]!.products[0]!.fromPrice).toEqual({ cycle: 'MONTHLY', amount: 399n, setupFee: 0n })
    const vps = await db.product.findFirstOrThrow({
      where: { slug: 'cloud-vps' },
      include: { configOptionGroups: { include: { group: { include: { options: true } } } } },
    })
    expect(vps.configOptionGroups[0]!.group.options.map((o) => o.name).sort()).toEqual([
      'Disk',
      'Extra IPv4 addresses',
      'Location',
      'Operating system',
      'RAM',
    ])
    const server = await db.server.findFirstOrThrow({ where: { name: 'web1' } })
    expect([server.module, server.credentialsEnc?.startsWith('v2:')]).toEqual(['webhook', true])
    // Every product with a module provisions through the demo receiver `npm start` runs (no network).
    const servers = await db.server.findMany({
      orderBy: { name: 'asc' },
      select: { name: true, module: true, settings: true, group: { select: { name: true } } },
    })
    expect(servers).toEqual([
      { name: 'kvm1', module: 'webhook', settings: { url: DEMO_PROVISIONING_URL }, group: { name: 'Cloud' } },
      {
        name: 'web1',
        module: 'webhook',
        settings: { url: DEMO_PROVISIONING_URL },
        group: { name: 'Hosting' },
      },
    ])
    expect((await getSettings(db))['provisioning.allowPrivateWebhookTargets']).toBe(true) // the demo's servers are on loopback
    const modules = await db.product.findMany({
      orderBy: { name: 'asc' },
      select: { name: true, provisioningModule: true, serverGroup: { select: { name: true } } },
    })
    expect(
      modules.map(
        (p) =>
          `${p.name}: ${p.provisioningModule ?? 'none'}${p.serverGroup ? ` on ${p.serverGroup.name}` : ''}`,
      ),
    ).toEqual([
      'Business: webhook on Hosting',
      'Cloud VPS: webhook on Cloud',
      'Managed WordPress: none',
      'Pro: webhook on Hosting',
      'Starter: webhook on Hosting',
      'Team Mail: none',
    ])

    const client = await db.client.findFirstOrThrow({
      where: { companyName: 'Demo Web Co' },
      include: { services: { include: { product: true } } },
    })
    const byStatus = Object.fromEntries(client.services.map((s) => [s.status, s.product.name]))
    expect(byStatus).toEqual({ ACTIVE: 'Pro', SUSPENDED: 'Cloud VPS', PENDING: 'Managed WordPress' })
    const suspended = client.services.find((s) => s.status === 'SUSPENDED')!
    expect(suspended.suspendedForNonPayment).toBe(true)
    const overdue = await db.invoice.findFirstOrThrow({
      where: { items: { some: { serviceId: suspended.id } } },
    })
    expect(overdue.status).toBe('UNPAID')
    expect(overdue.dueDate < new Date()).toBe(true)
    const pending = client.services.find((s) => s.status === 'PENDING')!
    const order = await db.order.findUniqueOrThrow({
      where: { id: pending.orderId! },
      include: { invoices: { include: { items: true } } },
    })
    expect([order.status, order.invoices[0]!.status]).toEqual(['PENDING', 'UNPAID'])
    expect(order.invoices[0]!.items.map((i) => i.type).sort()).toEqual(['ADDON', 'SERVICE'])
    expect(await db.invoice.count({ where: { clientId: client.id } })).toBe(4) // billing's demo invoices, nothing more
    expect((await db.promotion.findUniqueOrThrow({ where: { code: 'WELCOME10' } })).usesCount).toBe(0)
    // paying the overdue invoice unsuspends the VPS (an unsuspend call to its server, kvm1)
    expect(await payInvoice(overdue.id)).toMatchObject({ unsuspended: 1, advanced: 1 })
    expect(
      await seedDemoCatalog(db as never, { demoClientId: client.id, demoUserId: '', demoUserEmail: '' }),
    ).toEqual({ seeded: false })
  })
})
