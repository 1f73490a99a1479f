import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import {
  makeClientWithService,
  makeProduct,
  queuedProvisioningJobs,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { billClientRenewals } from '../automation'
import { addDays } from '../catalog'
import { inTransaction } from '../shared'
import { approveCancellation, rejectCancellation } from './decide-cancellation'
import { processDueCancellations } from './process-due-cancellations'
import { requestCancellation } from './request-cancellation'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const hosting = await makeProduct(admin, { name: 'Hosting', prices: [{ cycle: 'MONTHLY', amount: 1000 }] })

/**
 * an active, paid-up service with an open end-of-period cancellation request; `withModule` gives its
 * product the manual module once it is active (so cancelling it asks the module to terminate)
 */
async function requested(withModule = false) {
  const product = withModule
    ? await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 1000 }] })
    : hosting
  const { client, serviceId } = await makeClientWithService(product.id)
  if (withModule)
    await db.product.update({ where: { id: product.id }, data: { provisioningModule: 'manual' } })
  const r = await requestCancellation(client.ctx, { serviceId, type: 'END_OF_PERIOD', reason: 'Too dear' })
  return { client, serviceId, cancellationId: r.cancellationId }
}

const emailsOf = (clientId: string, template: string) =>
  db.emailLog.findMany({ where: { clientId, template }, select: { toAddress: true } })

describe('staff decide cancellation requests', () => {
  it('approve at the end of the period: recorded, emailed, left open for the daily run, which cancels on the due date', async () => {
    const { client, serviceId, cancellationId } = await requested(true)
    const r = await approveCancellation(admin, { cancellationId, when: 'END_OF_PERIOD' })
    expect(r).toMatchObject({ type: 'END_OF_PERIOD', state: 'scheduled' })
    const row = await db.cancellationRequest.findUniqueOrThrow({ where: { id: cancellationId } })
    expect(row.status).toBe('OPEN')
    expect(row.approvedAt).not.toBeNull()
    expect(row.decidedById).toBe(admin.actor.type === 'staff' ? admin.actor.staffId : null)
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('ACTIVE')
    expect(await emailsOf(client.clientId, 'cancellation-approved')).toHaveLength(1)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'service.cancellation.approve', targetId: serviceId },
    })
    expect(audit.actorType).toBe('STAFF')
    expect(audit.ip).toBe('203.0.113.7')
    // approved twice is refused
    expect((await fail(approveCancellation(admin, { cancellationId, when: 'END_OF_PERIOD' }))).code).toBe(
      'INVALID_TRANSITION',
    )
    const due = (await db.service.findUniqueOrThrow({ where: { id: serviceId } })).nextDueDate!
    expect((await processDueCancellations(db, { today: addDays(due, -1) })).cancelled).toBe(0)
    expect((await processDueCancellations(db, { today: due })).cancelled).toBe(1)
    const jobs = (await queuedProvisioningJobs()).filter((j) => j.data.serviceId === serviceId)
    expect(jobs.map((j) => [j.data.action, j.data.transition])).toEqual([['terminate', 'cancel']])
  })

  it('approve immediately: the module is asked to terminate now; the client is told it ends today', async () => {
    const { client, serviceId, cancellationId } = await requested(true)
    const r = await approveCancellation(admin, { cancellationId, when: 'IMMEDIATE' })
    expect(r).toMatchObject({ type: 'IMMEDIATE', state: 'queued' })
    const jobs = (await queuedProvisioningJobs()).filter((j) => j.data.serviceId === serviceId)
    expect(jobs.map((j) => [j.data.action, j.data.transition])).toEqual([['terminate', 'cancel']])
    expect((await db.cancellationRequest.findUniqueOrThrow({ where: { id: cancellationId } })).type).toBe(
      'IMMEDIATE',
    )
    expect(await emailsOf(client.clientId, 'cancellation-approved')).toHaveLength(1)
    // under way: too late to reject
    const refused = await fail(rejectCancellation(admin, { cancellationId, reason: 'Changed our mind' }))
    expect(refused.code).toBe('INVALID_TRANSITION')
  })

  it('approve immediately without a module: cancelled at once and the request is done', async () => {
    const plain = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 500 }] })
    const { client, serviceId } = await makeClientWithService(plain.id)
    const { cancellationId } = await requestCancellation(client.ctx, {
      serviceId,
      type: 'END_OF_PERIOD',
      reason: 'Closing the shop',
    })
    expect((await approveCancellation(admin, { cancellationId, when: 'IMMEDIATE' })).state).toBe('done')
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('CANCELLED')
    expect((await db.cancellationRequest.findUniqueOrThrow({ where: { id: cancellationId } })).status).toBe(
      'DONE',
    )
  })

  it('reject: REJECTED with the reason, the client emailed, the service carries on and renews again', async () => {
    const { client, serviceId, cancellationId } = await requested()
    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    const asOf = addDays(service.nextDueDate!, -14)
    const renew = () =>
      inTransaction({ ...admin, actor: { type: 'system', label: 'test run' } }, (tx) =>
        billClientRenewals(tx, client.clientId, asOf),
      )
    // while the request is open the renewal step skips the service
    expect((await renew()).changed).toBe(false)
    await rejectCancellation(admin, { cancellationId, reason: 'Minimum term of twelve months' })
    const row = await db.cancellationRequest.findUniqueOrThrow({ where: { id: cancellationId } })
    expect(row).toMatchObject({ status: 'REJECTED', rejectionReason: 'Minimum term of twelve months' })
    expect(row.resolvedAt).not.toBeNull()
    expect(await emailsOf(client.clientId, 'cancellation-rejected')).toHaveLength(1)
    expect(
      await db.auditEvent.count({ where: { action: 'service.cancellation.reject', targetId: serviceId } }),
    ).toBe(1)
    expect((await renew()).changed).toBe(true)
    await processDueCancellations(db, { today: service.nextDueDate! })
    expect((await queuedProvisioningJobs()).filter((j) => j.data.serviceId === serviceId)).toEqual([])
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('ACTIVE')
    // decided once
    expect((await fail(approveCancellation(admin, { cancellationId, when: 'IMMEDIATE' }))).code).toBe(
      'INVALID_TRANSITION',
    )
  })

  it('bad input: field errors, nothing written; unknown requests are NOT_FOUND', async () => {
    const { cancellationId } = await requested()
    const before = await db.auditEvent.count()
    const cases: [unknown, string][] = [
      [{ cancellationId, when: 'TOMORROW' }, 'when'],
      [{ cancellationId: 'x', when: 'IMMEDIATE' }, 'cancellationId'],
    ]
    for (const [input, field] of cases) {
      const e = await fail(approveCancellation(admin, input))
      expect(e.code).toBe('VALIDATION_FAILED')
      expect(e.field).toBe(field)
    }
    const e = await fail(rejectCancellation(admin, { cancellationId, reason: ' ' }))
    expect(e.field).toBe('reason')
    expect(
      (await fail(rejectCancellation(admin, { cancellationId: randomUUID(), reason: 'Nope' }))).code,
    ).toBe('NOT_FOUND')
    expect(await db.auditEvent.count()).toBe(before)
    expect((await db.cancellationRequest.findUniqueOrThrow({ where: { id: cancellationId } })).status).toBe(
      'OPEN',
    )
  })

  it('permission: orders.manage (Billing, Support, Read-only and clients refused; nothing written)', async () => {
    const { client, cancellationId } = await requested()
    const stranger = await makeClient()
    const staff = await Promise.all(
      ['Billing', 'Support', 'Read-only'].map(async (r) => (await makeStaff(r)).ctx),
    )
    const before = await db.auditEvent.count()
    for (const ctx of staff) {
      expect((await fail(approveCancellation(ctx, { cancellationId, when: 'IMMEDIATE' }))).code).toBe(
        'FORBIDDEN',
      )
      expect((await fail(rejectCancellation(ctx, { cancellationId, reason: 'No way' }))).code).toBe(
        'FORBIDDEN',
      )
    }
    expect((await fail(rejectCancellation(client.ctx, { cancellationId, reason: 'No way' }))).code).toBe(
      'FORBIDDEN',
    )
    expect((await fail(approveCancellation(stranger.ctx, { cancellationId, when: 'IMMEDIATE' }))).code).toBe(
      'FORBIDDEN',
    )
    expect(await db.auditEvent.count()).toBe(before)
  })
})
