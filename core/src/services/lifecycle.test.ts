import { describe, expect, it } from 'vitest'
import { getDb, type ServiceStatus } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { makeProduct, makeVpsCatalog, orderCounts, superAdmin } from '@berth/tests/support/catalog-factories'
import { addMonths, formatDateOnly, toDateOnly } from '../catalog'
import { encryptSecret, secretBinding } from '../crypto'
import { newRowId, type Ctx } from '../shared'
import { activateService } from './activate-service'
import { cancelService } from './cancel-service'
import { changeBillingCycle } from './change-billing-cycle'
import { changeNextDueDate } from './change-next-due-date'
import { getService, listServices } from './list-services'
import { processDueCancellations } from './process-due-cancellations'
import { requestCancellation } from './request-cancellation'
import { suspendService } from './suspend-service'
import { terminateService } from './terminate-service'
import { allowedTransitions, SERVICE_TRANSITIONS, type ServiceTransition } from './transitions'
import { unsuspendService } from './unsuspend-service'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin, {
  prices: [
    { cycle: 'MONTHLY', amount: 1000 },
    { cycle: 'ANNUAL', amount: 10000 },
  ],
})
const owner = await makeClient()
const today = toDateOnly(new Date())

async function serviceIn(status: ServiceStatus, extra: Record<string, unknown> = {}) {
  return db.service.create({
    data: {
      clientId: owner.clientId,
      productId: product.id,
      status,
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 1000n,
      recurringAmount: 1000n,
      registrationDate: today,
      nextDueDate: addMonths(today, 1),
      ...extra,
    },
  })
}

const ACTIONS: Record<
  Exclude<ServiceTransition, 'fraud'>,
  (ctx: Ctx, serviceId: string) => Promise<unknown>
> = {
  activate: (ctx, serviceId) => activateService(ctx, { serviceId }),
  suspend: (ctx, serviceId) => suspendService(ctx, { serviceId, reason: 'Abuse report #42' }),
  unsuspend: (ctx, serviceId) => unsuspendService(ctx, { serviceId }),
  terminate: (ctx, serviceId) => terminateService(ctx, { serviceId }),
  cancel: (ctx, serviceId) => cancelService(ctx, { serviceId }),
}
const EMAIL: Partial<Record<ServiceTransition, string>> = {
  activate: 'welcome',
  suspend: 'service-suspended',
  unsuspend: 'service-unsuspended',
  terminate: 'service-terminated',
}
const STATUSES: ServiceStatus[] = ['PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'CANCELLED', 'FRAUD']
const cases = STATUSES.flatMap((from) =>
  (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).map(
    (t) => [from, t, SERVICE_TRANSITIONS[t].from.includes(from)] as const,
  ),
)

describe('the service transition table', () => {
  it.each(cases)('%s --%s--> allowed: %s', async (from, transition, allowed) => {
    const service = await serviceIn(from)
    if (!allowed) {
      const before = await orderCounts()
      const error = await fail(ACTIONS[transition](admin, service.id))
      expect(error.code).toBe('INVALID_TRANSITION')
      expect(error.message.length).toBeGreaterThan(10)
      expect(await orderCounts()).toEqual(before)
      expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe(from)
      return
    }
    const result = (await ACTIONS[transition](admin, service.id)) as { state: string; status: string }
    expect(result.state).toBe('done') // no module: the transition lands at once
    const after = await db.service.findUniqueOrThrow({ where: { id: service.id } })
    expect(after.status).toBe(SERVICE_TRANSITIONS[transition].to)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: `service.${transition}`, targetId: service.id },
    })
    expect([audit.actorType, (audit.before as { status: string }).status]).toEqual(['STAFF', from])
    const emails = await db.emailLog.findMany({
      where: { clientId: owner.clientId, queuedAt: { gte: audit.createdAt } },
      select: { template: true },
    })
    if (EMAIL[transition]) expect(emails.map((e) => e.template)).toContain(EMAIL[transition])
    if (transition === 'suspend')
      expect(after).toMatchObject({ suspensionReason: 'Abuse report #42', suspendedForNonPayment: false })
    if (transition === 'terminate' || transition === 'cancel')
      expect(formatDateOnly(after.terminationDate!)).toBe(formatDateOnly(today))
  })

  it('lists what each state allows, and final states allow nothing', () => {
    expect(allowedTransitions('PENDING')).toEqual(['activate', 'cancel', 'fraud'])
    expect(allowedTransitions('ACTIVE')).toEqual(['suspend', 'terminate', 'cancel'])
    expect(allowedTransitions('SUSPENDED')).toEqual(['unsuspend', 'terminate', 'cancel'])
    for (const s of ['TERMINATED', 'CANCELLED', 'FRAUD'] as const) expect(allowedTransitions(s)).toEqual([])
  })

  it('explains refusals in words', async () => {
    const suspended = await serviceIn('SUSPENDED')
    expect((await fail(activateService(admin, { serviceId: suspended.id }))).message).toBe(
      'A suspended service is not activated again: unsuspend it.',
    )
    const terminated = await serviceIn('TERMINATED')
    expect((await fail(unsuspendService(admin, { serviceId: terminated.id }))).message).toBe(
      'This service is terminated: it cannot be unsuspended any more.',
    )
  })

  it('needs orders.manage: support staff and clients are refused', async () => {
    const service = await serviceIn('ACTIVE')
    const support = (await makeStaff('Support')).ctx
    const before = await orderCounts()
    expect((await fail(suspendService(support, { serviceId: service.id, reason: 'x' }))).code).toBe(
      'FORBIDDEN',
    )
    await expect(terminateService(owner.ctx, { serviceId: service.id })).toBeRefusedWith('FORBIDDEN')
    expect((await fail(suspendService(admin, { serviceId: service.id, reason: '' }))).field).toBe('reason')
    expect(await orderCounts()).toEqual(before)
  })
})

describe('client views and requests', () => {
  it('a client lists and reads its own services only', async () => {
    const vps = await makeVpsCatalog(admin)
    const mineId = newRowId()
    const mine = await db.service.create({
      data: {
        id: mineId,
        clientId: owner.clientId,
        productId: vps.product.id,
        status: 'ACTIVE',
        billingCycle: 'MONTHLY',
        currencyCode: 'USD',
        firstPaymentAmount: 0n,
        recurringAmount: 2500n,
        registrationDate: today,
        nextDueDate: addMonths(today, 1),
        domain: 'vps.example.com',
        username: 'dana',
        passwordEnc: encryptSecret('p4ss', secretBinding('Service.passwordEnc', mineId)),
        configOptions: {
          create: [
            { optionId: vps.ram.id, choiceId: vps.ram4.id, quantity: 1 },
            { optionId: vps.ips.id, choiceId: vps.ipUnit.id, quantity: 2 },
          ],
        },
      },
    })
    const list = await listServices(owner.ctx, {})
    expect(list.services.map((s) => s.id)).toContain(mine.id)
    const detail = await getService(owner.ctx, mine.id)
    expect(detail.options.map((o) => `${o.name}=${o.value}`)).toEqual(['RAM=4 GB', 'Extra IPs=2'])
    expect(detail.login).toMatchObject({ username: 'dana', password: 'p4ss' })
    expect(detail.allowedTransitions).toEqual([])
    const readOnly = (await makeStaff('Read-only')).ctx
    expect((await getService(readOnly, mine.id)).login.password).toBeNull()
    const stranger = await makeClient()
    await expect(getService(stranger.ctx, mine.id)).toBeRefusedWith('NOT_FOUND')
    await expect(getService(stranger.ctx, 'not-a-uuid')).toBeRefusedWith('NOT_FOUND')
    expect((await listServices(stranger.ctx, { clientId: owner.clientId })).services).toEqual([])
  })

  it('cancellation at the end of the period waits for the due date; immediate cancels now', async () => {
    const service = await serviceIn('ACTIVE')
    const r = await requestCancellation(owner.ctx, {
      serviceId: service.id,
      type: 'END_OF_PERIOD',
      reason: 'Moving elsewhere',
    })
    expect(r).toMatchObject({ type: 'END_OF_PERIOD', state: 'scheduled' })
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe('ACTIVE')
    expect(
      (
        await fail(
          requestCancellation(owner.ctx, { serviceId: service.id, type: 'IMMEDIATE', reason: 'Again' }),
        )
      ).code,
    ).toBe('INVALID_TRANSITION')
    expect(
      await db.emailLog.count({ where: { clientId: owner.clientId, template: 'cancellation-requested' } }),
    ).toBeGreaterThan(0)
    expect((await processDueCancellations(db, { today })).cancelled).toBe(0)
    expect((await processDueCancellations(db, { today: addMonths(today, 1) })).cancelled).toBe(1)
    expect((await db.service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe('CANCELLED')
    expect((await db.cancellationRequest.findFirstOrThrow({ where: { serviceId: service.id } })).status).toBe(
      'DONE',
    )

    const now = await serviceIn('ACTIVE')
    expect(
      (
        await requestCancellation(owner.ctx, {
          serviceId: now.id,
          type: 'IMMEDIATE',
          reason: 'No longer needed',
        })
      ).state,
    ).toBe('done')
    expect((await db.service.findUniqueOrThrow({ where: { id: now.id } })).status).toBe('CANCELLED')
    const stranger = await makeClient()
    const other = await serviceIn('ACTIVE')
    expect(
      (
        await fail(
          requestCancellation(stranger.ctx, { serviceId: other.id, type: 'IMMEDIATE', reason: 'Not mine' }),
        )
      ).code,
    ).toBe('NOT_FOUND')
  })

  it('staff change the billing cycle (re-priced from the catalog) and the next due date', async () => {
    const service = await serviceIn('ACTIVE')
    const changed = await changeBillingCycle(admin, { serviceId: service.id, cycle: 'ANNUAL' })
    expect(changed.recurringAmount).toBe(10000n)
    expect((await fail(changeBillingCycle(admin, { serviceId: service.id, cycle: 'QUARTERLY' }))).field).toBe(
      'cycle',
    )
    const due = addMonths(today, 3)
    await changeNextDueDate(admin, { serviceId: service.id, nextDueDate: formatDateOnly(due) })
    expect(
      formatDateOnly((await db.service.findUniqueOrThrow({ where: { id: service.id } })).nextDueDate!),
    ).toBe(formatDateOnly(due))
    expect(
      await db.auditEvent.count({
        where: { targetId: service.id, action: { in: ['service.change-cycle', 'service.change-due-date'] } },
      }),
    ).toBe(2)
    const gone = await serviceIn('TERMINATED')
    expect(
      (await fail(changeNextDueDate(admin, { serviceId: gone.id, nextDueDate: formatDateOnly(due) }))).code,
    ).toBe('INVALID_TRANSITION')
  })
})
