import { refusal } from '@berth/tests/support/refusals'
import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient } from '@berth/tests/support/billing-factories'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { setSuspensionHold } from './set-suspension-hold'
import { makeService } from './test-support'

const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin)

describe('setSuspensionHold', () => {
  it('staff set "do not suspend" and "do not suspend until", audited', async () => {
    const c = await makeBillingClient()
    const s = await makeService({ clientId: c.clientId, productId: product.id })
    const support = (await makeStaff('Super admin')).ctx
    expect(
      await setSuspensionHold(support, {
        serviceId: s.id,
        overrideAutoSuspend: false,
        suspendUntil: '2027-03-01',
      }),
    ).toEqual({
      serviceId: s.id,
      overrideAutoSuspend: false,
      suspendUntil: '2027-03-01',
    })
    await setSuspensionHold(support, { serviceId: s.id, overrideAutoSuspend: true, suspendUntil: null })
    expect(await db.service.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      overrideAutoSuspend: true,
      suspendUntil: null,
    })
    const audits = await db.auditEvent.findMany({
      where: { targetId: s.id, action: 'service.suspension-hold' },
      orderBy: { createdAt: 'asc' },
    })
    expect(audits.map((a) => a.after)).toEqual([
      { overrideAutoSuspend: false, suspendUntil: '2027-03-01' },
      { overrideAutoSuspend: true, suspendUntil: null },
    ])
  })

  it('refuses a client, a bad date and an unknown service, changing nothing', async () => {
    const c = await makeBillingClient()
    const s = await makeService({ clientId: c.clientId, productId: product.id })
    const fail = (ctx: typeof admin, raw: unknown) => refusal(setSuspensionHold(ctx, raw))
    expect(
      await fail(c.ctx, { serviceId: s.id, overrideAutoSuspend: true, suspendUntil: null }),
    ).toMatchObject({ code: 'FORBIDDEN' })
    expect(
      await fail(admin, { serviceId: s.id, overrideAutoSuspend: false, suspendUntil: '2027-02-30' }),
    ).toMatchObject({ code: 'VALIDATION_FAILED', field: 'suspendUntil' })
    expect(
      await fail(admin, {
        serviceId: '0191f3a0-0000-7000-8000-000000000000',
        overrideAutoSuspend: true,
        suspendUntil: null,
      }),
    ).toMatchObject({ code: 'NOT_FOUND' })
    expect(await db.service.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      overrideAutoSuspend: false,
      suspendUntil: null,
    })
    expect(await db.auditEvent.count({ where: { targetId: s.id, action: 'service.suspension-hold' } })).toBe(
      0,
    )
  })
})
