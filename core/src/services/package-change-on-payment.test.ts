import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import {
  drainProvisioningJobs,
  makeClientWithService,
  makeGroup,
  makeProduct,
  makePromotion,
  orderAsClient,
  payInvoice,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { activateService } from './activate-service'
import { addCredit, applyCreditToInvoice, createServiceInvoice, recordManualPayment } from '../billing'
import { addDays, addMonths, toDateOnly } from '../catalog'
import { purgeExpiredRecords } from '../automation'
import { updateSettings } from '../settings'
import { DomainError, inTransaction } from '../shared'
import { changePackage, previewPackageChange } from './change-package'
import { handleInvoicePaid } from './handle-invoice-paid'
import { cancelPackageChange, expirePackageChanges, getPendingPackageChange } from './package-changes'
import { suspendService } from './suspend-service'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const group = await makeGroup(admin)
// Starter 5.00, Pro 10.00, Business 25.00 a month; Business has a module (manual: a changePackage
// call becomes a staff task), so moving to it calls the module
const plan = (name: string, amount: number, extra: Record<string, unknown> = {}) =>
  makeProduct(admin, { groupId: group.id, name, prices: [{ cycle: 'MONTHLY', amount }], ...extra })
const starter = await plan('Starter', 500)
const pro = await plan('Pro', 1000)
const business = await plan('Business', 2500, { provisioningModule: 'manual' })
const today = toDateOnly(new Date())
const opts = { options: {} }

/** what the client paid, in total, on every invoice, and what the account was credited */
async function moneyOf(clientId: string) {
  const invoices = await db.invoice.findMany({ where: { clientId }, select: { amountPaid: true } })
  const credits = await db.creditEntry.findMany({
    where: { clientId, amount: { gt: 0n }, kind: 'ADJUSTMENT' },
    select: { amount: true },
  })
  return {
    paid: invoices.reduce((a, i) => a + i.amountPaid, 0n),
    credited: credits.reduce((a, c) => a + c.amount, 0n),
  }
}

/** module work asked for a service's changePackage: queued jobs and calls made */
async function changePackageCalls(serviceId: string) {
  const jobs = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'provisioning.call' AND data->>'serviceId' = ${serviceId} AND data->>'action' = 'changePackage'`
  const calls = await db.moduleCall.count({ where: { serviceId, action: 'changePackage' } })
  return { jobs: Number(jobs[0]!.n), calls }
}

async function service(serviceId: string) {
  return db.service.findUniqueOrThrow({
    where: { id: serviceId },
    select: { productId: true, recurringAmount: true, status: true, configOptions: true },
  })
}

describe('an upgrade that costs money waits for its invoice', () => {
  it('keeps the service as it was, tells client and staff, never reaches the module until paid, then applies once', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const preview = await previewPackageChange(client.ctx, { serviceId, productId: business.id, ...opts })
    expect([preview.appliesOnPayment, preview.expiresOn?.toISOString()]).toEqual([
      true,
      addDays(today, 7).toISOString(),
    ])
    const up = await changePackage(client.ctx, {
      serviceId,
      productId: business.id,
      ...opts,
      expectedAmount: '1500',
    })
    expect([up.status, up.proration.amount]).toEqual(['PENDING', 1500n])
    const invoice = await db.invoice.findUniqueOrThrow({ where: { id: up.invoiceId! } })
    expect([invoice.status, invoice.total, invoice.dueDate.toISOString()]).toEqual([
      'UNPAID',
      1500n,
      addDays(today, 7).toISOString(),
    ])
    // the last day to pay is the invoice's due date; both expire at the midnight after it
    expect(
      (await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).expiresAt?.toISOString(),
    ).toBe(addDays(today, 8).toISOString())
    // the service keeps its product and price; nothing reaches the module
    expect(await service(serviceId)).toMatchObject({ productId: pro.id, recurringAmount: 1000n })
    await drainProvisioningJobs()
    expect(await changePackageCalls(serviceId)).toEqual({ jobs: 0, calls: 0 })
    // client and staff see it
    const seen = await getPendingPackageChange(client.ctx, serviceId)
    expect(seen).toMatchObject({
      toProduct: { name: 'Business' },
      fromProduct: { name: 'Pro' },
      invoice: { id: up.invoiceId, balance: 1500n },
      newRecurring: 2500n,
    })
    expect((await getPendingPackageChange(admin, serviceId))?.id).toBe(up.changeId)
    const stranger = await makeClient()
    await expect(getPendingPackageChange(stranger.ctx, serviceId)).toBeRefusedWith('NOT_FOUND')
    // a second change is refused while one is pending, in words
    const second = await fail(changePackage(client.ctx, { serviceId, productId: starter.id, ...opts }))
    expect([second.code, second.message]).toEqual([
      'INVALID_TRANSITION',
      expect.stringContaining('A change to Business is waiting for payment of invoice'),
    ])
    expect(
      (await fail(previewPackageChange(admin, { serviceId, productId: starter.id, ...opts }))).code,
    ).toBe('INVALID_TRANSITION')

    // paying applies it, once, even when the hook runs twice; only then the module is called
    const paid = await payInvoice(up.invoiceId!)
    expect(paid.packageChanges).toBe(1)
    expect((await handleInvoicePaid(db, { invoiceId: up.invoiceId! })).packageChanges).toBe(0)
    expect(await service(serviceId)).toMatchObject({ productId: business.id, recurringAmount: 2500n })
    expect(await changePackageCalls(serviceId)).toEqual({ jobs: 1, calls: 0 })
    await drainProvisioningJobs()
    expect(await changePackageCalls(serviceId)).toEqual({ jobs: 1, calls: 1 })
    expect(await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).toMatchObject({
      status: 'APPLIED',
      pendingServiceId: null,
    })
    expect(
      await db.auditEvent.count({ where: { action: 'service.change-package', targetId: serviceId } }),
    ).toBe(1)
    expect(await getPendingPackageChange(client.ctx, serviceId)).toBeNull()
  })

  it('upgrade then downgrade at once: unpaid, nothing to credit beyond what was paid; paid, the upgrade comes back and no more', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const up = await changePackage(client.ctx, { serviceId, productId: business.id, ...opts })
    // the unpaid upgrade cannot be turned into credit: the downgrade is refused while it waits...
    expect((await fail(changePackage(client.ctx, { serviceId, productId: pro.id, ...opts }))).code).toBe(
      'INVALID_TRANSITION',
    )
    // ...and once withdrawn, a downgrade is priced from what the service really is and was paid (Pro, 10.00)
    await cancelPackageChange(client.ctx, { serviceId })
    expect((await db.invoice.findUniqueOrThrow({ where: { id: up.invoiceId! } })).status).toBe('CANCELLED')
    const down = await changePackage(client.ctx, { serviceId, productId: starter.id, ...opts })
    expect([down.status, down.credit]).toEqual(['APPLIED', 500n])
    const m = await moneyOf(client.clientId)
    expect(m).toEqual({ paid: 1000n, credited: 500n })
  })

  it('a paid upgrade, downgraded the same day and again: the credits add up to what was paid above the new package', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const up = await changePackage(client.ctx, { serviceId, productId: business.id, ...opts })
    await payInvoice(up.invoiceId!)
    await drainProvisioningJobs()
    const back = await changePackage(client.ctx, { serviceId, productId: pro.id, ...opts })
    expect(back.credit).toBe(1500n)
    const down = await changePackage(client.ctx, { serviceId, productId: starter.id, ...opts })
    expect([down.credit, down.proratedCredit]).toEqual([500n, 500n])
    // the once-a-day rule stays for upgrades (one upgrade invoice per service per day)
    expect(
      (await fail(changePackage(client.ctx, { serviceId, productId: pro.id, ...opts }))).message,
    ).toContain('already changed today')
    const m = await moneyOf(client.clientId)
    expect(m).toEqual({ paid: 2500n, credited: 2000n }) // 25.00 paid, Starter's 5.00 kept
  })

  it('upgrade then downgrade a day later: each priced for the days left, credit within what was paid', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const svc = await db.service.findUniqueOrThrow({
      where: { id: serviceId },
      select: { nextDueDate: true },
    })
    const total = Math.round((svc.nextDueDate!.getTime() - today.getTime()) / 86400_000)
    const day1 = addDays(today, 1)
    const up = await changePackage(
      client.ctx,
      { serviceId, productId: business.id, ...opts },
      { today: day1 },
    )
    const charge = (1500n * BigInt(total - 1) * 2n + BigInt(total)) / (2n * BigInt(total))
    expect(up.proration.amount).toBe(charge)
    await payInvoice(up.invoiceId!)
    await drainProvisioningJobs()
    const day2 = addDays(today, 2)
    const preview = await previewPackageChange(
      client.ctx,
      { serviceId, productId: starter.id, ...opts },
      { today: day2 },
    )
    const down = await changePackage(
      client.ctx,
      { serviceId, productId: starter.id, ...opts },
      { today: day2 },
    )
    expect(down.credit).toBe(preview.credit)
    // paid for the days left: Pro's 10.00 and the upgrade, each for its days left, less Starter's value
    const left = BigInt(total - 2)
    const r = (n: bigint, d: bigint) => (n * 2n + d) / (2n * d)
    const bound =
      r(1000n * left, BigInt(total)) + r(charge * left, BigInt(total - 1)) - r(500n * left, BigInt(total))
    expect(down.credit).toBe(bound < -down.proration.amount ? bound : -down.proration.amount)
    expect(down.credit!).toBeLessThanOrEqual(1000n + charge - 500n)
  })

  it('a first-period promotion: the downgrade credits only what was paid', async () => {
    const promo = await makePromotion(admin, { kind: 'PERCENT', percent: 500000 })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: pro.id }], { promoCode: promo.code })
    await payInvoice(order.invoiceId)
    await drainProvisioningJobs()
    const serviceId = order.serviceIds[0]!
    expect((await db.invoice.findUniqueOrThrow({ where: { id: order.invoiceId } })).amountPaid).toBe(500n)
    const preview = await previewPackageChange(client.ctx, { serviceId, productId: starter.id, ...opts })
    // Pro → Starter is 5.00 on paper, but only 5.00 was paid for Pro this period and Starter is worth 5.00
    expect([preview.proratedCredit, preview.credit]).toEqual([500n, 0n])
    const down = await changePackage(client.ctx, { serviceId, productId: starter.id, ...opts })
    expect([down.status, down.credit]).toEqual(['APPLIED', 0n])
    expect(await moneyOf(client.clientId)).toEqual({ paid: 500n, credited: 0n })
  })

  it('a partially paid period counts for its paid share; credit applied to an invoice counts as paid', async () => {
    const client = await makeClient()
    const s = await db.service.create({
      data: {
        clientId: client.clientId,
        productId: pro.id,
        status: 'PENDING',
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        firstPaymentAmount: 1000n,
        recurringAmount: 1000n,
        registrationDate: today,
        nextDueDate: addMonths(today, 1),
      },
    })
    await activateService(admin, { serviceId: s.id })
    await drainProvisioningJobs()
    const invoice = await inTransaction({ ...admin, actor: { type: 'system', label: 'test' } }, (tx) =>
      createServiceInvoice(tx, {
        clientId: client.clientId,
        items: [
          {
            type: 'SERVICE',
            description: 'Pro',
            unitAmount: 1000n,
            isTaxable: true,
            serviceId: s.id,
            periodStart: today,
            periodEnd: addDays(addMonths(today, 1), -1),
          },
        ],
      }),
    )
    const billing = (await makeStaff('Billing')).ctx
    await recordManualPayment(billing, {
      invoiceId: invoice.id,
      method: 'bank_transfer',
      amount: 800n,
      reference: 'partial-1',
    })
    // 8.00 of Pro's 10.00 paid: a move to Starter (5.00) gives back 3.00, not 5.00
    const preview = await previewPackageChange(client.ctx, {
      serviceId: s.id,
      productId: starter.id,
      ...opts,
    })
    expect([preview.proratedCredit, preview.credit]).toEqual([500n, 300n])

    // the upgrade paid with account credit is paid: it applies, and coming back credits it
    await addCredit(admin, { clientId: client.clientId, amount: 1500n, reason: 'goodwill' })
    const up = await changePackage(client.ctx, { serviceId: s.id, productId: business.id, ...opts })
    await applyCreditToInvoice(client.ctx, { invoiceId: up.invoiceId! })
    expect((await handleInvoicePaid(db, { invoiceId: up.invoiceId! })).packageChanges).toBe(1)
    expect((await service(s.id)).productId).toBe(business.id)
    await drainProvisioningJobs()
    // back to Pro: 8.00 paid for Pro + 15.00 for the upgrade, less Pro's 10.00 = 13.00 (not the 15.00 difference)
    const back = await changePackage(client.ctx, { serviceId: s.id, productId: pro.id, ...opts })
    expect([back.proratedCredit, back.credit]).toEqual([1500n, 1300n])
  })

  it('an upgrade invoice paid in part stays pending and does not apply', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const up = await changePackage(client.ctx, { serviceId, productId: business.id, ...opts })
    const billing = (await makeStaff('Billing')).ctx
    await recordManualPayment(billing, {
      invoiceId: up.invoiceId!,
      method: 'bank_transfer',
      amount: 500n,
      reference: 'part-up',
    })
    expect((await handleInvoicePaid(db, { invoiceId: up.invoiceId! })).packageChanges).toBe(0)
    expect((await service(serviceId)).productId).toBe(pro.id)
    expect((await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).status).toBe('PENDING')
    // a partly paid invoice is not cancelled by expiry (its payment would need a refund first)
    expect(await expirePackageChanges(db, addDays(today, 30))).toMatchObject({ expired: 0 })
    await expect(cancelPackageChange(client.ctx, { serviceId })).toBeRefusedWith('INVOICE_HAS_PAYMENTS')
  })

  it('two concurrent change requests: at most one pending, no module call, credit never above what was paid', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const results = await Promise.allSettled([
      changePackage(client.ctx, { serviceId, productId: business.id, ...opts }),
      changePackage(client.ctx, { serviceId, productId: business.id, ...opts }),
      changePackage(client.ctx, { serviceId, productId: starter.id, ...opts }),
    ])
    const ok = results.filter((r) => r.status === 'fulfilled')
    expect(ok.length).toBeGreaterThanOrEqual(1)
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('INVALID_TRANSITION')
    expect(await db.packageChange.count({ where: { serviceId, status: 'PENDING' } })).toBeLessThanOrEqual(1)
    await drainProvisioningJobs()
    const pending = await db.packageChange.findFirst({ where: { serviceId, status: 'PENDING' } })
    const s = await service(serviceId)
    if (pending) expect(s.productId).toBe(pending.fromProductId) // the unpaid upgrade changed nothing
    // Only a change that landed calls a module, and only the new product's (Starter has none).
    const applied = await db.packageChange.count({
      where: { serviceId, status: 'APPLIED', toProduct: { provisioningModule: { not: null } } },
    })
    expect(await changePackageCalls(serviceId)).toEqual({ jobs: applied, calls: applied })
    const m = await moneyOf(client.clientId)
    expect(m.credited).toBeLessThanOrEqual(m.paid - 500n)
  })

  it('expiry cancels the invoice and the change together; the reserved stock comes back', async () => {
    const stocked = await plan('Business stocked', 2500, {
      provisioningModule: 'manual',
      stockControl: true,
      stockQuantity: 1,
    })
    const { serviceId, client } = await makeClientWithService(pro.id)
    const up = await changePackage(client.ctx, { serviceId, productId: stocked.id, ...opts })
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(0)
    const other = await makeClientWithService(pro.id)
    expect(
      (
        await fail(
          changePackage(other.client.ctx, { serviceId: other.serviceId, productId: stocked.id, ...opts }),
        )
      ).code,
    ).toBe('OUT_OF_STOCK')
    const expiresAt = (await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).expiresAt!
    await expirePackageChanges(db, new Date(expiresAt.getTime() - 1))
    expect((await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).status).toBe('PENDING')
    expect((await expirePackageChanges(db, expiresAt)).expired).toBeGreaterThanOrEqual(1)
    expect(await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).toMatchObject({
      status: 'EXPIRED',
      pendingServiceId: null,
    })
    expect((await db.invoice.findUniqueOrThrow({ where: { id: up.invoiceId! } })).status).toBe('CANCELLED')
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(1)
    expect(
      await db.auditEvent.count({ where: { action: 'service.change-package.expire', targetId: serviceId } }),
    ).toBe(1)
    expect((await service(serviceId)).productId).toBe(pro.id)
    expect(await changePackageCalls(serviceId)).toEqual({ jobs: 0, calls: 0 })
    // the housekeeping job runs the same step
    const again = await changePackage(
      client.ctx,
      { serviceId, productId: business.id, ...opts },
      { today: addDays(today, 1) },
    )
    await db.packageChange.update({
      where: { id: again.changeId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    expect((await purgeExpiredRecords(db)).expiredPackageChanges).toBe(1)
    expect((await db.invoice.findUniqueOrThrow({ where: { id: again.invoiceId! } })).status).toBe('CANCELLED')
  })

  it('paid after the service was suspended: not applied, the payment becomes credit', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const up = await changePackage(client.ctx, { serviceId, productId: business.id, ...opts })
    await suspendService(admin, { serviceId, reason: 'Abuse report' })
    expect((await payInvoice(up.invoiceId!)).packageChanges).toBe(1)
    expect(await service(serviceId)).toMatchObject({ productId: pro.id, status: 'SUSPENDED' })
    expect(await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).toMatchObject({
      status: 'CANCELLED',
      pendingServiceId: null,
    })
    expect(await moneyOf(client.clientId)).toEqual({ paid: 2500n, credited: 1500n })
    expect(await changePackageCalls(serviceId)).toEqual({ jobs: 0, calls: 0 })
  })

  it('staff cancel a pending change; the expiry setting is validated', async () => {
    const { serviceId, client } = await makeClientWithService(pro.id)
    const up = await changePackage(admin, { serviceId, productId: business.id, ...opts })
    expect((await fail(cancelPackageChange((await makeStaff('Support')).ctx, { serviceId }))).code).toBe(
      'FORBIDDEN',
    )
    await cancelPackageChange(admin, { serviceId })
    expect((await db.packageChange.findUniqueOrThrow({ where: { id: up.changeId } })).status).toBe(
      'CANCELLED',
    )
    expect((await db.invoice.findUniqueOrThrow({ where: { id: up.invoiceId! } })).status).toBe('CANCELLED')
    await expect(cancelPackageChange(client.ctx, { serviceId })).toBeRefusedWith('INVALID_TRANSITION')
    const bad = await fail(updateSettings(admin, { 'services.packageChangeExpiryDays': 0 }))
    expect([bad.code, bad.issues[0]?.field]).toEqual([
      'VALIDATION_FAILED',
      'services.packageChangeExpiryDays',
    ])
    await updateSettings(admin, { 'services.packageChangeExpiryDays': 3 })
    const preview = await previewPackageChange(
      client.ctx,
      { serviceId, productId: business.id, ...opts },
      { today: addDays(today, 1) },
    )
    expect(preview.expiresOn?.toISOString()).toBe(addDays(today, 4).toISOString())
    await updateSettings(admin, { 'services.packageChangeExpiryDays': 7 })
  })
})
