import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { REQUEST, tableCounts, uniqueEmail } from '@berth/tests/support/factories'
import { verifyPassword } from '../crypto'
import { anonymousCtx } from '../shared'
import { logInStaff } from '../staff'
import { createSuperAdmin } from './create-first-admin'

const db = getDb()

describe('createSuperAdmin', () => {
  it('creates an active Super admin who can log in, audited as the CLI', async () => {
    const email = uniqueEmail('owner')
    const staff = await createSuperAdmin(db, {
      firstName: 'Olive',
      lastName: 'Owner',
      email: email.toUpperCase(),
      password: 'the owner password',
    })
    expect(staff).toEqual({ id: expect.any(String), email, firstName: 'Olive', lastName: 'Owner' })
    const row = await db.staff.findUniqueOrThrow({ where: { id: staff.id }, include: { role: true } })
    expect(row).toMatchObject({ status: 'ACTIVE', role: { name: 'Super admin' } })
    expect(await verifyPassword(row.passwordHash, 'the owner password')).toBe(true)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'staff.create', targetId: staff.id },
    })
    expect(audit).toMatchObject({
      actorType: 'SYSTEM',
      actorLabel: 'cli:create-admin',
      after: { ...staff, role: 'Super admin' },
    })
    const principal = await logInStaff(anonymousCtx(db, REQUEST), { email, password: 'the owner password' })
    expect(principal.roleName).toBe('Super admin')
  })

  it('refuses an email already used by staff, and invalid input, writing nothing', async () => {
    const email = uniqueEmail('owner')
    await createSuperAdmin(db, {
      firstName: 'First',
      lastName: 'Owner',
      email,
      password: 'the owner password',
    })
    const before = await tableCounts()
    expect(
      await createSuperAdmin(db, {
        firstName: 'Second',
        lastName: 'Owner',
        email,
        password: 'another password',
      }).catch((e) => e),
    ).toMatchObject({ code: 'DUPLICATE', field: 'email' })
    const invalid = await createSuperAdmin(db, {
      firstName: '',
      lastName: 'X',
      email: 'nope',
      password: 'short',
    }).catch((e) => e)
    expect(Object.keys(invalid.fieldErrors()).sort()).toEqual(['email', 'firstName', 'password'])
    expect(await tableCounts()).toEqual(before)
  })
})
