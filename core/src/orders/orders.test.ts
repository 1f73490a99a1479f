import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import {
  drainProvisioningJobs,
  makeClientWithService,
  makeGroup,
  makeProduct,
  orderAsClient,
  orderCounts,
  payInvoice,
  queuedProvisioningJobs,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { createServiceInvoice } from '../billing'
import { addDays, addMonths, formatDateOnly, toDateOnly } from '../catalog'
import { changePackage, previewPackageChange, suspendService } from '../services'
import { updateSettings } from '../settings'
import { inTransaction } from '../shared'
import { acceptOrder } from './accept-order'
import { cancelOrder } from './cancel-order'
import { deleteOrder } from './delete-order'
import { getOrder, listOrders } from './list-orders'
import { markOrderFraud } from './mark-order-fraud'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const group = await makeGroup(admin)
const small = await makeProduct(admin, {
  groupId: group.id,
  name: 'Starter',
  prices: [{ cycle: 'MONTHLY', amount: 1000 }],
})
const big = await makeProduct(admin, {
  groupId: group.id,
  name: 'Business',
  prices: [{ cycle: 'MONTHLY', amount: 2500 }],
})
const today = toDateOnly(new Date())

describe('staff order actions', () => {
  it('lists and shows orders; a client sees only its own', async () => {
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: small.id }])
    expect((await listOrders(admin, { status: 'PENDING' })).orders.map((o) => o.id)).toContain(order.orderId)
    expect((await getOrder(client.ctx, order.orderId)).services).toHaveLength(1)
    const stranger = await makeClient()
    await expect(getOrder(stranger.ctx, order.orderId)).toBeRefusedWith('NOT_FOUND')
    expect((await listOrders(stranger.ctx, {})).orders).toEqual([])
  })

  it('accept activates the pending services (module call queued or done at once)', async () => {
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: small.id }])
    const result = await acceptOrder(admin, { orderId: order.orderId })
    expect(result.activating).toEqual(order.serviceIds)
    expect((await db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } })).status).toBe(
      'ACTIVE',
    )
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('ACTIVE')
    await expect(acceptOrder(admin, { orderId: order.orderId })).toBeRefusedWith('INVALID_TRANSITION')
  })

  it('cancel: pending services cancelled, stock given back, the unpaid invoice cancelled through billing', async () => {
    const stocked = await makeProduct(admin, { stockControl: true, stockQuantity: 3 })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: stocked.id }])
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(2)
    await cancelOrder(admin, { orderId: order.orderId, reason: 'Client asked' })
    expect((await db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } })).status).toBe(
      'CANCELLED',
    )
    expect((await db.invoice.findUniqueOrThrow({ where: { id: order.invoiceId } })).status).toBe('CANCELLED')
    expect((await db.product.findUniqueOrThrow({ where: { id: stocked.id } })).stockQuantity).toBe(3)
    expect(await db.auditEvent.count({ where: { action: 'order.cancel', targetId: order.orderId } })).toBe(1)
  })

  it('mark as fraud, and delete a pending order (its invoice stays, cancelled)', async () => {
    const client = await makeClient()
    const fraud = await orderAsClient(client.ctx, [{ productId: small.id }])
    await markOrderFraud(admin, { orderId: fraud.orderId })
    expect((await db.service.findUniqueOrThrow({ where: { id: fraud.serviceIds[0]! } })).status).toBe('FRAUD')
    await expect(markOrderFraud(admin, { orderId: fraud.orderId })).toBeRefusedWith('INVALID_TRANSITION')

    const junk = await orderAsClient(client.ctx, [{ productId: small.id }])
    await deleteOrder(admin, { orderId: junk.orderId })
    expect(await db.order.findUnique({ where: { id: junk.orderId } })).toBeNull()
    const invoice = await db.invoice.findUniqueOrThrow({ where: { id: junk.invoiceId } })
    expect([invoice.status, invoice.orderId]).toEqual(['CANCELLED', null])
  })

  it('refuses to cancel a paid order and staff without orders.manage, writing nothing', async () => {
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: big.id }])
    const billing = (await makeStaff('Billing')).ctx
    const before = await orderCounts()
    await expect(cancelOrder(billing, { orderId: order.orderId })).toBeRefusedWith('FORBIDDEN')
    await expect(deleteOrder(client.ctx, { orderId: order.orderId })).toBeRefusedWith('FORBIDDEN')
    expect(await orderCounts()).toEqual(before)
    await payInvoice(order.invoiceId)
    const paid = await orderCounts()
    await expect(cancelOrder(admin, { orderId: order.orderId })).toBeRefusedWith('INVOICE_HAS_PAYMENTS') // refund first
    await expect(deleteOrder(admin, { orderId: order.orderId })).toBeRefusedWith('INVALID_TRANSITION')
    expect(await orderCounts()).toEqual(paid)
  })
})

describe('the paid hook', () => {
  it('auto: paying the first invoice activates the order and moves the due date past the paid month', async () => {
    const { serviceId, order } = await makeClientWithService(small.id)
    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    expect(service.status).toBe('ACTIVE')
    expect(formatDateOnly(service.nextDueDate!)).toBe(formatDateOnly(addMonths(today, 1)))
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('ACTIVE')
  })

  it('ON_ORDER products are set up at checkout, NEVER products wait for staff', async () => {
    const instant = await makeProduct(admin, { autoSetup: 'ON_ORDER', provisioningModule: 'manual' })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: instant.id }])
    expect((await queuedProvisioningJobs()).map((j) => j.data.serviceId)).toEqual(order.serviceIds)
    await drainProvisioningJobs()
    const never = await makeProduct(admin, { autoSetup: 'NEVER' })
    const second = await orderAsClient(client.ctx, [{ productId: never.id }])
    await payInvoice(second.invoiceId)
    expect((await db.service.findUniqueOrThrow({ where: { id: second.serviceIds[0]! } })).status).toBe(
      'PENDING',
    )
  })

  it('paying the overdue invoice of a service suspended for non-payment unsuspends it', async () => {
    const { serviceId, client } = await makeClientWithService(small.id)
    const due = (await db.service.findUniqueOrThrow({ where: { id: serviceId } })).nextDueDate!
    // a renewal invoice, already overdue
    const renewal = await inTransaction(
      { ...admin, actor: { type: 'system', label: 'test renewal run' } },
      (tx) =>
        createServiceInvoice(tx, {
          clientId: client.clientId,
          dueDate: addDays(today, -3),
          items: [
            {
              type: 'SERVICE',
              description: 'Starter renewal',
              unitAmount: 1000n,
              isTaxable: true,
              serviceId,
              periodStart: due,
              periodEnd: addDays(addMonths(due, 1), -1),
            },
          ],
        }),
    )
    await suspendService(admin, { serviceId, reason: 'Invoice overdue', forNonPayment: true })
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('SUSPENDED')
    const result = await payInvoice(renewal.id)
    expect(result).toMatchObject({ unsuspended: 1, advanced: 1 })
    const after = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    expect([after.status, after.suspendedForNonPayment]).toEqual(['ACTIVE', false])
    expect(formatDateOnly(after.nextDueDate!)).toBe(formatDateOnly(addMonths(due, 1)))
    expect(
      await db.emailLog.count({ where: { clientId: client.clientId, template: 'service-unsuspended' } }),
    ).toBe(1)
  })

  it('a service suspended by staff (not for payment) stays suspended when an invoice is paid', async () => {
    const { serviceId, client } = await makeClientWithService(small.id)
    await suspendService(admin, { serviceId, reason: 'Abuse' })
    const due = (await db.service.findUniqueOrThrow({ where: { id: serviceId } })).nextDueDate!
    const renewal = await inTransaction({ ...admin, actor: { type: 'system', label: 'test' } }, (tx) =>
      createServiceInvoice(tx, {
        clientId: client.clientId,
        items: [
          {
            type: 'SERVICE',
            description: 'Renewal',
            unitAmount: 1000n,
            isTaxable: true,
            serviceId,
            periodStart: due,
            periodEnd: addDays(addMonths(due, 1), -1),
          },
        ],
      }),
    )
    expect((await payInvoice(renewal.id)).unsuspended).toBe(0)
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('SUSPENDED')
  })
})

describe('package changes', () => {
  it('an upgrade on day 1 previews and invoices the whole difference, and applies when paid', async () => {
    const { serviceId, client } = await makeClientWithService(small.id)
    const preview = await previewPackageChange(client.ctx, { serviceId, productId: big.id, options: {} })
    expect(preview).toMatchObject({
      currentRecurring: 1000n,
      newRecurring: 2500n,
      proration: { kind: 'charge', amount: 1500n, remainingDays: preview.proration.totalDays },
      charge: { amount: 1500n, tax: 0n, total: 1500n },
      credit: null,
    })
    const before = await orderCounts()
    expect(
      (
        await fail(
          changePackage(client.ctx, { serviceId, productId: big.id, options: {}, expectedAmount: '1499' }),
        )
      ).code,
    ).toBe('PRICE_CHANGED')
    expect(await orderCounts()).toEqual(before)
    const up = await changePackage(client.ctx, {
      serviceId,
      productId: big.id,
      options: {},
      expectedAmount: '1500',
    })
    const invoice = await db.invoice.findUniqueOrThrow({
      where: { id: up.invoiceId! },
      include: { items: true },
    })
    expect([invoice.status, invoice.total, invoice.items[0]!.type, invoice.items[0]!.serviceId]).toEqual([
      'UNPAID',
      1500n,
      'PRORATION',
      serviceId,
    ])
    // the upgrade waits for its invoice (docs/decisions/0023-package-changes-apply-on-payment.md)
    expect(up.status).toBe('PENDING')
    const waiting = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    expect([waiting.productId, waiting.recurringAmount]).toEqual([small.id, 1000n])
    await payInvoice(invoice.id)
    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    expect([service.productId, service.recurringAmount]).toEqual([big.id, 2500n])
  })

  it('a downgrade becomes account credit; clients cannot move outside the group', async () => {
    const { serviceId, client } = await makeClientWithService(big.id)
    const other = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 100 }] })
    expect(
      (await fail(previewPackageChange(client.ctx, { serviceId, productId: other.id, options: {} }))).field,
    ).toBe('productId')
    expect(
      (await fail(previewPackageChange(client.ctx, { serviceId, productId: big.id, options: {} }))).message,
    ).toBe('This is the package the service has now.')
    const down = await changePackage(client.ctx, { serviceId, productId: small.id, options: {} })
    expect([down.proration.kind, down.credit, down.invoiceId]).toEqual(['credit', 1500n, null])
    const credit = await db.creditEntry.findFirstOrThrow({ where: { clientId: client.clientId } })
    expect([credit.amount, credit.kind]).toEqual([1500n, 'ADJUSTMENT'])
    const stranger = await makeClient()
    expect(
      (await fail(previewPackageChange(stranger.ctx, { serviceId, productId: big.id, options: {} }))).code,
    ).toBe('NOT_FOUND')
  })

  it('refuses a pending service, and one whose period is unpaid', async () => {
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: small.id }])
    expect(
      (
        await fail(
          previewPackageChange(client.ctx, {
            serviceId: order.serviceIds[0]!,
            productId: big.id,
            options: {},
          }),
        )
      ).code,
    ).toBe('INVALID_TRANSITION')
  })
})

describe('orders.activation = review', () => {
  it('paying does not activate; staff accept the order', async () => {
    await updateSettings(admin, { 'orders.activation': 'review' })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: small.id }])
    expect((await payInvoice(order.invoiceId)).activated).toBe(0)
    expect((await db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } })).status).toBe(
      'PENDING',
    )
    await acceptOrder(admin, { orderId: order.orderId })
    expect((await db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } })).status).toBe(
      'ACTIVE',
    )
    await updateSettings(admin, { 'orders.activation': 'auto' })
  })
})
