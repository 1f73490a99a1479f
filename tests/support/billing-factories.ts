import { createPrismaClient, getDb, type Db } from '@berth/prisma'
import {
  createInvoice,
  publishInvoice,
  updateGatewayConfig,
  type Ctx,
  type InvoiceItemInput,
} from '@berth/core'
import { REQUEST, makeStaff, tableCounts, uniqueEmail } from './factories'

/** Billing builders for tests: invoices through core, counts of every billing table, parallel clients. */

export const item = (
  unitAmount: bigint | number | string,
  overrides: Partial<InvoiceItemInput> = {},
): InvoiceItemInput => ({
  description: 'Web hosting (monthly)',
  quantity: 1,
  unitAmount,
  isTaxable: true,
  ...overrides,
})

export interface BillingClientOptions {
  companyName?: string | null
  country?: string
  state?: string | null
  taxId?: string | null
  currencyCode?: string
}

/**
 * A client and its owner login written directly (no password hashing, no verification email), so
 * billing tests stay fast; accounts tests cover registration itself. The login cannot log in.
 */
export async function makeBillingClient(options: BillingClientOptions = {}, db: Db = getDb()) {
  const email = uniqueEmail('client')
  const client = await db.client.create({
    data: {
      companyName: options.companyName === undefined ? 'Test Co' : options.companyName,
      address1: '1 Test Street',
      city: 'Testville',
      postcode: 'T1 1TT',
      country: options.country ?? 'GB',
      state: options.state ?? null,
      taxId: options.taxId ?? null,
      currencyCode: options.currencyCode ?? 'USD',
      users: {
        create: {
          email,
          firstName: 'Test',
          lastName: 'Client',
          passwordHash: 'not-a-password-hash',
          isOwner: true,
          emailVerifiedAt: new Date(),
        },
      },
    },
    select: { id: true, users: { select: { id: true } } },
  })
  const userId = client.users[0]!.id
  const ctx: Ctx = {
    db,
    actor: { type: 'client', userId, clientId: client.id, label: email },
    request: REQUEST,
  }
  return { clientId: client.id, userId, email, ctx }
}

/** A Billing staff member and a Super admin (who alone may configure gateways). */
export async function makeBillingTeam(db: Db = getDb()) {
  const [billing, admin] = await Promise.all([makeStaff('Billing', db), makeStaff('Super admin', db)])
  return { billing, admin }
}

/** A draft invoice (or published, by default) for a client, made by staff through core. */
export async function makeInvoice(
  staff: Ctx,
  clientId: string,
  items: InvoiceItemInput[] = [item(1000)],
  options: { publish?: boolean; dueDate?: string; issueDate?: string } = {},
) {
  const draft = await createInvoice(staff, {
    clientId,
    items,
    ...(options.dueDate ? { dueDate: options.dueDate } : {}),
    ...(options.issueDate ? { issueDate: options.issueDate } : {}),
  })
  if (options.publish === false) return draft
  return publishInvoice(staff, { invoiceId: draft.id })
}

/** Enables the demo test gateway (as a Super admin). */
export async function enableTestGateway(admin: Ctx) {
  return updateGatewayConfig(admin, {
    gateway: 'test',
    isEnabled: true,
    displayName: 'Test gateway (no real money)',
  })
}

/** Row counts of every table a billing call could write to: compare before and after a refusal. */
export async function billingCounts(db: Db = getDb()) {
  const [
    base,
    invoices,
    invoiceItems,
    taxLines,
    transactions,
    creditEntries,
    creditSum,
    paymentSessions,
    webhookEvents,
    disputes,
    gatewayConfigs,
    sequence,
    jobs,
  ] = await Promise.all([
    tableCounts(db),
    db.invoice.count(),
    db.invoiceItem.count(),
    db.invoiceTaxLine.count(),
    db.transaction.count(),
    db.creditEntry.count(),
    db.creditBalance.aggregate({ _sum: { balance: true } }),
    db.paymentSession.count(),
    db.webhookEvent.count(),
    db.dispute.count(),
    db.gatewayConfig.count(),
    db.numberSequence.findUnique({ where: { name: 'invoice' } }),
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM pgboss.job`,
  ])
  return {
    ...base,
    invoices,
    invoiceItems,
    taxLines,
    transactions,
    creditEntries,
    creditTotal: String(creditSum._sum.balance ?? 0n),
    paymentSessions,
    webhookEvents,
    disputes,
    gatewayConfigs,
    nextInvoiceNumber: String(sequence?.nextValue),
    jobs: String(jobs[0]?.n ?? 0n),
  }
}

/**
 * `n` Prisma clients on their own pools, so Promise.all over them runs truly parallel transactions
 * on separate connections. Call `close()` at the end.
 */
export function parallelClients(n: number, poolSize = 3) {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const clients = Array.from({ length: n }, () => createPrismaClient(url, { max: poolSize }))
  return { clients, close: () => Promise.all(clients.map((c) => c.$disconnect())) }
}

/** The same actor on another database client. */
export function onDb(ctx: Ctx, db: Db): Ctx {
  return { ...ctx, db }
}

export async function expectDomainError(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; field?: string }> {
  try {
    await promise
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error)
      return error as { code: string; message: string; field?: string }
    throw error
  }
  throw new Error('expected a DomainError, got success')
}
