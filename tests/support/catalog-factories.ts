import { randomBytes } from 'node:crypto'
import { getDb, type Db } from '@berth/prisma'
import {
  addCartItem,
  checkout,
  createAddon,
  createConfigOption,
  createConfigOptionChoice,
  createConfigOptionGroup,
  createProduct,
  createProductGroup,
  createPromotion,
  handleInvoicePaid,
  openCart,
  recordManualPayment,
  runModuleCall,
  type Ctx,
  type CheckoutResult,
  type ModuleCallResult,
} from '@berth/core'
import { makeClient, makeStaff, registration, visitorRequest } from './factories'

/** Catalog, order and service builders for the products-and-services tests. */
export const uid = () => randomBytes(4).toString('hex')

export type PriceSpec = {
  currency?: string
  cycle: string
  amount: bigint | number
  setupFee?: bigint | number
}
const prices = (rows: PriceSpec[]) =>
  rows.map((r) => ({
    currency: r.currency ?? 'USD',
    cycle: r.cycle,
    amount: BigInt(r.amount),
    setupFee: BigInt(r.setupFee ?? 0),
  }))

export async function superAdmin(db: Db = getDb()) {
  return (await makeStaff('Super admin', db)).ctx
}

export async function makeGroup(ctx: Ctx, overrides: Record<string, unknown> = {}) {
  return createProductGroup(ctx, { name: `Group ${uid()}`, slug: `group-${uid()}`, ...overrides })
}

export interface ProductSpec {
  groupId?: string
  name?: string
  type?: string
  prices?: PriceSpec[]
  provisioningModule?: string | null
  moduleSettings?: Record<string, unknown>
  stockControl?: boolean
  stockQuantity?: number
  domainRequirement?: 'NONE' | 'HOSTNAME' | 'DOMAIN'
  autoSetup?: 'ON_ORDER' | 'ON_PAYMENT' | 'ON_ACCEPT' | 'NEVER'
  configOptionGroupIds?: string[]
  serverGroupId?: string | null
  isHidden?: boolean
  isTaxable?: boolean
}

export async function makeProduct(ctx: Ctx, spec: ProductSpec = {}) {
  const groupId = spec.groupId ?? (await makeGroup(ctx)).id
  return createProduct(ctx, {
    groupId,
    type: spec.type ?? 'SHARED_HOSTING',
    name: spec.name ?? `Plan ${uid()}`,
    slug: `plan-${uid()}`,
    prices: prices(
      spec.prices ?? [
        { cycle: 'MONTHLY', amount: 1000, setupFee: 500 },
        { cycle: 'ANNUAL', amount: 10000 },
      ],
    ),
    provisioningModule: spec.provisioningModule ?? null,
    moduleSettings: spec.moduleSettings ?? {},
    stockControl: spec.stockControl ?? false,
    stockQuantity: spec.stockQuantity ?? 0,
    domainRequirement: spec.domainRequirement ?? 'NONE',
    autoSetup: spec.autoSetup ?? 'ON_PAYMENT',
    configOptionGroupIds: spec.configOptionGroupIds,
    serverGroupId: spec.serverGroupId ?? null,
    isHidden: spec.isHidden ?? false,
    isTaxable: spec.isTaxable ?? true,
  })
}

/**
 * A VPS with a RAM dropdown (2/4/8 GB: 0, +500, +1500 a month), a quantity of extra IPs (0..4 at
 * 200 a month each, setup 100 each), a yes/no managed option (+300), and two addons (daily backups,
 * 400 a month; a one-time migration, 2500).
 */
export async function makeVpsCatalog(ctx: Ctx, spec: ProductSpec = {}) {
  const optionGroup = await createConfigOptionGroup(ctx, { name: `VPS options ${uid()}` })
  const ram = await createConfigOption(ctx, {
    groupId: optionGroup.id,
    name: 'RAM',
    type: 'DROPDOWN',
    moduleKey: 'ram',
    sortOrder: 1,
  })
  const ram2 = await createConfigOptionChoice(ctx, {
    optionId: ram.id,
    label: '2 GB',
    moduleValue: '2048',
    sortOrder: 1,
    prices: prices([
      { cycle: 'MONTHLY', amount: 0 },
      { cycle: 'ANNUAL', amount: 0 },
    ]),
  })
  const ram4 = await createConfigOptionChoice(ctx, {
    optionId: ram.id,
    label: '4 GB',
    moduleValue: '4096',
    sortOrder: 2,
    prices: prices([
      { cycle: 'MONTHLY', amount: 500 },
      { cycle: 'ANNUAL', amount: 5000 },
    ]),
  })
  const ram8 = await createConfigOptionChoice(ctx, {
    optionId: ram.id,
    label: '8 GB',
    moduleValue: '8192',
    sortOrder: 3,
    prices: prices([
      { cycle: 'MONTHLY', amount: 1500 },
      { cycle: 'ANNUAL', amount: 15000 },
    ]),
  })
  const ips = await createConfigOption(ctx, {
    groupId: optionGroup.id,
    name: 'Extra IPs',
    type: 'QUANTITY',
    minQuantity: 0,
    maxQuantity: 4,
    moduleKey: 'ips',
    sortOrder: 2,
  })
  const ipUnit = await createConfigOptionChoice(ctx, {
    optionId: ips.id,
    label: 'IPv4 address',
    prices: prices([
      { cycle: 'MONTHLY', amount: 200, setupFee: 100 },
      { cycle: 'ANNUAL', amount: 2000 },
    ]),
  })
  const managed = await createConfigOption(ctx, {
    groupId: optionGroup.id,
    name: 'Managed',
    type: 'YES_NO',
    sortOrder: 3,
  })
  const managedYes = await createConfigOptionChoice(ctx, {
    optionId: managed.id,
    label: 'Yes',
    prices: prices([{ cycle: 'MONTHLY', amount: 300 }]),
  })
  const product = await makeProduct(ctx, {
    type: 'VPS',
    name: spec.name ?? `VPS ${uid()}`,
    prices: spec.prices ?? [
      { cycle: 'MONTHLY', amount: 2000, setupFee: 1000 },
      { cycle: 'ANNUAL', amount: 20000 },
    ],
    domainRequirement: 'HOSTNAME',
    configOptionGroupIds: [optionGroup.id],
    ...spec,
  })
  const backups = await createAddon(ctx, {
    name: 'Daily backups',
    productIds: [product.id],
    prices: prices([
      { cycle: 'MONTHLY', amount: 400 },
      { cycle: 'ANNUAL', amount: 4000 },
    ]),
  })
  const migration = await createAddon(ctx, {
    name: 'Site migration',
    productIds: [product.id],
    prices: prices([{ cycle: 'ONE_TIME', amount: 2500 }]),
  })
  return { product, optionGroup, ram, ram2, ram4, ram8, ips, ipUnit, managed, managedYes, backups, migration }
}

export async function makePromotion(ctx: Ctx, overrides: Record<string, unknown> = {}) {
  return createPromotion(ctx, {
    code: `PROMO${uid().toUpperCase()}`,
    kind: 'PERCENT',
    percent: 100000,
    ...overrides,
  })
}

export interface OrderItemSpec {
  productId: string
  cycle?: string
  options?: Record<string, string | number | boolean>
  addonIds?: string[]
  domain?: string | null
}

/** A client's cart with these items (and promo code), checked out; returns the checkout result. */
export async function orderAsClient(
  clientCtx: Ctx,
  items: OrderItemSpec[],
  options: { promoCode?: string; expectedTotal?: bigint; idempotencyKey?: string } = {},
): Promise<CheckoutResult & { cartId: string }> {
  const cart = await openCart(clientCtx, {})
  for (const item of items)
    await addCartItem(clientCtx, { cart: { cartId: cart.cartId }, cycle: 'MONTHLY', ...item })
  if (options.promoCode)
    await clientCtx.db.cart.update({ where: { id: cart.cartId }, data: { promoCode: options.promoCode } })
  const result = await checkout(clientCtx, {
    cart: { cartId: cart.cartId },
    acceptTerms: true,
    paymentMethod: 'manual',
    idempotencyKey: options.idempotencyKey ?? `key-${uid()}-${uid()}-${uid()}`,
    ...(options.expectedTotal !== undefined ? { expectedTotal: options.expectedTotal } : {}),
  })
  return { ...result, cartId: cart.cartId }
}

/** A visitor's cart with these items: returns its token. */
export async function visitorCart(db: Db, items: OrderItemSpec[], currency = 'USD') {
  const ctx: Ctx = { db, actor: { type: 'anonymous' }, request: visitorRequest() }
  const cart = await openCart(ctx, { currency })
  for (const item of items)
    await addCartItem(ctx, { cart: { token: cart.token! }, cycle: 'MONTHLY', ...item })
  return { ctx, token: cart.token!, cartId: cart.cartId }
}

export { makeClient, makeStaff, registration }

/** Pays an invoice in full by hand (as billing staff), then runs the `invoice.paid` hook as the worker would. */
export async function payInvoice(invoiceId: string, db: Db = getDb()) {
  const billing = (await makeStaff('Billing', db)).ctx
  const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { balance: true } })
  await recordManualPayment(billing, {
    invoiceId,
    method: 'bank_transfer',
    amount: invoice.balance,
    reference: `ref-${uid()}`,
  })
  return handleInvoicePaid(db, { invoiceId })
}

/** Runs every queued `provisioning.call` job once, as the worker would, and marks it done. */
export async function drainProvisioningJobs(db: Db = getDb()): Promise<ModuleCallResult[]> {
  const results: ModuleCallResult[] = []
  for (;;) {
    const jobs = await db.$queryRaw<
      { id: string; data: unknown }[]
    >`SELECT id::text AS id, data FROM pgboss.job WHERE name = 'provisioning.call' AND state = 'created' ORDER BY created_on LIMIT 20`
    if (!jobs.length) return results
    for (const job of jobs) {
      await db.$executeRaw`UPDATE pgboss.job SET state = 'completed' WHERE id = ${job.id}::uuid`
      results.push(await runModuleCall(db, job.data))
    }
  }
}

export async function queuedProvisioningJobs(db: Db = getDb()) {
  return db.$queryRaw<
    { data: { serviceId: string; action: string; transition: string | null; requestId: string } }[]
  >`SELECT data FROM pgboss.job WHERE name = 'provisioning.call' AND state = 'created' ORDER BY created_on`
}

/** Row counts of everything a checkout or order action writes: compare before and after a refusal. */
export async function orderCounts(db: Db = getDb()) {
  const [
    orders,
    services,
    serviceAddons,
    serviceOptions,
    invoices,
    invoiceItems,
    redemptions,
    clients,
    users,
    auditEvents,
    emailLogs,
    moduleCalls,
    staffTasks,
    creditEntries,
  ] = await Promise.all([
    db.order.count(),
    db.service.count(),
    db.serviceAddon.count(),
    db.serviceConfigOption.count(),
    db.invoice.count(),
    db.invoiceItem.count(),
    db.promotionRedemption.count(),
    db.client.count(),
    db.user.count(),
    db.auditEvent.count(),
    db.emailLog.count(),
    db.moduleCall.count(),
    db.staffTask.count(),
    db.creditEntry.count(),
  ])
  const promotions = await db.promotion.findMany({
    select: { code: true, usesCount: true },
    orderBy: { code: 'asc' },
  })
  const stock = await db.product.findMany({
    select: { id: true, stockQuantity: true },
    orderBy: { id: 'asc' },
  })
  return {
    orders,
    services,
    serviceAddons,
    serviceOptions,
    invoices,
    invoiceItems,
    redemptions,
    clients,
    users,
    auditEvents,
    emailLogs,
    moduleCalls,
    staffTasks,
    creditEntries,
    promotions,
    stock,
  }
}

/** A client with a service of `productId`, ordered and paid (activation jobs drained). */
export async function makeClientWithService(
  productId: string,
  item: Partial<OrderItemSpec> = {},
  db: Db = getDb(),
) {
  const client = await makeClient({}, db)
  const order = await orderAsClient(client.ctx, [{ productId, ...item }])
  await payInvoice(order.invoiceId, db)
  await drainProvisioningJobs(db)
  return { client, order, serviceId: order.serviceIds[0]! }
}

export { registration as registrationInput }
