import { randomBytes } from 'node:crypto'
import { getDb, type Db } from '@berth/prisma'
import {
  anonymousCtx,
  hashPassword,
  loadStaffPrincipal,
  registerClient,
  staffActor,
  type Ctx,
  type RegisterInput,
} from '@berth/core'

/** Test data builders: each makes what it needs with unique values, through core where it can. */
export const TEST_PASSWORD = 'correct horse battery staple'
export const REQUEST = { ip: '203.0.113.7', userAgent: 'vitest' }

/**
 * A request from an address of its own (100.64.0.0/10, shared address space): one per visitor, so
 * builders that register clients or check out carts stay under the per-IP throttles.
 */
export function visitorRequest(): { ip: string; userAgent: string } {
  const [a, b, c] = randomBytes(3)
  return { ip: `100.${64 + (a! & 63)}.${b}.${c}`, userAgent: 'vitest' }
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`
}

export function registration(overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    firstName: 'Test',
    lastName: 'Client',
    email: uniqueEmail('client'),
    password: TEST_PASSWORD,
    companyName: 'Test Co',
    address1: '1 Test Street',
    city: 'Testville',
    postcode: 'T1 1TT',
    country: 'GB',
    phone: '+44 20 7946 0000',
    ...overrides,
  }
}

/** A registered client and its owner login, plus a ctx acting as that client. */
export async function makeClient(overrides: Partial<RegisterInput> = {}, db: Db = getDb()) {
  const input = registration(overrides)
  const { clientId, userId } = await registerClient(anonymousCtx(db, visitorRequest()), input)
  const ctx: Ctx = { db, actor: { type: 'client', userId, clientId, label: input.email }, request: REQUEST }
  return { clientId, userId, email: input.email, password: input.password, ctx }
}

/** A staff member with the named role, plus a ctx acting as them. */
export async function makeStaff(roleName: string, db: Db = getDb()) {
  const role = await db.role.findUniqueOrThrow({ where: { name: roleName } })
  const email = uniqueEmail('staff')
  const staff = await db.staff.create({
    data: {
      email,
      firstName: 'Staff',
      lastName: roleName,
      roleId: role.id,
      passwordHash: await hashPassword(TEST_PASSWORD),
    },
  })
  const principal = (await loadStaffPrincipal(db, staff.id))!
  const ctx: Ctx = { db, actor: staffActor(principal), request: REQUEST }
  return { staffId: staff.id, email, password: TEST_PASSWORD, ctx, principal }
}

/** Row counts of the tables a form could write to: compare before and after a refused request. */
export async function tableCounts(db: Db = getDb()) {
  const [clients, users, staff, roles, auditEvents, emailLogs, sessions, authTokens] = await Promise.all([
    db.client.count(),
    db.user.count(),
    db.staff.count(),
    db.role.count(),
    db.auditEvent.count(),
    db.emailLog.count(),
    db.session.count(),
    db.authToken.count(),
  ])
  return { clients, users, staff, roles, auditEvents, emailLogs, sessions, authTokens }
}
