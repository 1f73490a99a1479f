import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMonths, encryptSecret, formatDateOnly, secretBinding, toDateOnly } from '@berth/core'
import { getDb, type ServiceStatus } from '@berth/prisma'
import {
  drainProvisioningJobs,
  makeClient,
  makeProduct,
  orderAsClient,
  orderCounts,
  payInvoice,
  queuedProvisioningJobs,
  superAdmin,
  uid,
} from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * Orders, services, staff tasks and module calls through the AdminJS API: every transition is core's,
 * audited; illegal ones are refused with core's sentence; accepting an order provisions its services
 * (the manual module opens a staff task, completing it activates the service); no secret of a module,
 * a server or a service login reaches a response.
 */
let admin: RunningAdmin
let browser: AdminClient
let staffId: string
const db = getDb()
const SECRET = `whsec-${uid()}-${uid()}-${uid()}`
const today = toDateOnly(new Date())

beforeAll(async () => {
  admin = await startAdmin()
  const me = await makeStaff('Super admin')
  staffId = me.staffId
  browser = await signedIn(admin.baseUrl, me.email, me.password)
})
afterAll(async () => {
  await admin.close()
})

async function serviceOf(productId: string, status: ServiceStatus = 'ACTIVE') {
  const client = await makeClient()
  return db.service.create({
    data: {
      clientId: client.clientId,
      productId,
      status,
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 1000n,
      recurringAmount: 1000n,
      registrationDate: today,
      nextDueDate: addMonths(today, 1),
      domain: `s-${uid()}.example.com`,
    },
  })
}

const statusOf = async (id: string) => (await db.service.findUniqueOrThrow({ where: { id } })).status

describe('service lifecycle through the console', () => {
  it('suspends (with a reason), unsuspends and terminates a service, each audited as the staff member and emailed', async () => {
    const product = await makeProduct(await superAdmin())
    const service = await serviceOf(product.id)
    const suspended = await browser.recordAction('Service', service.id, 'suspend', {
      reason: 'Abuse report #42',
    })
    expect(suspended.json.notice).toEqual({ message: 'The service was suspended.', type: 'success' })
    expect(suspended.json.redirectUrl).toBe(`/admin/resources/Service/records/${service.id}/show`)
    expect(await db.service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      status: 'SUSPENDED',
      suspensionReason: 'Abuse report #42',
    })

    expect(
      (await browser.recordAction('Service', service.id, 'unsuspend', { confirm: 'yes' })).json.notice.type,
    ).toBe('success')
    expect(await statusOf(service.id)).toBe('ACTIVE')
    expect(
      (await browser.recordAction('Service', service.id, 'terminate', { confirm: 'yes' })).json.notice,
    ).toEqual({ message: 'The service was terminated.', type: 'success' })
    expect(await statusOf(service.id)).toBe('TERMINATED')

    const events = await db.auditEvent.findMany({
      where: { targetId: service.id },
      orderBy: { id: 'asc' },
      select: { action: true, actorType: true, actorId: true, before: true, after: true },
    })
    expect(events.map((e) => e.action)).toEqual(['service.suspend', 'service.unsuspend', 'service.terminate'])
    for (const e of events) expect(e).toMatchObject({ actorType: 'STAFF', actorId: staffId })
    expect((events[0]!.after as { reason?: string }).reason ?? JSON.stringify(events[0]!.after)).toContain(
      'Abuse report #42',
    )
    const emails = await db.emailLog.findMany({
      where: { clientId: service.clientId },
      select: { template: true },
    })
    expect(emails.map((e) => e.template)).toEqual(
      expect.arrayContaining(['service-suspended', 'service-unsuspended', 'service-terminated']),
    )
  })

  it("refuses an illegal transition with core's sentence and changes nothing", async () => {
    const product = await makeProduct(await superAdmin())
    const terminated = await serviceOf(product.id, 'TERMINATED')
    const active = await serviceOf(product.id, 'ACTIVE')
    const before = await orderCounts()
    const again = await browser.recordAction('Service', terminated.id, 'terminate', { confirm: 'yes' })
    expect(again.status).toBe(200)
    expect(again.json.notice).toEqual({
      message: 'This service is terminated: it cannot be terminated any more.',
      type: 'error',
    })
    const unsuspend = await browser.recordAction('Service', active.id, 'unsuspend', { confirm: 'yes' })
    expect(unsuspend.json.notice).toEqual({ message: 'This service is not suspended.', type: 'error' })
    const noReason = await browser.recordAction('Service', active.id, 'suspend', { reason: '' })
    expect(noReason.json.record.errors.reason.message).toBe('Give a reason')
    expect([await statusOf(terminated.id), await statusOf(active.id)]).toEqual(['TERMINATED', 'ACTIVE'])
    expect(await orderCounts()).toEqual(before)
  })

  it('changes the package with the prorated price previewed first, then the billing cycle and the next due date', async () => {
    const ctx = await superAdmin()
    const small = await makeProduct(ctx, {
      prices: [
        { cycle: 'MONTHLY', amount: 1000 },
        { cycle: 'ANNUAL', amount: 10000 },
      ],
    })
    const big = await makeProduct(ctx, {
      prices: [
        { cycle: 'MONTHLY', amount: 2500 },
        { cycle: 'ANNUAL', amount: 25000 },
      ],
    })
    const hidden = await makeProduct(ctx, { isHidden: true, prices: [{ cycle: 'MONTHLY', amount: 500 }] })
    const service = await serviceOf(small.id)
    const choices = await browser.get(`/admin/api/resources/Service/records/${service.id}/changePackage`)
    // core's listPackageChoices for staff: other groups and hidden products too, marked as such
    expect(choices.json.choices.products.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining([small.id, big.id, hidden.id]),
    )
    expect(choices.json.record.params.actionData.products).toContainEqual(
      expect.objectContaining({ id: hidden.id, isHidden: true, price: '$5.00' }),
    )
    const preview = await browser.recordAction('Service', service.id, 'changePackage', {
      step: 'preview',
      productId: big.id,
    })
    // Day one of the period: the whole difference, 15.00, is invoiced (plus tax, if any).
    expect(preview.json.preview).toMatchObject({
      newProduct: big.name,
      currentRecurring: '$10.00',
      newRecurring: '$25.00',
      kind: 'charge',
      prorated: '$15.00',
      expectedAmount: '1500',
    })
    expect(await db.service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      productId: small.id,
    })
    // A stale amount is refused (core's PRICE_CHANGED), the right one applies.
    const stale = await browser.recordAction('Service', service.id, 'changePackage', {
      step: 'confirm',
      productId: big.id,
      expectedAmount: '1400',
    })
    expect(stale.json.notice.message).toMatch(/price of this change has changed/)
    const confirmed = await browser.recordAction('Service', service.id, 'changePackage', {
      step: 'confirm',
      productId: big.id,
      expectedAmount: '1500',
    })
    expect(confirmed.json.notice).toEqual({
      type: 'success',
      message: `The change to ${big.name} waits for its invoice: it applies when the invoice is paid, and expires with it unpaid.`,
    })
    // the upgrade waits for its invoice: the service keeps its package, staff see what waits
    expect(await db.service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      productId: small.id,
      recurringAmount: 1000n,
    })
    const pending = await db.packageChange.findUniqueOrThrow({ where: { pendingServiceId: service.id } })
    const shown = (await browser.show('Service', service.id)).json.record.params.detail
    expect(shown.pendingChange).toMatchObject({
      to: big.name,
      newRecurring: '$25.00',
      invoice: { id: pending.invoiceId, balance: '$15.00' },
      payBy: formatDateOnly(new Date(pending.expiresAt!.getTime() - 86_400_000)),
    })
    const again = await browser.get(`/admin/api/resources/Service/records/${service.id}/changePackage`)
    expect(again.json.choices.pendingChange).toMatchObject({ to: big.name })
    const second = await browser.recordAction('Service', service.id, 'changePackage', {
      step: 'preview',
      productId: big.id,
    })
    expect(second.json.notice.message).toMatch(/waiting for payment/)
    await payInvoice(pending.invoiceId!)
    expect(await db.service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      productId: big.id,
      recurringAmount: 2500n,
    })

    // staff withdraw a pending change: its invoice is cancelled with it
    const other = await serviceOf(small.id)
    await browser.recordAction('Service', other.id, 'changePackage', {
      step: 'confirm',
      productId: big.id,
      expectedAmount: '1500',
    })
    const withdrawn = await browser.recordAction('Service', other.id, 'changePackage', {
      step: 'cancel-pending',
    })
    expect(withdrawn.json.notice).toEqual({
      type: 'success',
      message: 'The pending package change was cancelled, and its invoice with it.',
    })
    const change = await db.packageChange.findFirstOrThrow({ where: { serviceId: other.id } })
    expect(change.status).toBe('CANCELLED')
    expect((await db.invoice.findUniqueOrThrow({ where: { id: change.invoiceId! } })).status).toBe(
      'CANCELLED',
    )

    const cycle = await browser.get(`/admin/api/resources/Service/records/${service.id}/changeBillingCycle`)
    expect(cycle.json.record.params.actionData.options.cycle.map((o: { value: string }) => o.value)).toEqual([
      'ANNUAL',
    ])
    expect(
      (await browser.recordAction('Service', service.id, 'changeBillingCycle', { cycle: 'QUARTERLY' })).json
        .record.errors.cycle,
    ).toBeTruthy()
    expect(
      (await browser.recordAction('Service', service.id, 'changeBillingCycle', { cycle: 'ANNUAL' })).json
        .notice.type,
    ).toBe('success')
    const due = formatDateOnly(addMonths(today, 3))
    expect(
      (await browser.recordAction('Service', service.id, 'changeNextDueDate', { nextDueDate: due })).json
        .notice.type,
    ).toBe('success')
    const after = await db.service.findUniqueOrThrow({ where: { id: service.id } })
    expect([after.billingCycle, after.recurringAmount, formatDateOnly(after.nextDueDate!)]).toEqual([
      'ANNUAL',
      25000n,
      due,
    ])
    expect(
      (await browser.recordAction('Service', service.id, 'changeNextDueDate', { nextDueDate: '2001-02-30' }))
        .json.record.errors.nextDueDate,
    ).toBeTruthy()
  })
})

describe('orders, provisioning, staff tasks', () => {
  it('accepting an order runs provisioning: the manual module opens a staff task, and marking it done activates the service', async () => {
    const ctx = await superAdmin()
    const product = await makeProduct(ctx, {
      provisioningModule: 'manual',
      moduleSettings: { instructions: 'Create the account by hand.' },
      autoSetup: 'ON_ACCEPT',
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: product.id }])
    const serviceId = order.serviceIds[0]!

    const pending = await browser.list('Order', 'filters.status=PENDING&perPage=100')
    expect(pending.json.records.map((r: { id: string }) => r.id)).toContain(order.orderId)
    expect(
      pending.json.records.every((r: { params: { status: string } }) => r.params.status === 'PENDING'),
    ).toBe(true)
    const shown = await browser.show('Order', order.orderId)
    const detail = shown.json.record.params.detail
    expect(detail.services).toEqual([
      expect.objectContaining({ id: serviceId, product: product.name, status: 'PENDING' }),
    ])
    expect(detail.invoices).toHaveLength(1)

    const accepted = await browser.recordAction('Order', order.orderId, 'accept', { confirm: 'yes' })
    expect(accepted.json.notice).toEqual({
      message: 'The order was accepted: 1 service(s) are being set up.',
      type: 'success',
    })
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('ACTIVE')
    expect((await queuedProvisioningJobs()).map((j) => [j.data.serviceId, j.data.action])).toContainEqual([
      serviceId,
      'create',
    ])

    // The worker's job: the manual module hands the set-up to staff.
    expect((await drainProvisioningJobs()).map((r) => r.outcome)).toContain('waiting')
    expect(await statusOf(serviceId)).toBe('PENDING')
    const tasks = await browser.list('StaffTask', 'filters.status=OPEN&perPage=100')
    const task = tasks.json.records.find(
      (r: { params: { service: string } }) => r.params.service === serviceId,
    )
    expect(task.params.title).toBe(`Set up ${product.name}`)
    const form = await browser.get(`/admin/api/resources/StaffTask/records/${task.id}/complete`)
    expect(form.json.record.params.description).toContain('Create the account by hand.')

    const done = await browser.recordAction('StaffTask', task.id, 'complete', {
      username: 'dana',
      password: 'Tr0ub4dor-and-3',
      dedicatedIp: '192.0.2.7',
      note: 'Made on node 4',
    })
    expect(done.json.notice).toEqual({ message: 'The task is done.', type: 'success' })
    expect(await db.service.findUniqueOrThrow({ where: { id: serviceId } })).toMatchObject({
      status: 'ACTIVE',
      username: 'dana',
      dedicatedIp: '192.0.2.7',
    })
    expect(await db.emailLog.count({ where: { clientId: client.clientId, template: 'welcome' } })).toBe(1)
    expect(
      await db.auditEvent.count({
        where: { action: 'staff-task.complete', targetId: task.id, actorId: staffId },
      }),
    ).toBe(1)

    // The service page: the calls of the module, no open task any more, and the password nowhere.
    const service = await browser.show('Service', serviceId)
    const view = service.json.record.params.detail
    expect(view.staffTasks).toEqual([])
    expect(view.moduleCalls.map((c: { action: string; waiting: boolean }) => [c.action, c.waiting])).toEqual([
      ['create', false],
      ['create', true],
    ])
    expect(view.login).toEqual({
      username: 'dana',
      hasPassword: true,
      dedicatedIp: '192.0.2.7',
      serverHost: null,
    })
    expect(service.text).not.toContain('Tr0ub4dor-and-3')
    expect(service.text).not.toContain('passwordEnc')
  })

  it('cancels, marks as fraud and deletes pending orders; a second accept is refused with the reason', async () => {
    const ctx = await superAdmin()
    const product = await makeProduct(ctx, { stockControl: true, stockQuantity: 5 })
    const orders = []
    for (let i = 0; i < 3; i++)
      orders.push(await orderAsClient((await makeClient()).ctx, [{ productId: product.id }]))
    const [a, b, c] = orders as [(typeof orders)[0], (typeof orders)[0], (typeof orders)[0]]
    expect(
      (await browser.recordAction('Order', a.orderId, 'cancel', { reason: 'Client changed their mind' })).json
        .notice.type,
    ).toBe('success')
    expect(
      (await browser.recordAction('Order', b.orderId, 'fraud', { reason: 'Stolen card' })).json.notice.type,
    ).toBe('success')
    expect((await browser.recordAction('Order', c.orderId, 'delete')).json.notice).toEqual({
      message: 'The order was deleted.',
      type: 'success',
    })
    expect((await db.order.findUniqueOrThrow({ where: { id: a.orderId } })).status).toBe('CANCELLED')
    expect((await db.order.findUniqueOrThrow({ where: { id: b.orderId } })).status).toBe('FRAUD')
    expect(await db.order.findUnique({ where: { id: c.orderId } })).toBeNull()
    expect([
      await statusOf(a.serviceIds[0]!),
      await statusOf(b.serviceIds[0]!),
      await statusOf(c.serviceIds[0]!),
    ]).toEqual(['CANCELLED', 'FRAUD', 'CANCELLED'])
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stockQuantity).toBe(5)
    const again = await browser.recordAction('Order', a.orderId, 'accept', { confirm: 'yes' })
    expect(again.json.notice).toEqual({ message: 'A cancelled order cannot be accepted.', type: 'error' })
  })

  it('a failed module call shows its error and can be retried; no module secret or login password reaches a page', async () => {
    const ctx = await superAdmin()
    // Nothing listens on port 9: the webhook call fails at once.
    const product = await makeProduct(ctx, {
      provisioningModule: 'webhook',
      moduleSettings: { url: 'http://127.0.0.1:9/berth', secret: SECRET },
    })
    const service = await serviceOf(product.id)
    await db.service.update({
      where: { id: service.id },
      data: {
        username: 'owner',
        passwordEnc: encryptSecret('s3cret-login-pass', secretBinding('Service.passwordEnc', service.id)),
      },
    })
    const requested = await browser.recordAction('Service', service.id, 'suspend', { reason: 'Unpaid' })
    expect(requested.json.notice.message).toMatch(/^Requested from the provisioning module/)
    const [result] = await drainProvisioningJobs()
    expect(result).toMatchObject({ outcome: 'failed', retryable: true })
    expect(await statusOf(service.id)).toBe('ACTIVE')

    const shown = await browser.show('Service', service.id)
    expect(shown.json.record.params.lastModuleError).toMatch(
      /^suspend: Could not reach http:\/\/127\.0\.0\.1:9\/berth/,
    )
    const detail = shown.json.record.params.detail
    expect(detail.moduleCalls).toEqual([
      expect.objectContaining({ action: 'suspend', success: false, canRetry: true }),
    ])
    expect(shown.json.record.recordActions.map((a: { name: string }) => a.name)).toContain('retryModuleCall')
    const callId = detail.moduleCalls[0].id as string
    const call = await browser.show('ModuleCall', callId)
    const list = await browser.list('Service', 'filters.hasModuleError=true&perPage=100')
    expect(list.json.records.map((r: { id: string }) => r.id)).toContain(service.id)
    for (const r of [
      shown,
      call,
      list,
      await browser.show('Product', product.id),
      await browser.list('ModuleCall'),
    ]) {
      expect(r.text).not.toContain(SECRET)
      expect(r.text).not.toContain('s3cret-login-pass')
    }

    const retried = await browser.recordAction('Service', service.id, 'retryModuleCall', {
      moduleCallId: callId,
    })
    expect(retried.json.notice.type).toBe('success')
    const jobs = (await queuedProvisioningJobs()).filter((j) => j.data.serviceId === service.id)
    // Same request, same idempotency key: a host that did the work can recognise it.
    const key = (
      (await db.moduleCall.findUniqueOrThrow({ where: { id: callId } })).request as { idempotencyKey: string }
    ).idempotencyKey
    expect(jobs.map((j) => j.data.requestId)).toEqual([key])
    expect(
      await db.auditEvent.count({
        where: { action: 'service.module.retry', targetId: service.id, actorId: staffId },
      }),
    ).toBe(1)
  })

  it('a Read-only member cannot POST suspend, terminate or set prices, and the dashboard links to what needs attention', async () => {
    const ctx = await superAdmin()
    const product = await makeProduct(ctx)
    const service = await serviceOf(product.id)
    const me = await makeStaff('Read-only')
    const readOnly = await signedIn(admin.baseUrl, me.email, me.password)
    const pricesBefore = await db.price.findMany({
      where: { productId: product.id },
      orderBy: { cycle: 'asc' },
    })
    const before = await orderCounts()
    for (const [resource, id, action, form] of [
      ['Service', service.id, 'suspend', { reason: 'No' }],
      ['Service', service.id, 'terminate', { confirm: 'yes' }],
      ['Product', product.id, 'setPrices', { 'pricing.USD.MONTHLY.amount': '0.01' }],
    ] as const) {
      const res = await readOnly.recordAction(resource, id, action, form)
      expect(res.status, `${resource}.${action}`).toBe(403)
    }
    expect(await statusOf(service.id)).toBe('ACTIVE')
    expect(await db.price.findMany({ where: { productId: product.id }, orderBy: { cycle: 'asc' } })).toEqual(
      pricesBefore,
    )
    expect(await orderCounts()).toEqual(before)
    // It can still read them.
    expect((await readOnly.show('Service', service.id)).status).toBe(200)

    const dashboard = await browser.get('/admin/api/dashboard')
    const counts = Object.fromEntries(
      (
        dashboard.json.counts as Array<{ key: string; value: number; resourceId: string; search?: string }>
      ).map((c) => [c.key, c]),
    )
    expect(counts.pendingOrders).toMatchObject({
      resourceId: 'Order',
      search: '?filters.status=PENDING',
      value: await db.order.count({ where: { status: 'PENDING' } }),
    })
    expect(counts.activeServices!.value).toBe(await db.service.count({ where: { status: 'ACTIVE' } }))
    expect(counts.openStaffTasks).toMatchObject({ resourceId: 'StaffTask', search: '?filters.status=OPEN' })
    expect(counts.failedModuleCalls).toMatchObject({
      resourceId: 'Service',
      search: '?filters.hasModuleError=true',
      value: await db.service.count({ where: { lastModuleError: { not: null } } }),
    })
  })
})
