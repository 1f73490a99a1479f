import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, formatDateOnly, requestCancellation, toDateOnly } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  makeClient,
  makeClientWithService,
  makeProduct,
  orderCounts,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * Staff orders (Client → New order) and cancellation decisions (Cancellation request → Approve /
 * Reject) through the AdminJS API: core does the work and audits as the staff member; field errors
 * come back on the form's fields with nothing written; roles without orders.manage get 403.
 */
let admin: RunningAdmin
let browser: AdminClient
let staffId: string
const db = getDb()
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

const signedInAs = async (role: string) => {
  const who = await makeStaff(role)
  return signedIn(admin.baseUrl, who.email, who.password)
}

describe('New order for a client (console)', () => {
  it('GET lists the products in the client currency; POST places the order and opens it, audited as the staff member', async () => {
    const product = await makeProduct(await superAdmin(), {
      name: 'Console plan',
      prices: [{ cycle: 'MONTHLY', amount: 1500 }],
    })
    const client = await makeClient()
    const form = await browser.get(`/admin/api/resources/Client/records/${client.clientId}/newOrder`)
    expect(form.status).toBe(200)
    const choices = form.json.record.params.actionData as {
      currency: string
      products: { id: string }[]
    }
    expect(choices.currency).toBe('USD')
    expect(choices.products.map((p) => p.id)).toContain(product.id)

    const placed = await browser.recordAction('Client', client.clientId, 'newOrder', {
      productId: product.id,
      cycle: 'MONTHLY',
      optionsJson: '{}',
      firstDueDate: formatDateOnly(addDays(today, 5)),
      recurringAmount: '1200',
      createInvoice: 'false',
      provisionNow: 'false',
      idempotencyKey: `console-order-${client.clientId}`,
    })
    expect(placed.status).toBe(200)
    expect(placed.json.notice.type).toBe('success')
    const order = await db.order.findFirstOrThrow({
      where: { clientId: client.clientId },
      select: { id: true, services: { select: { status: true, recurringAmount: true } } },
    })
    expect(placed.json.redirectUrl).toBe(`/admin/resources/Order/records/${order.id}/show`)
    expect(order.services).toEqual([{ status: 'ACTIVE', recurringAmount: 1200n }])
    expect(
      await db.auditEvent.count({
        where: { action: 'order.staff-create', targetId: order.id, actorId: staffId },
      }),
    ).toBe(1)
  })

  it('bad input comes back as field errors and writes nothing', async () => {
    const product = await makeProduct(await superAdmin(), { prices: [{ cycle: 'MONTHLY', amount: 900 }] })
    const client = await makeClient()
    const before = await orderCounts()
    const bad = await browser.recordAction('Client', client.clientId, 'newOrder', {
      productId: product.id,
      cycle: 'MONTHLY',
      firstDueDate: formatDateOnly(addDays(today, -3)),
      recurringAmount: '-1',
    })
    expect(Object.keys(bad.json.record.errors)).toEqual(expect.arrayContaining(['recurringAmount']))
    const past = await browser.recordAction('Client', client.clientId, 'newOrder', {
      productId: product.id,
      cycle: 'MONTHLY',
      firstDueDate: formatDateOnly(addDays(today, -3)),
    })
    expect(past.json.record.errors.firstDueDate.message).toContain('past')
    const unpaid = await browser.recordAction('Client', client.clientId, 'newOrder', {
      productId: product.id,
      cycle: 'MONTHLY',
      createInvoice: 'true',
      provisionNow: 'true',
    })
    expect(unpaid.json.record.errors.provisionWithoutPayment.message).toContain('paid')
    expect(await orderCounts()).toEqual(before)
  })

  it('Billing and Read-only members get 403 on GET and POST, and nothing is written', async () => {
    const product = await makeProduct(await superAdmin(), { prices: [{ cycle: 'MONTHLY', amount: 900 }] })
    const client = await makeClient()
    const members = [await signedInAs('Billing'), await signedInAs('Read-only')]
    const before = await orderCounts()
    for (const [i, staff] of members.entries()) {
      const role = ['Billing', 'Read-only'][i]
      const get = await staff.get(`/admin/api/resources/Client/records/${client.clientId}/newOrder`)
      expect(get.status, role).toBe(403)
      const post = await staff.recordAction('Client', client.clientId, 'newOrder', {
        productId: product.id,
        cycle: 'MONTHLY',
      })
      expect(post.status, role).toBe(403)
    }
    expect(await orderCounts()).toEqual(before)
  })
})

describe('Cancellation requests: approve and reject (console)', () => {
  async function openRequest() {
    const product = await makeProduct(await superAdmin(), { prices: [{ cycle: 'MONTHLY', amount: 800 }] })
    const { client, serviceId } = await makeClientWithService(product.id)
    const r = await requestCancellation(client.ctx, { serviceId, type: 'END_OF_PERIOD', reason: 'Leaving' })
    return { client, serviceId, cancellationId: r.cancellationId }
  }

  it('approve now cancels the service; reject needs a reason, which the client is emailed', async () => {
    const first = await openRequest()
    const approved = await browser.recordAction('CancellationRequest', first.cancellationId, 'approve', {
      when: 'IMMEDIATE',
    })
    expect(approved.json.notice.type).toBe('success')
    expect((await db.service.findUniqueOrThrow({ where: { id: first.serviceId } })).status).toBe('CANCELLED')

    const second = await openRequest()
    const noReason = await browser.recordAction('CancellationRequest', second.cancellationId, 'reject', {
      reason: '',
    })
    expect(noReason.json.record.errors.reason.message).toContain('why')
    expect(
      (await db.cancellationRequest.findUniqueOrThrow({ where: { id: second.cancellationId } })).status,
    ).toBe('OPEN')
    const rejected = await browser.recordAction('CancellationRequest', second.cancellationId, 'reject', {
      reason: 'Twelve-month minimum term',
    })
    expect(rejected.json.notice.type).toBe('success')
    expect(
      await db.cancellationRequest.findUniqueOrThrow({ where: { id: second.cancellationId } }),
    ).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Twelve-month minimum term',
      decidedById: staffId,
    })
    expect(
      await db.emailLog.count({
        where: { clientId: second.client.clientId, template: 'cancellation-rejected' },
      }),
    ).toBe(1)
  })

  it('Support and Read-only members get 403; the request stays open', async () => {
    const { cancellationId, serviceId } = await openRequest()
    for (const role of ['Support', 'Read-only']) {
      const staff = await signedInAs(role)
      expect(
        (await staff.recordAction('CancellationRequest', cancellationId, 'approve', { when: 'IMMEDIATE' }))
          .status,
        role,
      ).toBe(403)
      expect(
        (await staff.recordAction('CancellationRequest', cancellationId, 'reject', { reason: 'No way' }))
          .status,
        role,
      ).toBe(403)
    }
    expect((await db.cancellationRequest.findUniqueOrThrow({ where: { id: cancellationId } })).status).toBe(
      'OPEN',
    )
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('ACTIVE')
  })
})
