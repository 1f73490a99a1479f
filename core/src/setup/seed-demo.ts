import type { Db } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { hashPassword } from '../crypto'
import { seedDemoBilling } from '../billing'
import { seedDemoCatalog } from '../catalog'
import { seedDemoDomains, seedDemoTlds } from '../domains'
import { seedDemoTickets } from '../support/tickets'
import { seedDemoSupport } from '../support/knowledgebase'
import { isProduction } from '../platform'
import { systemCtx, DomainError } from '../shared'

/** The demo logins printed by `npm start`. Seeded only in demo mode, refused in production. */
export const DEMO_LOGINS = {
  admin: { email: 'admin@berth.test', password: 'berth-demo-admin', role: 'Super admin' },
  client: { email: 'client@berth.test', password: 'berth-demo-client' },
  staff: [
    {
      email: 'billing@berth.test',
      password: 'berth-demo-staff',
      role: 'Billing',
      firstName: 'Bea',
      lastName: 'Ledger',
    },
    {
      email: 'support@berth.test',
      password: 'berth-demo-staff',
      role: 'Support',
      firstName: 'Sam',
      lastName: 'Helpdesk',
    },
    {
      email: 'readonly@berth.test',
      password: 'berth-demo-staff',
      role: 'Read-only',
      firstName: 'Rita',
      lastName: 'Viewer',
    },
  ],
} as const

const SAMPLE_CLIENTS = [
  {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@example.com',
    companyName: 'Compiler Cloud Ltd',
    city: 'London',
    country: 'GB',
    address1: '12 Baker Street',
    postcode: 'NW1 6XE',
  },
  {
    firstName: 'Linus',
    lastName: 'Berg',
    email: 'linus@example.com',
    companyName: null,
    city: 'Helsinki',
    country: 'FI',
    address1: 'Mannerheimintie 5',
    postcode: '00100',
  },
  {
    firstName: 'Margaret',
    lastName: 'Hamilton',
    email: 'margaret@example.com',
    companyName: 'Apollo Web Studio',
    city: 'Boston',
    country: 'US',
    address1: '77 Massachusetts Ave',
    postcode: '02139',
    state: 'MA',
  },
  {
    firstName: 'Tim',
    lastName: 'Lee',
    email: 'tim@example.com',
    companyName: 'Hypertext GmbH',
    city: 'Berlin',
    country: 'DE',
    address1: 'Unter den Linden 1',
    postcode: '10117',
  },
  {
    firstName: 'Ada',
    lastName: 'King',
    email: 'ada@example.com',
    companyName: 'Analytical Engines SARL',
    city: 'Paris',
    country: 'FR',
    address1: '8 Rue de Rivoli',
    postcode: '75004',
  },
] as const

/** Seeds the demo once (it checks for the demo admin first), so a second `npm start` keeps your changes. */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  if (isProduction())
    throw new DomainError('NOT_IN_PRODUCTION', 'The demo data and logins are refused in production mode.')
  if (await db.staff.findUnique({ where: { email: DEMO_LOGINS.admin.email }, select: { id: true } }))
    return { seeded: false }
  const [adminHash, clientHash, staffHash] = await Promise.all([
    hashPassword(DEMO_LOGINS.admin.password),
    hashPassword(DEMO_LOGINS.client.password),
    hashPassword(DEMO_LOGINS.staff[0].password),
  ])
  const now = new Date()
  await db.$transaction(
    async (tx) => {
      const ctx = systemCtx(tx, 'demo-seed')
      const roles = new Map(
        (await tx.role.findMany({ select: { id: true, name: true } })).map((r) => [r.name, r.id]),
      )
      const roleId = (name: string) => {
        const id = roles.get(name)
        if (!id) throw new Error(`role ${name} missing: reference data not applied`)
        return id
      }
      const admin = await tx.staff.create({
        data: {
          email: DEMO_LOGINS.admin.email,
          passwordHash: adminHash,
          firstName: 'Alex',
          lastName: 'Admin',
          roleId: roleId('Super admin'),
        },
      })
      await recordAuditEvent(ctx, {
        action: 'staff.create',
        targetType: 'Staff',
        targetId: admin.id,
        after: { email: admin.email, role: 'Super admin' },
      })
      for (const s of DEMO_LOGINS.staff) {
        const staff = await tx.staff.create({
          data: {
            email: s.email,
            passwordHash: staffHash,
            firstName: s.firstName,
            lastName: s.lastName,
            roleId: roleId(s.role),
          },
        })
        await recordAuditEvent(ctx, {
          action: 'staff.create',
          targetType: 'Staff',
          targetId: staff.id,
          after: { email: staff.email, role: s.role },
        })
      }
      const demoClient = await tx.client.create({
        data: {
          companyName: 'Demo Web Co',
          address1: '1 Demo Road',
          city: 'Bristol',
          postcode: 'BS1 4DJ',
          country: 'GB',
          phone: '+44 117 496 0000',
          currencyCode: 'USD',
        },
      })
      const demoUser = await tx.user.create({
        data: {
          clientId: demoClient.id,
          email: DEMO_LOGINS.client.email,
          passwordHash: clientHash,
          firstName: 'Dana',
          lastName: 'Demo',
          emailVerifiedAt: now,
        },
      })
      await recordAuditEvent(ctx, {
        action: 'client.create',
        targetType: 'Client',
        targetId: demoClient.id,
        clientId: demoClient.id,
        after: { ownerEmail: demoUser.email },
      })
      const sampleClientIds: string[] = []
      for (const c of SAMPLE_CLIENTS) {
        const client = await tx.client.create({
          data: {
            companyName: c.companyName,
            address1: c.address1,
            city: c.city,
            postcode: c.postcode,
            state: 'state' in c ? c.state : null,
            country: c.country,
            phone: '+1 555 0100',
            currencyCode: c.country === 'US' ? 'USD' : c.country === 'GB' ? 'GBP' : 'EUR',
          },
        })
        await tx.user.create({
          data: {
            clientId: client.id,
            email: c.email,
            passwordHash: clientHash,
            firstName: c.firstName,
            lastName: c.lastName,
            emailVerifiedAt: now,
          },
        })
        await recordAuditEvent(ctx, {
          action: 'client.create',
          targetType: 'Client',
          targetId: client.id,
          clientId: client.id,
          after: { ownerEmail: c.email },
        })
        sampleClientIds.push(client.id)
      }
      // Invoices, payments, credit, tax rules and the test gateway (core/src/billing/demo).
      await seedDemoBilling(tx, { demoClientId: demoClient.id, otherClientIds: sampleClientIds })
      // The catalog (plans, VPS options, addons, WELCOME10, servers) and the demo client's services (core/src/catalog/demo).
      await seedDemoCatalog(tx, {
        demoClientId: demoClient.id,
        demoUserId: demoUser.id,
        demoUserEmail: demoUser.email,
      })
      // Support departments and a sample answered ticket for the demo client (core/src/support/tickets/demo).
      await seedDemoTickets(systemCtx(tx, 'demo-seed'), { clientId: demoClient.id, userId: demoUser.id }, now)
      // The knowledgebase (categories, articles, related links) and two announcements (core/src/support/knowledgebase/demo).
      await seedDemoSupport(ctx)
      // Domain TLDs on the sandbox registrar, priced in the demo currencies (core/src/domains/demo).
      await seedDemoTlds(tx)
      // The demo client's own domain at the sandbox registry, with nameservers and a small zone.
      await seedDemoDomains(tx, { clientId: demoClient.id, now })
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
  return { seeded: true }
}
