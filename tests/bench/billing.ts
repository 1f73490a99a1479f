// `npx tsx tests/bench/billing.ts`: invoice PDF rendering time and webhook handling throughput.
//  1. renderInvoicePdf for a published 12-line invoice with payments, 40 times (after 3 warm-ups):
//     mean, p50 and p95 in milliseconds.
//  2. receiveWebhook for signed test-gateway payment events, each paying its own invoice, with 8
//     deliveries in flight: events per second, first deliveries then the same events again
//     (duplicates answered from the inbox).
// Runs on DATABASE_URL's server or a throwaway embedded PostgreSQL, in a database of its own that
// is dropped at the end. Results go to tests/bench/results/billing-<date>.json.
import { createPrismaClient } from '@berth/prisma'
import { inBenchDatabase, writeBenchResults } from './bench-database'

const PDF_RUNS = 40
const WEBHOOKS = 300
const IN_FLIGHT = 8

const results: Record<string, number> = {}

await inBenchDatabase('billing', async (url) => {
  const core = await import('@berth/core')
  await core.prepareDatabase(url, { demo: false })
  const db = createPrismaClient(url, { max: IN_FLIGHT + 2 })
  try {
    const role = await db.role.findUniqueOrThrow({ where: { name: 'Super admin' } })
    const staffRow = await db.staff.create({
      data: {
        email: 'bench@berth.test',
        firstName: 'Bench',
        lastName: 'Mark',
        roleId: role.id,
        passwordHash: 'x',
      },
    })
    const staff: import('@berth/core').Ctx = {
      db,
      actor: {
        type: 'staff',
        staffId: staffRow.id,
        permissions: [...role.permissions] as never,
        label: staffRow.email,
      },
      request: { ip: null, userAgent: 'bench' },
    }
    await db.taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
    await core.updateGatewayConfig(staff, { gateway: 'test', isEnabled: true })
    const client = await db.client.create({
      data: {
        companyName: 'Bench Ltd',
        address1: '1 Bench Road',
        city: 'London',
        postcode: 'E1 1AA',
        country: 'GB',
        currencyCode: 'USD',
        users: {
          create: { email: 'client@bench.test', firstName: 'Ben', lastName: 'Ch', passwordHash: 'x' },
        },
      },
      include: { users: true },
    })
    const clientCtx: import('@berth/core').Ctx = {
      db,
      actor: { type: 'client', clientId: client.id, userId: client.users[0]!.id, label: 'client@bench.test' },
      request: { ip: null, userAgent: 'bench' },
    }

    // 1. PDF rendering.
    const items = Array.from({ length: 12 }, (_, i) => ({
      description: `Service line ${i + 1}: hosting plan with a description long enough to wrap`,
      quantity: 1 + (i % 3),
      unitAmount: 1000 + i * 37,
      isTaxable: i % 4 !== 0,
    }))
    const draft = await core.createInvoice(staff, { clientId: client.id, items })
    const inv = await core.publishInvoice(staff, { invoiceId: draft.id })
    await core.recordManualPayment(staff, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 5000,
      reference: 'BENCH-1',
    })
    for (let i = 0; i < 3; i++) await core.renderInvoicePdf(clientCtx, { invoiceId: inv.id })
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i < PDF_RUNS; i++) {
      const t0 = performance.now()
      const pdf = await core.renderInvoicePdf(clientCtx, { invoiceId: inv.id })
      times.push(performance.now() - t0)
      bytes = pdf.length
    }
    times.sort((a, b) => a - b)
    results.pdfMeanMs = times.reduce((a, b) => a + b, 0) / times.length
    results.pdfP50Ms = times[Math.floor(times.length * 0.5)]!
    results.pdfP95Ms = times[Math.floor(times.length * 0.95)]!
    results.pdfBytes = bytes
    console.log(
      `invoice PDF (12 lines, 1 payment): mean ${results.pdfMeanMs.toFixed(1)} ms, p50 ${results.pdfP50Ms.toFixed(1)} ms, p95 ${results.pdfP95Ms.toFixed(1)} ms, ${bytes} bytes`,
    )

    // 2. Webhook throughput: one open checkout per invoice, one signed payment event each.
    const deliveries: { provider: string; rawBody: string; headers: Record<string, string> }[] = []
    for (let i = 0; i < WEBHOOKS; i++) {
      const d = await core.createInvoice(staff, {
        clientId: client.id,
        items: [{ description: `Invoice ${i}`, quantity: 1, unitAmount: 1000 }],
      })
      const p = await core.publishInvoice(staff, { invoiceId: d.id })
      const started = await core.startPayment(clientCtx, { invoiceId: p.id, gateway: 'test' })
      const rawBody = core.testWebhookBody(`evt_bench_${i}`, [
        {
          kind: 'payment.succeeded',
          gatewayTransactionId: `tpay_bench_${i}`,
          paymentSessionId: started.paymentSessionId,
          amount: p.total,
          currency: 'USD',
          fee: 30n,
          occurredAt: new Date(),
        },
      ])
      deliveries.push({
        provider: 'test',
        rawBody,
        headers: { [core.TEST_SIGNATURE_HEADER]: core.signTestWebhook(rawBody) },
      })
    }
    const visitor = core.anonymousCtx(db, { ip: '127.0.0.1', userAgent: 'bench' })
    const run = async (label: string) => {
      let next = 0
      const statuses: Record<number, number> = {}
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < deliveries.length) {
            const d = deliveries[next++]!
            const res = await core.receiveWebhook(visitor, d)
            statuses[res.status] = (statuses[res.status] ?? 0) + 1
          }
        }),
      )
      const seconds = (performance.now() - t0) / 1000
      const perSecond = deliveries.length / seconds
      console.log(
        `webhooks, ${label}: ${deliveries.length} in ${seconds.toFixed(2)} s = ${perSecond.toFixed(0)} events/s (${IN_FLIGHT} in flight; statuses ${JSON.stringify(statuses)})`,
      )
      return perSecond
    }
    results.webhookFirstDeliveryPerSecond = await run('first delivery (payment applied, receipt queued)')
    results.webhookDuplicatePerSecond = await run('same events again (duplicates)')
    const paid = await db.invoice.count({ where: { clientId: client.id, status: 'PAID' } })
    const txns = await db.transaction.count({ where: { clientId: client.id, gateway: 'test' } })
    if (txns !== WEBHOOKS || paid < WEBHOOKS)
      throw new Error(`expected ${WEBHOOKS} payments, found ${txns} transactions and ${paid} paid invoices`)
  } finally {
    await db.$disconnect()
  }
})

writeBenchResults('billing', results)
