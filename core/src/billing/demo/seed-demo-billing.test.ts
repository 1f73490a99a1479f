import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { DEMO_LOGINS, seedDemo } from '../../setup'
import { getSettings } from '../../settings'
import type { Ctx } from '../../shared'
import { REQUEST } from '@berth/tests/support/factories'
import { getCreditBalance } from '../credit/get-credit-balance'
import { listInvoices } from '../invoices/list-invoices'
import { listPaymentMethods } from '../payments/list-payment-methods'
import { listTransactions } from '../transactions/list-transactions'

describe('the demo seed, billing part', () => {
  it('gives the demo client paid, partially paid, unpaid and overdue invoices, credit and transactions; tax rules and the test gateway', async () => {
    const db = getDb()
    expect(await seedDemo(db)).toEqual({ seeded: true })
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGINS.client.email } })
    const ctx: Ctx = {
      db,
      actor: { type: 'client', userId: user.id, clientId: user.clientId, label: user.email },
      request: REQUEST,
    }
    // Other parts of the seed (orders, services) add invoices of their own: look for ours.
    const invoices = await listInvoices(ctx, { pageSize: 200 })
    expect(invoices.items.map((i) => i.displayStatus)).toEqual(
      expect.arrayContaining(['OVERDUE', 'PAID', 'PARTIALLY_PAID', 'UNPAID']),
    )
    const paid = invoices.items.find((i) => i.status === 'PAID' && i.total === 2758n)!
    expect(paid).toMatchObject({ subtotal: 2298n, taxTotal: 460n, total: 2758n })
    expect((await getCreditBalance(ctx)).balance).toBeGreaterThan(0n)
    const txns = await listTransactions(ctx, { pageSize: 200 })
    expect(txns.items.map((t) => t.gateway)).toEqual(expect.arrayContaining(['manual', 'test']))
    expect(txns.items.find((t) => t.gatewayTransactionId === 'DEMO-WIRE-0001')).toMatchObject({
      amount: 5000n,
      method: 'Manual payment',
    })
    expect(txns.items.find((t) => t.gateway === 'test')!.fee).toBeGreaterThan(0n)
    expect((await listPaymentMethods(ctx)).map((m) => m.id)).toEqual(
      expect.arrayContaining(['test', 'credit']),
    )
    expect(await db.taxRule.count()).toBeGreaterThanOrEqual(5)
    expect(
      await db.invoice.count({
        where: { status: 'UNPAID', client: { users: { some: { email: 'grace@example.com' } } } },
      }),
    ).toBe(1)
    const settings = await getSettings(db)
    expect(settings['billing.invoiceNumberFormat']).toBe('INV-{YYYY}-{SEQ:5}')
    expect(await db.setting.count({ where: { key: { startsWith: 'billing.' } } })).toBeGreaterThanOrEqual(7)
    // the knowledgebase and announcements the seed publishes are audited alike: count the rest
    const knowledgebase = [{ action: { startsWith: 'kb.' } }, { action: { startsWith: 'announcement.' } }]
    expect(await db.auditEvent.count({ where: { actorLabel: 'demo-seed', NOT: knowledgebase } })).toBe(10)
  })
})
