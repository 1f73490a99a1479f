// `npx tsx tests/bench/checkout.ts`: checkout throughput and the time from a paid webhook to an
// active service.
//  1. Orders per second: existing clients check out a configured VPS (RAM choice, extra IPs, an
//     addon; one order, one pending service and one published invoice each), one at a time, then
//     8 at once.
//  2. Paid → active: for each of 10 orders, a signed payment webhook (test gateway) is handed to
//     core's receiveWebhook while the real worker runs; the clock stops when the service is ACTIVE,
//     provisioned through the webhook module against a local receiver that checks the signature.
// Runs on DATABASE_URL's server or a throwaway embedded PostgreSQL, in a database of its own that
// is dropped at the end. Results go to tests/bench/results/checkout-<date>.json.
import { inBenchDatabase, writeBenchResults } from './bench-database'

const SEQUENTIAL = 30
const CONCURRENT = 40
const IN_FLIGHT = 8
const PAID_TO_ACTIVE = 10

const results: Record<string, number> = {}

await inBenchDatabase('checkout', async (url) => {
  const core = await import('@berth/core')
  const { getDb, disconnectDb } = await import('@berth/prisma')
  const f = await import('../support/catalog-factories')
  const { startProvisioningReceiver } = await import('../fakes/provisioning-receiver')
  await core.prepareDatabase(url, { demo: false })
  const db = getDb()
  const receiver = await startProvisioningReceiver()
  try {
    const admin = await f.superAdmin(db)
    await core.updateGatewayConfig(admin, { gateway: 'test', isEnabled: true })
    const vps = await f.makeVpsCatalog(admin, {
      provisioningModule: 'webhook',
      moduleSettings: { url: receiver.url, secret: receiver.secret, timeoutMs: 5000 },
    })
    const item = (i: number) => ({
      productId: vps.product.id,
      domain: `vps${i}.bench.test`,
      options: { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: 1 },
      addonIds: [vps.backups.id],
    })
    console.log('creating clients...')
    const clients: Awaited<ReturnType<typeof f.makeClient>>[] = []
    for (let i = 0; i < SEQUENTIAL + CONCURRENT + PAID_TO_ACTIVE; i++)
      clients.push(await f.makeClient({}, db))

    // 1a. One at a time.
    let t0 = performance.now()
    for (let i = 0; i < SEQUENTIAL; i++) await f.orderAsClient(clients[i]!.ctx, [item(i)])
    results.checkoutSequentialPerSecond = SEQUENTIAL / ((performance.now() - t0) / 1000)
    console.log(`checkout, one at a time: ${results.checkoutSequentialPerSecond.toFixed(1)} orders/s`)

    // 1b. Eight at once.
    let next = SEQUENTIAL
    t0 = performance.now()
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < SEQUENTIAL + CONCURRENT) {
          const i = next++
          await f.orderAsClient(clients[i]!.ctx, [item(i)])
        }
      }),
    )
    results.checkoutConcurrentPerSecond = CONCURRENT / ((performance.now() - t0) / 1000)
    console.log(`checkout, ${IN_FLIGHT} at once: ${results.checkoutConcurrentPerSecond.toFixed(1)} orders/s`)
    const orders = await db.order.count()
    if (orders !== SEQUENTIAL + CONCURRENT)
      throw new Error(`expected ${SEQUENTIAL + CONCURRENT} orders, found ${orders}`)

    // 2. Paid webhook → active service, with the real worker.
    const { startWorker } = await import('@berth/jobs')
    const worker = await startWorker(url, () => {})
    const visitor = core.anonymousCtx(db, { ip: '127.0.0.1', userAgent: 'bench' })
    const waits: number[] = []
    try {
      for (let i = SEQUENTIAL + CONCURRENT; i < clients.length; i++) {
        const order = await f.orderAsClient(clients[i]!.ctx, [item(i)])
        const invoice = await db.invoice.findUniqueOrThrow({
          where: { id: order.invoiceId },
          select: { total: true },
        })
        const started = await core.startPayment(clients[i]!.ctx, {
          invoiceId: order.invoiceId,
          gateway: 'test',
        })
        const rawBody = core.testWebhookBody(`evt_bench_paid_${i}`, [
          {
            kind: 'payment.succeeded',
            gatewayTransactionId: `tpay_paid_${i}`,
            paymentSessionId: started.paymentSessionId,
            amount: invoice.total,
            currency: 'USD',
            fee: 0n,
            occurredAt: new Date(),
          },
        ])
        const t = performance.now()
        const res = await core.receiveWebhook(visitor, {
          provider: 'test',
          rawBody,
          headers: { [core.TEST_SIGNATURE_HEADER]: core.signTestWebhook(rawBody) },
        })
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`)
        for (;;) {
          const s = await db.service.findUniqueOrThrow({
            where: { id: order.serviceIds[0]! },
            select: { status: true, lastModuleError: true },
          })
          if (s.status === 'ACTIVE') break
          if (performance.now() - t > 60_000)
            throw new Error(`service not active after 60 s: ${s.status} ${s.lastModuleError ?? ''}`)
          await new Promise((r) => setTimeout(r, 20))
        }
        waits.push(performance.now() - t)
      }
    } finally {
      await worker.stop()
    }
    waits.sort((a, b) => a - b)
    results.paidToActiveMeanMs = waits.reduce((a, b) => a + b, 0) / waits.length
    results.paidToActiveP50Ms = waits[Math.floor(waits.length / 2)]!
    results.paidToActiveMaxMs = waits[waits.length - 1]!
    const signed = receiver.calls.filter((c) => c.signatureValid).length
    console.log(
      `paid webhook → active service: mean ${results.paidToActiveMeanMs.toFixed(0)} ms, p50 ${results.paidToActiveP50Ms.toFixed(0)} ms, max ${results.paidToActiveMaxMs.toFixed(0)} ms (${signed} signed calls received)`,
    )
  } finally {
    await receiver.close()
    await disconnectDb()
  }
})

writeBenchResults('checkout', results)
