import { afterAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { recordManualPayment, requestModuleCall } from '@berth/core'
import { startProvisioningReceiver } from '../../../tests/fakes/provisioning-receiver'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { makeProduct, orderAsClient, superAdmin } from '@berth/tests/support/catalog-factories'
import { startWorker } from '../worker'
import { handleProvisioningCall } from './provisioning-call'

const db = getDb()
const receiver = await startProvisioningReceiver()
afterAll(() => receiver.close())

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
  it('paid invoice → invoice.paid → provisioning.call → active service, through the real queue', async () => {
    const admin = await superAdmin()
    const product = await makeProduct(admin, {
      provisioningModule: 'webhook',
      moduleSettings: { url: receiver.url, secret: receiver.secret },
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: product.id }])
    const worker = await startWorker(process.env.DATABASE_URL!, () => {})
    try {
      const billing = (await makeStaff('Billing')).ctx
      const paidAt = Date.now()
      await recordManualPayment(billing, {
        invoiceId: order.invoiceId,
        method: 'bank_transfer',
        amount: order.total,
        reference: 'wire-1',
      })
      const service = await until(
        () => db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } }),
        (s) => s.status === 'ACTIVE',
      )
      const elapsed = Date.now() - paidAt
      expect(service.username).toBe(receiver.accounts.get(service.id)!.username)
      expect(elapsed).toBeLessThan(10_000)
      console.info(`paid → active through the worker: ${elapsed} ms`)
    } finally {
      await worker.stop()
    }
  })

  it('a retryable failure is thrown so pg-boss retries; a refusal is not', async () => {
    const admin = await superAdmin()
    const product = await makeProduct(admin, {
      provisioningModule: 'webhook',
      moduleSettings: { url: receiver.url, secret: receiver.secret },
      autoSetup: 'NEVER',
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: product.id }])
    const job = await db.$transaction((tx) =>
      requestModuleCall(tx, { serviceId: order.serviceIds[0]!, action: 'create', transition: 'activate' }),
    )
    receiver.setMode('fail', 1)
    await expect(handleProvisioningCall(job)).rejects.toThrow(/HTTP 500/)
    receiver.setMode('refuse', 1)
    await expect(handleProvisioningCall(job)).resolves.toMatchObject({ outcome: 'failed', retryable: false })
    await expect(handleProvisioningCall(job)).resolves.toMatchObject({ outcome: 'done' })
  })
})
