import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, registration, tableCounts } from '@berth/tests/support/factories'
import { updateProfile } from './update-profile'

const db = getDb()

/** The profile form as registration filled it in, with some changes. */
function profile(overrides: Record<string, unknown> = {}) {
  const { email: _e, password: _p, ...fields } = registration()
  return { ...fields, ...overrides }
}

describe('updateProfile', () => {
  it('saves the name and address and audits only the fields that changed', async () => {
    const c = await makeClient()
    const other = await makeClient()
    await updateProfile(
      c.ctx,
      profile({ firstName: 'Renamed', city: ' New City ', state: 'Kent', country: 'fr' }),
    )
    const user = await db.user.findUniqueOrThrow({ where: { id: c.userId }, include: { client: true } })
    expect(user.firstName).toBe('Renamed')
    expect(user.client).toMatchObject({
      city: 'New City',
      state: 'Kent',
      country: 'FR',
      address1: '1 Test Street',
    })
    const audits = await db.auditEvent.findMany({
      where: { action: 'client.profile.update', clientId: c.clientId },
    })
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      actorType: 'CLIENT',
      actorId: c.userId,
      targetType: 'Client',
      targetId: c.clientId,
    })
    expect(audits[0]!.before).toEqual({ firstName: 'Test', city: 'Testville', state: null, country: 'GB' })
    expect(audits[0]!.after).toEqual({ firstName: 'Renamed', city: 'New City', state: 'Kent', country: 'FR' })
    // The other client is untouched.
    expect((await db.client.findUniqueOrThrow({ where: { id: other.clientId } })).city).toBe('Testville')
  })

  it('records no audit event when nothing changed', async () => {
    const c = await makeClient()
    await updateProfile(c.ctx, profile())
    expect(
      await db.auditEvent.count({ where: { action: 'client.profile.update', clientId: c.clientId } }),
    ).toBe(0)
  })

  it('names every invalid field and writes nothing', async () => {
    const c = await makeClient()
    const clientBefore = await db.client.findUniqueOrThrow({ where: { id: c.clientId } })
    const before = await tableCounts()
    const error = await updateProfile(
      c.ctx,
      profile({
        firstName: '  ',
        lastName: 'x'.repeat(61),
        city: '',
        country: 'ZZ',
        phone: 'ring me',
        address1: 'Fine Street 1',
      }),
    ).catch((e) => e)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(error.fieldErrors()).sort()).toEqual([
      'city',
      'country',
      'firstName',
      'lastName',
      'phone',
    ])
    expect(error.fieldErrors().lastName).toBe('Last name must be at most 60 characters')
    expect(await tableCounts()).toEqual(before)
    expect(await db.client.findUniqueOrThrow({ where: { id: c.clientId } })).toEqual(clientBefore)
  })

  it('is only for a logged-in client', async () => {
    const staff = await makeStaff('Super admin')
    expect((await updateProfile(staff.ctx, profile()).catch((e) => e)).code).toBe('UNAUTHENTICATED')
  })

  it('refuses a ctx whose login does not belong to the client it names, and writes nothing', async () => {
    const a = await makeClient()
    const b = await makeClient()
    const forged = { ...a.ctx, actor: { ...a.ctx.actor, clientId: b.clientId } } as typeof a.ctx
    const before = await db.client.findUniqueOrThrow({ where: { id: b.clientId } })
    expect((await updateProfile(forged, profile({ city: 'Hijacked' })).catch((e) => e)).code).toBe(
      'UNAUTHENTICATED',
    )
    expect(await db.client.findUniqueOrThrow({ where: { id: b.clientId } })).toEqual(before)
    expect((await db.user.findUniqueOrThrow({ where: { id: a.userId } })).firstName).toBe('Test')
  })
})
