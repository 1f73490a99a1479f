import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { REQUEST, tableCounts } from '@berth/tests/support/factories'
import { logInUser } from '../accounts'
import { anonymousCtx } from '../shared'
import { logInStaff } from '../staff'
import { DEMO_LOGINS, seedDemo } from './seed-demo'

const db = getDb()
const nodeEnv = process.env.NODE_ENV
afterEach(() => {
  process.env.NODE_ENV = nodeEnv
})

// The tests run in order on one database: the refusal first, while it is still empty.
describe('seedDemo', () => {
  it('is refused with NODE_ENV=production and writes nothing', async () => {
    const before = await tableCounts()
    process.env.NODE_ENV = 'production'
    const error = await seedDemo(db).catch((e) => e)
    process.env.NODE_ENV = nodeEnv
    expect(error.code).toBe('NOT_IN_PRODUCTION')
    expect(await tableCounts()).toEqual(before)
  })

  it('seeds the demo staff of every built-in role and clients whose printed logins work', async () => {
    expect(await seedDemo(db)).toEqual({ seeded: true })
    const staff = await db.staff.findMany({ include: { role: true } })
    expect(Object.fromEntries(staff.map((s) => [s.email, s.role.name]))).toEqual({
      [DEMO_LOGINS.admin.email]: 'Super admin',
      ...Object.fromEntries(DEMO_LOGINS.staff.map((s) => [s.email, s.role])),
    })
    expect(await db.client.count()).toBe(6)
    expect(await db.user.count({ where: { emailVerifiedAt: null } })).toBe(0)
    const seedEvents = { actorType: 'SYSTEM', actorLabel: 'demo-seed' } as const
    const knowledgebase = [{ action: { startsWith: 'kb.' } }, { action: { startsWith: 'announcement.' } }]
    expect(await db.auditEvent.count({ where: { ...seedEvents, NOT: knowledgebase } })).toBe(10)
    // the knowledgebase and announcements are published through their use cases, audited alike
    expect(await db.auditEvent.count({ where: { ...seedEvents, action: 'kb.article.create' } })).toBe(15)
    expect(await db.kbArticle.count({ where: { isPublished: true } })).toBe(15)
    expect(await db.announcement.count({ where: { isPublished: true } })).toBe(2)
    // The demo client's domain, the same at the sandbox registry as in Berth: its page works offline.
    const domain = await db.domain.findFirstOrThrow({
      where: { client: { users: { some: { email: DEMO_LOGINS.client.email } } } },
      include: { dnsRecords: true },
    })
    const registry = await db.sandboxDomain.findUniqueOrThrow({ where: { name: domain.name } })
    expect(domain).toMatchObject({ status: 'ACTIVE', registrar: 'sandbox', expiryDate: expect.any(Date) })
    expect(registry.expiresAt.getTime()).toBe(domain.expiryDate!.getTime())
    expect(registry.nameservers).toEqual(domain.nameservers)
    expect(domain.dnsRecords).toHaveLength((registry.dnsRecords as unknown[]).length)
    const ctx = anonymousCtx(db, REQUEST)
    await expect(
      logInStaff(ctx, { email: DEMO_LOGINS.admin.email, password: DEMO_LOGINS.admin.password }),
    ).resolves.toMatchObject({ roleName: 'Super admin' })
    await expect(
      logInUser(ctx, { email: DEMO_LOGINS.client.email, password: DEMO_LOGINS.client.password }),
    ).resolves.toMatchObject({ email: DEMO_LOGINS.client.email })
  })

  it('runs once: a second run keeps the data as it is (changes included)', async () => {
    await db.client.updateMany({
      where: { companyName: 'Demo Web Co' },
      data: { city: 'Changed by the user' },
    })
    const before = await tableCounts()
    expect(await seedDemo(db)).toEqual({ seeded: false })
    expect(await tableCounts()).toEqual(before)
    expect(await db.client.count({ where: { city: 'Changed by the user' } })).toBe(1)
  })

  it('is refused in production even once seeded', async () => {
    process.env.NODE_ENV = 'production'
    expect((await seedDemo(db).catch((e) => e)).code).toBe('NOT_IN_PRODUCTION')
  })
})
