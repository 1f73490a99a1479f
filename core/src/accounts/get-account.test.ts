import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, REQUEST } from '@berth/tests/support/factories'
import { systemCtx, type Ctx } from '../shared'
import { getAccount, getDashboardSummary, loadPortalPrincipal } from './get-account'

const db = getDb()
const unique = () => randomBytes(4).toString('hex')

/** Rows of every kind the dashboard counts, written straight to the database: some that count, some that do not. */
async function giveRows(
  clientId: string,
  n: { unpaid: number; liveServices: number; openTickets: number; activeDomains: number },
) {
  const group = await db.productGroup.create({ data: { name: 'Hosting', slug: `hosting-${unique()}` } })
  const product = await db.product.create({
    data: { groupId: group.id, type: 'SHARED_HOSTING', name: 'Starter', slug: `starter-${unique()}` },
  })
  const department = await db.department.create({ data: { name: `Support ${unique()}` } })
  const invoice = (status: 'UNPAID' | 'PAID' | 'DRAFT') => ({
    clientId,
    currencyCode: 'USD',
    status,
    dueDate: new Date('2026-12-01'),
    number: status === 'DRAFT' ? null : `T-${unique()}`,
    total: 1000n,
    balance: status === 'UNPAID' ? 1000n : 0n,
  })
  await db.invoice.createMany({
    data: [...Array.from({ length: n.unpaid }, () => invoice('UNPAID')), invoice('PAID'), invoice('DRAFT')],
  })
  const service = (status: 'ACTIVE' | 'SUSPENDED' | 'PENDING' | 'TERMINATED' | 'CANCELLED') => ({
    clientId,
    productId: product.id,
    status,
    billingCycle: 'MONTHLY' as const,
    currencyCode: 'USD',
    firstPaymentAmount: 500n,
    recurringAmount: 500n,
    registrationDate: new Date('2026-01-01'),
  })
  // live services cycle through active, suspended, pending: 3 give one of each, 4 give two active
  const live = ['ACTIVE', 'SUSPENDED', 'PENDING'] as const
  await db.service.createMany({
    data: [
      ...Array.from({ length: n.liveServices }, (_, i) => service(live[i % 3]!)),
      service('TERMINATED'),
      service('CANCELLED'),
    ],
  })
  const ticket = (status: 'OPEN' | 'ANSWERED' | 'CLOSED') => ({
    clientId,
    departmentId: department.id,
    subject: 'Help',
    status,
  })
  await db.ticket.createMany({
    data: [
      ...Array.from({ length: n.openTickets }, (_, i) => ticket(i % 2 ? 'ANSWERED' : 'OPEN')),
      ticket('CLOSED'),
    ],
  })
  const domain = (status: 'ACTIVE' | 'EXPIRED' | 'PENDING') => ({
    clientId,
    name: `d-${unique()}.com`,
    tld: 'com',
    registrar: 'manual',
    status,
    currencyCode: 'USD',
    recurringAmount: 1200n,
  })
  await db.domain.createMany({
    data: [
      ...Array.from({ length: n.activeDomains }, () => domain('ACTIVE')),
      domain('EXPIRED'),
      domain('PENDING'),
    ],
  })
}

describe('getAccount', () => {
  it("returns the actor's own login and account details", async () => {
    const c = await makeClient({ state: 'Greater London' })
    await makeClient()
    expect(await getAccount(c.ctx)).toEqual({
      userId: c.userId,
      clientId: c.clientId,
      email: c.email,
      emailVerified: false,
      firstName: 'Test',
      lastName: 'Client',
      companyName: 'Test Co',
      address1: '1 Test Street',
      address2: null,
      city: 'Testville',
      state: 'Greater London',
      postcode: 'T1 1TT',
      country: 'GB',
      phone: '+44 20 7946 0000',
      currencyCode: 'USD',
    })
    await db.user.update({ where: { id: c.userId }, data: { emailVerifiedAt: new Date() } })
    expect((await getAccount(c.ctx)).emailVerified).toBe(true)
  })

  it('refuses staff, the system, and a client ctx whose login belongs to another client', async () => {
    const a = await makeClient()
    const b = await makeClient()
    const staff = await makeStaff('Super admin')
    const forged: Ctx = {
      ...a.ctx,
      actor: { type: 'client', userId: a.userId, clientId: b.clientId, label: a.email },
    }
    for (const ctx of [staff.ctx, systemCtx(db, 'test'), forged]) {
      expect((await getAccount(ctx).catch((e) => e)).code).toBe('UNAUTHENTICATED')
    }
  })
})

describe('getDashboardSummary', () => {
  it("counts only the actor's own client's rows, and only those in the states each tile shows", async () => {
    const mine = await makeClient()
    const theirs = await makeClient()
    const none = {
      unpaidInvoices: 0,
      activeServices: 0,
      pendingServices: 0,
      suspendedServices: 0,
      openTickets: 0,
      activeDomains: 0,
      invoiceCount: 0,
      serviceCount: 0,
      ticketCount: 0,
    }
    expect(await getDashboardSummary(mine.ctx)).toEqual(none)
    await giveRows(mine.clientId, { unpaid: 2, liveServices: 3, openTickets: 2, activeDomains: 1 })
    await giveRows(theirs.clientId, { unpaid: 5, liveServices: 4, openTickets: 3, activeDomains: 6 })
    // giveRows adds one PAID and one DRAFT invoice (drafts are not the client's to see), two ended services and one closed ticket.
    // Active services are the active ones only; pending and suspended are counted apart.
    expect(await getDashboardSummary(mine.ctx)).toEqual({
      unpaidInvoices: 2,
      activeServices: 1,
      pendingServices: 1,
      suspendedServices: 1,
      openTickets: 2,
      activeDomains: 1,
      invoiceCount: 3,
      serviceCount: 5,
      ticketCount: 3,
    })
    expect(await getDashboardSummary(theirs.ctx)).toEqual({
      unpaidInvoices: 5,
      activeServices: 2,
      pendingServices: 1,
      suspendedServices: 1,
      openTickets: 3,
      activeDomains: 6,
      invoiceCount: 6,
      serviceCount: 6,
      ticketCount: 4,
    })
  })

  it('is only for a logged-in client', async () => {
    const staff = await makeStaff('Read-only')
    expect((await getDashboardSummary(staff.ctx).catch((e) => e)).code).toBe('UNAUTHENTICATED')
  })
})

describe('loadPortalPrincipal', () => {
  it('is the login while it and its client are active, and null afterwards', async () => {
    const c = await makeClient()
    const ctx = systemCtx(db, 'test')
    expect(await loadPortalPrincipal(ctx, c.userId)).toEqual({
      userId: c.userId,
      clientId: c.clientId,
      email: c.email,
      firstName: 'Test',
      lastName: 'Client',
      emailVerified: false,
    })
    await db.client.update({ where: { id: c.clientId }, data: { status: 'INACTIVE' } })
    expect(await loadPortalPrincipal(ctx, c.userId)).toBeNull()
    await db.client.update({ where: { id: c.clientId }, data: { status: 'ACTIVE' } })
    await db.user.update({ where: { id: c.userId }, data: { status: 'DISABLED' } })
    expect(await loadPortalPrincipal(ctx, c.userId)).toBeNull()
    expect(
      await loadPortalPrincipal(
        { db, actor: { type: 'anonymous' }, request: REQUEST },
        '00000000-0000-7000-8000-000000000000',
      ),
    ).toBeNull()
  })
})
