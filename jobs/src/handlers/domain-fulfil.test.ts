import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { recordManualPayment } from '@berth/core'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { item, makeInvoice } from '@berth/tests/support/billing-factories'
import { startWorker } from '../worker'

const db = getDb()

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const v = await read()
    if (done(v)) return v
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('the worker', () => {
  it('paid invoice → invoice.paid → domains.fulfil → registered at the sandbox, ACTIVE, through the real queue', async () => {
    const admin = await superAdmin()
    const client = await makeClient()
    const domain = await db.domain.create({
      data: {
        clientId: client.clientId,
        name: `worker-${uid()}.com`,
        tld: 'com',
        registrar: 'sandbox',
        status: 'PENDING',
        currencyCode: 'USD',
        recurringAmount: 1200n,
        years: 1,
      },
    })
    const invoice = await makeInvoice(admin, client.clientId, [item(1200)])
    // The invoice's one line becomes the domain's registration line (checkout writes it so).
    const start = new Date(Date.UTC(2030, 0, 1))
    await db.invoiceItem.updateMany({
      where: { invoiceId: invoice.id },
      data: {
        type: 'DOMAIN',
        domainId: domain.id,
        periodStart: start,
        periodEnd: new Date(Date.UTC(2031, 0, 1)),
      },
    })
    const worker = await startWorker(process.env.DATABASE_URL!, () => {})
    try {
      const billing = (await makeStaff('Billing')).ctx
      const { total } = await db.invoice.findUniqueOrThrow({
        where: { id: invoice.id },
        select: { total: true },
      })
      await recordManualPayment(billing, {
        invoiceId: invoice.id,
        method: 'bank_transfer',
        amount: total,
        reference: 'wire-domain',
      })
      const after = await until(
        () => db.domain.findUniqueOrThrow({ where: { id: domain.id } }),
        (d) => d.status === 'ACTIVE',
      )
      expect(after.expiryDate).toBeTruthy()
      expect(await db.sandboxDomain.count({ where: { name: domain.name } })).toBe(1)
      expect(await db.moduleCall.count({ where: { domainId: domain.id, action: 'register' } })).toBe(1)
    } finally {
      await worker.stop()
    }
  })
})
