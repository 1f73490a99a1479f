import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import {
  makeGroup,
  makeProduct,
  makeVpsCatalog,
  orderCounts,
  payInvoice,
  queuedProvisioningJobs,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { billClientRenewals } from '../automation'
import { addDays, addMonths, formatDateOnly, toDateOnly } from '../catalog'
import { inTransaction } from '../shared'
import { placeStaffOrder } from './place-staff-order'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const group = await makeGroup(admin)
const plan = await makeProduct(admin, {
  groupId: group.id,
  name: 'Managed',
  prices: [{ cycle: 'MONTHLY', amount: 2000, setupFee: 500 }],
  provisioningModule: 'manual',
  isTaxable: false,
})
const today = toDateOnly(new Date())
const day = (date: Date) => formatDateOnly(date)

async function lastAudit(action: string, targetId: string) {
  return db.auditEvent.findFirstOrThrow({
    where: { action, targetId },
    orderBy: { createdAt: 'desc' },
  })
}

describe('placeStaffOrder', () => {
  it('invoice now: catalog prices from the first due date, the service waits for payment, payment provisions it', async () => {
    const client = await makeClient()
    const due = addDays(today, 10)
    const result = await placeStaffOrder(admin, {
      clientId: client.clientId,
      productId: plan.id,
      cycle: 'MONTHLY',
      firstDueDate: day(due),
    })
    expect(result.provisioning).toBe('on-payment')
    expect(result.serviceStatus).toBe('PENDING')
    // invoiced ahead of its due date: accepted, not cancelled as unpaid before it is even due
    expect((await db.order.findUniqueOrThrow({ where: { id: result.orderId } })).status).toBe('ACTIVE')
    expect(result.total).toBe(2500n)
    const invoice = await db.invoice.findUniqueOrThrow({
      where: { id: result.invoiceId! },
      select: {
        status: true,
        dueDate: true,
        items: { select: { type: true, amount: true, periodStart: true } },
      },
    })
    expect(invoice.status).toBe('UNPAID')
    expect(day(invoice.dueDate)).toBe(day(due))
    expect(invoice.items.map((i) => [i.type, i.amount]).sort()).toEqual([
      ['SERVICE', 2000n],
      ['SETUP_FEE', 500n],
    ])
    expect(invoice.items.every((i) => day(i.periodStart!) === day(due))).toBe(true)
    // nothing handed over yet
    expect((await queuedProvisioningJobs()).filter((j) => j.data.serviceId === result.serviceId)).toEqual([])
    const audit = await lastAudit('order.staff-create', result.orderId)
    expect(audit.actorType).toBe('STAFF')
    expect(audit.ip).toBe('203.0.113.7')
    expect(audit.after).toMatchObject({ provisioning: 'on-payment', provisionedWithoutPayment: false })

    await payInvoice(result.invoiceId!)
    const jobs = (await queuedProvisioningJobs()).filter((j) => j.data.serviceId === result.serviceId)
    expect(jobs.map((j) => j.data.action)).toEqual(['create'])
    const service = await db.service.findUniqueOrThrow({ where: { id: result.serviceId } })
    expect(day(service.nextDueDate!)).toBe(day(addMonths(due, 1)))
  })

  it('price overrides replace the package lines on the first invoice and set the recurring amount', async () => {
    const client = await makeClient()
    const result = await placeStaffOrder(admin, {
      clientId: client.clientId,
      productId: plan.id,
      cycle: 'MONTHLY',
      firstPaymentAmount: '1200',
      recurringAmount: 1500,
    })
    expect(result.total).toBe(1200n)
    const items = await db.invoiceItem.findMany({ where: { invoiceId: result.invoiceId! } })
    expect(items.map((i) => [i.type, i.amount])).toEqual([['SERVICE', 1200n]])
    const service = await db.service.findUniqueOrThrow({ where: { id: result.serviceId } })
    expect(service.recurringAmount).toBe(1500n)
    expect(service.firstPaymentAmount).toBe(1200n)
    const audit = await lastAudit('order.staff-create', result.orderId)
    expect(audit.after).toMatchObject({
      priceOverridden: true,
      firstPayment: '1200',
      recurring: '1500',
      catalogFirstPayment: '2500',
      catalogRecurring: '2000',
    })
  })

  it('configurable options and addons are priced by the catalog and kept on the service', async () => {
    const vps = await makeVpsCatalog(admin)
    const client = await makeClient()
    const result = await placeStaffOrder(admin, {
      clientId: client.clientId,
      productId: vps.product.id,
      cycle: 'MONTHLY',
      options: { [vps.ram.id]: vps.ram4.id },
      addonIds: [vps.backups.id],
      domain: 'vps1.example.com',
    })
    const service = await db.service.findUniqueOrThrow({
      where: { id: result.serviceId },
      select: { recurringAmount: true, configOptions: true, addons: { select: { recurringAmount: true } } },
    })
    expect(service.configOptions.find((o) => o.optionId === vps.ram.id)?.choiceId).toBe(vps.ram4.id)
    expect(service.addons).toEqual([{ recurringAmount: 400n }])
    const items = await db.invoiceItem.findMany({ where: { invoiceId: result.invoiceId! } })
    expect(items.some((i) => i.type === 'ADDON' && i.amount === 400n)).toBe(true)
  })

  it('provision now with an invoice is refused unless staff say "without payment", which is audited', async () => {
    const client = await makeClient()
    const before = await orderCounts()
    const refused = await fail(
      placeStaffOrder(admin, {
        clientId: client.clientId,
        productId: plan.id,
        cycle: 'MONTHLY',
        provisionNow: true,
      }),
    )
    expect(refused.code).toBe('VALIDATION_FAILED')
    expect(refused.field).toBe('provisionWithoutPayment')
    expect(await orderCounts()).toEqual(before)

    const result = await placeStaffOrder(admin, {
      clientId: client.clientId,
      productId: plan.id,
      cycle: 'MONTHLY',
      provisionNow: 'true',
      provisionWithoutPayment: 'true',
    })
    expect(result.provisioning).toBe('now-without-payment')
    expect(result.invoiceStatus).toBe('UNPAID')
    // handed over: accepted, so the run's unpaid-order cancellation never takes the invoice away
    expect((await db.order.findUniqueOrThrow({ where: { id: result.orderId } })).status).toBe('ACTIVE')
    const jobs = (await queuedProvisioningJobs()).filter((j) => j.data.serviceId === result.serviceId)
    expect(jobs.map((j) => j.data.action)).toEqual(['create'])
    const audit = await lastAudit('order.staff-create', result.orderId)
    expect(audit.after).toMatchObject({
      provisioning: 'now-without-payment',
      provisionedWithoutPayment: true,
    })
  })

  it('no invoice, already running: ACTIVE at once without a module call, billed by the renewal step from the first due date', async () => {
    const client = await makeClient()
    const due = addDays(today, 20)
    const result = await placeStaffOrder(admin, {
      clientId: client.clientId,
      productId: plan.id,
      cycle: 'MONTHLY',
      createInvoice: false,
      recurringAmount: 1800,
      firstDueDate: day(due),
    })
    expect(result).toMatchObject({ provisioning: 'existing', serviceStatus: 'ACTIVE', invoiceId: null })
    expect((await db.order.findUniqueOrThrow({ where: { id: result.orderId } })).status).toBe('ACTIVE')
    expect(await db.invoice.count({ where: { clientId: client.clientId } })).toBe(0)
    expect((await queuedProvisioningJobs()).filter((j) => j.data.serviceId === result.serviceId)).toEqual([])

    const run = (asOf: Date) =>
      inTransaction({ ...admin, actor: { type: 'system', label: 'test run' } }, (tx) =>
        billClientRenewals(tx, client.clientId, asOf),
      )
    // 14 days before (the default) nothing yet the day before, the invoice on the day
    expect((await run(addDays(due, -15))).changed).toBe(false)
    expect((await run(addDays(due, -14))).changed).toBe(true)
    const items = await db.invoiceItem.findMany({ where: { serviceId: result.serviceId } })
    expect(items.map((i) => [i.type, i.amount, day(i.periodStart!)])).toEqual([['SERVICE', 1800n, day(due)]])
    expect((await run(addDays(due, -14))).changed).toBe(false)
  })

  it('no invoice, provision now: the module sets it up now (the migrated, paid-up customer)', async () => {
    const client = await makeClient()
    const result = await placeStaffOrder(admin, {
      clientId: client.clientId,
      productId: plan.id,
      cycle: 'MONTHLY',
      createInvoice: false,
      provisionNow: true,
      firstDueDate: day(addMonths(today, 2)),
    })
    expect(result.provisioning).toBe('now')
    const jobs = (await queuedProvisioningJobs()).filter((j) => j.data.serviceId === result.serviceId)
    expect(jobs.map((j) => j.data.action)).toEqual(['create'])
    const audit = await lastAudit('order.staff-create', result.orderId)
    expect(audit.after).toMatchObject({ provisioning: 'now', provisionedWithoutPayment: false })
  })

  it('stock: the last unit is taken; out of stock refuses with nothing written', async () => {
    const stocked = await makeProduct(admin, { stockControl: true, stockQuantity: 1 })
    const client = await makeClient()
    await placeStaffOrder(admin, { clientId: client.clientId, productId: stocked.id, cycle: 'MONTHLY' })
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(0)
    const before = await orderCounts()
    const refused = await fail(
      placeStaffOrder(admin, { clientId: client.clientId, productId: stocked.id, cycle: 'MONTHLY' }),
    )
    expect(refused.code).toBe('OUT_OF_STOCK')
    expect(await orderCounts()).toEqual(before)
  })

  it('bad input: field errors, nothing written', async () => {
    const client = await makeClient()
    const before = await orderCounts()
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: 'nope' }, 'clientId'],
      [{ clientId: randomUUID() }, 'clientId'],
      [{ productId: randomUUID() }, 'productId'],
      [{ cycle: 'WEEKLY' }, 'cycle'],
      [{ recurringAmount: '-5' }, 'recurringAmount'],
      [{ firstPaymentAmount: '12.50' }, 'firstPaymentAmount'],
      [{ firstDueDate: day(addDays(today, -1)) }, 'firstDueDate'],
      [{ firstDueDate: '2027-02-31x' }, 'firstDueDate'],
      [{ createInvoice: 'maybe' }, 'createInvoice'],
      [{ createInvoice: false, provisionWithoutPayment: true }, 'provisionWithoutPayment'],
      [{ options: { [randomUUID()]: 'x' } }, 'options'],
    ]
    for (const [patch, field] of cases) {
      const refused = await fail(
        placeStaffOrder(admin, {
          clientId: client.clientId,
          productId: plan.id,
          cycle: 'MONTHLY',
          ...patch,
        }),
      )
      expect(refused.code, JSON.stringify(patch)).toBe('VALIDATION_FAILED')
      expect(refused.field?.startsWith(field), `${JSON.stringify(patch)} → ${refused.field}`).toBe(true)
    }
    expect(await orderCounts()).toEqual(before)
  })

  it('permission: orders.manage is needed (Billing and Support roles are refused, nothing written)', async () => {
    const client = await makeClient()
    const before = await orderCounts()
    for (const role of ['Billing', 'Support', 'Read-only']) {
      const staff = (await makeStaff(role)).ctx
      const refused = await fail(
        placeStaffOrder(staff, { clientId: client.clientId, productId: plan.id, cycle: 'MONTHLY' }),
      )
      expect(refused.code).toBe('FORBIDDEN')
    }
    const refused = await fail(
      placeStaffOrder(client.ctx, { clientId: client.clientId, productId: plan.id, cycle: 'MONTHLY' }),
    )
    expect(refused.code).toBe('FORBIDDEN')
    expect(await orderCounts()).toEqual(before)
  })

  it('the same idempotency key returns the same order', async () => {
    const client = await makeClient()
    const input = {
      clientId: client.clientId,
      productId: plan.id,
      cycle: 'MONTHLY',
      idempotencyKey: `staff-${randomUUID()}`,
    }
    const [a, b] = await Promise.all([placeStaffOrder(admin, input), placeStaffOrder(admin, input)])
    expect(a.orderId).toBe(b.orderId)
    expect(await db.order.count({ where: { clientId: client.clientId } })).toBe(1)
  })
})
