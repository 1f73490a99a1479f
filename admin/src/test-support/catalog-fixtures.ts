import { randomBytes, randomUUID } from 'node:crypto'
import {
  addMonths,
  createAddon,
  createConfigOptionGroup,
  createServer,
  createServerGroup,
  formatDateOnly,
  toDateOnly,
  type Ctx,
} from '@berth/core'
import { getDb, type ServiceStatus } from '@berth/prisma'
import { makeClient } from '@berth/tests/support/factories'
import { makeGroup, makeProduct, makePromotion } from '@berth/tests/support/catalog-factories'
import type { AdminClient, Answer } from './admin-client'

/**
 * Records of the catalog, server, order and service resources for the role × action table
 * (access/role-access.test.ts): one shared record each, a fresh one in the state an allowed write
 * needs (a pending order to accept, an active service to suspend...), the forms of `new` and `edit`,
 * the custom actions' requests, and how to tell that a write took effect.
 */
export const CATALOG_RESOURCE_IDS = [
  'ProductGroup',
  'Product',
  'ConfigOptionGroup',
  'Addon',
  'Promotion',
  'ServerGroup',
  'Server',
  'Order',
  'Service',
  'ModuleCall',
  'StaffTask',
  'CancellationRequest',
] as const
export type CatalogResourceId = (typeof CATALOG_RESOURCE_IDS)[number]

export function isCatalogResource(id: string): id is CatalogResourceId {
  return (CATALOG_RESOURCE_IDS as readonly string[]).includes(id)
}

const unique = () => randomBytes(4).toString('hex')
const today = () => toDateOnly(new Date())

interface Base {
  clientId: string
  productId: string
  moduleProductId: string
  otherProductId: string
  groupId: string
}

let base: Base | undefined

async function baseOf(ctx: Ctx): Promise<Base> {
  if (base) return base
  const client = await makeClient()
  const group = await makeGroup(ctx)
  const product = await makeProduct(ctx, {
    groupId: group.id,
    prices: [
      { cycle: 'MONTHLY', amount: 1000 },
      { cycle: 'ANNUAL', amount: 10000 },
    ],
  })
  const other = await makeProduct(ctx, { groupId: group.id, prices: [{ cycle: 'MONTHLY', amount: 2500 }] })
  const manual = await makeProduct(ctx, {
    groupId: group.id,
    provisioningModule: 'manual',
    prices: [{ cycle: 'MONTHLY', amount: 1500 }],
  })
  base = {
    clientId: client.clientId,
    productId: product.id,
    moduleProductId: manual.id,
    otherProductId: other.id,
    groupId: group.id,
  }
  return base
}

async function service(
  ctx: Ctx,
  status: ServiceStatus,
  extra: { productId?: string; orderId?: string } = {},
) {
  const b = await baseOf(ctx)
  return getDb().service.create({
    data: {
      clientId: b.clientId,
      productId: extra.productId ?? b.productId,
      orderId: extra.orderId ?? null,
      status,
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 1000n,
      recurringAmount: 1000n,
      registrationDate: today(),
      nextDueDate: addMonths(today(), 1),
    },
    select: { id: true, clientId: true },
  })
}

async function pendingOrder(ctx: Ctx) {
  const b = await baseOf(ctx)
  const order = await getDb().order.create({
    data: { clientId: b.clientId, currencyCode: 'USD' },
    select: { id: true },
  })
  await service(ctx, 'PENDING', { orderId: order.id })
  return order.id
}

/** A failed module call of a pending service whose product has a module: retrying it is allowed. */
async function failedCall(ctx: Ctx) {
  const b = await baseOf(ctx)
  const s = await service(ctx, 'PENDING', { productId: b.moduleProductId })
  await getDb().service.update({
    where: { id: s.id },
    data: { lastModuleError: 'create: the host did not answer' },
  })
  const call = await getDb().moduleCall.create({
    data: {
      serviceId: s.id,
      module: 'manual',
      action: 'create',
      success: false,
      error: 'the host did not answer',
      durationMs: 5,
      request: { idempotencyKey: `${s.id}:create:${randomUUID()}`, transition: 'activate', params: {} },
    },
    select: { id: true },
  })
  return { serviceId: s.id, callId: call.id }
}

async function openTask() {
  return (
    await getDb().staffTask.create({
      data: { kind: 'service.note', title: `Check the server ${unique()}` },
      select: { id: true },
    })
  ).id
}

/** One record of each resource (the shared fixtures of a role's run). */
export async function makeCatalogFixtures(ctx: Ctx): Promise<Record<CatalogResourceId, string>> {
  const b = await baseOf(ctx)
  const db = getDb()
  const active = await service(ctx, 'ACTIVE')
  const failed = await failedCall(ctx)
  const cancellation = await db.cancellationRequest.create({
    data: {
      serviceId: active.id,
      clientId: active.clientId,
      type: 'END_OF_PERIOD',
      reason: 'Moving elsewhere',
    },
    select: { id: true },
  })
  const serverGroup = await createServerGroup(ctx, { name: `Group ${unique()}` })
  return {
    ProductGroup: b.groupId,
    Product: b.productId,
    ConfigOptionGroup: (await createConfigOptionGroup(ctx, { name: `Options ${unique()}` })).id,
    Addon: (await createAddon(ctx, { name: `Addon ${unique()}`, productIds: [] })).id,
    Promotion: (await makePromotion(ctx)).id,
    ServerGroup: serverGroup.id,
    Server: (
      await createServer(ctx, {
        name: `srv-${unique()}`,
        hostname: `srv-${unique()}.example.com`,
        module: 'manual',
      })
    ).id,
    Order: await pendingOrder(ctx),
    Service: active.id,
    ModuleCall: failed.callId,
    StaffTask: await openTask(),
    CancellationRequest: cancellation.id,
  }
}

/** The service state each allowed service action starts from. */
const SERVICE_STATE: Record<string, ServiceStatus> = {
  activate: 'PENDING',
  suspend: 'ACTIVE',
  unsuspend: 'SUSPENDED',
  terminate: 'ACTIVE',
  cancel: 'ACTIVE',
  changePackage: 'ACTIVE',
  changeBillingCycle: 'ACTIVE',
  changeNextDueDate: 'ACTIVE',
}

/** A fresh record for an allowed write (it may delete it or change its state). */
export async function freshCatalogFixture(
  ctx: Ctx,
  resource: CatalogResourceId,
  action: string,
): Promise<string> {
  switch (resource) {
    case 'ProductGroup':
      return (await makeGroup(ctx)).id
    case 'Product':
      return (await makeProduct(ctx, { groupId: (await baseOf(ctx)).groupId })).id
    case 'ConfigOptionGroup':
      return (await createConfigOptionGroup(ctx, { name: `Options ${unique()}` })).id
    case 'Addon':
      return (await createAddon(ctx, { name: `Addon ${unique()}`, productIds: [] })).id
    case 'Promotion':
      return (await makePromotion(ctx)).id
    case 'ServerGroup':
      return (await createServerGroup(ctx, { name: `Group ${unique()}` })).id
    case 'Server':
      return (
        await createServer(ctx, {
          name: `srv-${unique()}`,
          hostname: `srv-${unique()}.example.com`,
          module: 'manual',
        })
      ).id
    case 'Order':
      return pendingOrder(ctx)
    case 'Service':
      return action === 'retryModuleCall'
        ? (await failedCall(ctx)).serviceId
        : (await service(ctx, SERVICE_STATE[action] ?? 'ACTIVE')).id
    case 'ModuleCall':
      return (await failedCall(ctx)).callId
    case 'StaffTask':
      return openTask()
    case 'CancellationRequest': {
      const s = await service(ctx, 'ACTIVE')
      return (
        await getDb().cancellationRequest.create({
          data: { serviceId: s.id, clientId: s.clientId, type: 'IMMEDIATE', reason: 'No longer needed' },
          select: { id: true },
        })
      ).id
    }
  }
}

export async function catalogRowOf(
  resource: CatalogResourceId,
  id: string,
): Promise<Record<string, unknown> | null> {
  const db = getDb()
  switch (resource) {
    case 'ProductGroup':
      return db.productGroup.findUnique({ where: { id } })
    case 'Product':
      return db.product.findUnique({ where: { id } })
    case 'ConfigOptionGroup':
      return db.configOptionGroup.findUnique({ where: { id } })
    case 'Addon':
      return db.addon.findUnique({ where: { id } })
    case 'Promotion':
      return db.promotion.findUnique({ where: { id } })
    case 'ServerGroup':
      return db.serverGroup.findUnique({ where: { id } })
    case 'Server':
      return db.server.findUnique({ where: { id } })
    case 'Order':
      return db.order.findUnique({ where: { id } })
    case 'Service':
      return db.service.findUnique({ where: { id } })
    case 'ModuleCall':
      return db.moduleCall.findUnique({ where: { id } })
    case 'StaffTask':
      return db.staffTask.findUnique({ where: { id } })
    case 'CancellationRequest':
      return db.cancellationRequest.findUnique({ where: { id } })
  }
}

/** A valid "new" form of each resource staff may create (the others are refused whatever is sent). */
export function catalogNewForm(
  resource: CatalogResourceId,
): { form: Record<string, string>; exists: () => Promise<boolean> } | null {
  const db = getDb()
  const u = unique()
  switch (resource) {
    case 'ProductGroup':
      return {
        form: { name: `Group ${u}`, slug: `group-${u}` },
        exists: async () => (await db.productGroup.count({ where: { slug: `group-${u}` } })) === 1,
      }
    case 'Product':
      return {
        form: {
          group: base!.groupId,
          type: 'OTHER',
          name: `Plan ${u}`,
          slug: `plan-${u}`,
          'pricing.USD.MONTHLY.amount': '5.00',
          'pricing.USD.MONTHLY.setupFee': '',
        },
        exists: async () =>
          (await db.product.count({ where: { slug: `plan-${u}`, prices: { some: { amount: 500n } } } })) ===
          1,
      }
    case 'ConfigOptionGroup':
      return {
        form: { name: `Options ${u}` },
        exists: async () => (await db.configOptionGroup.count({ where: { name: `Options ${u}` } })) === 1,
      }
    case 'Addon':
      return {
        form: { name: `Addon ${u}`, 'pricing.USD.MONTHLY.amount': '1.50' },
        exists: async () =>
          (await db.addon.count({ where: { name: `Addon ${u}`, prices: { some: { amount: 150n } } } })) === 1,
      }
    case 'Promotion': {
      const code = `NEW${u.toUpperCase()}`
      return {
        form: { code, kind: 'PERCENT', percentText: '12.5' },
        exists: async () => (await db.promotion.count({ where: { code, percent: 125000 } })) === 1,
      }
    }
    case 'ServerGroup':
      return {
        form: { name: `Group ${u}`, fillType: 'LEAST_FULL' },
        exists: async () => (await db.serverGroup.count({ where: { name: `Group ${u}` } })) === 1,
      }
    case 'Server':
      return {
        form: { name: `srv-${u}`, hostname: `srv-${u}.example.com`, module: 'manual' },
        exists: async () => (await db.server.count({ where: { name: `srv-${u}` } })) === 1,
      }
    default:
      return null
  }
}

/** The field an edit changes on each resource (for the ones nobody may edit: a plausible one). */
export const CATALOG_EDIT_FIELDS: Record<CatalogResourceId, string> = {
  ProductGroup: 'name',
  Product: 'name',
  ConfigOptionGroup: 'description',
  Addon: 'description',
  Promotion: 'description',
  ServerGroup: 'name',
  Server: 'name',
  Order: 'notes',
  Service: 'notes',
  ModuleCall: 'error',
  StaffTask: 'title',
  CancellationRequest: 'reason',
}

interface Outcome {
  res: Answer
  tookEffect: () => Promise<boolean>
}

/** The record moved to `status` (from another one: a refused request on a record already there changed nothing). */
async function becomes(
  resource: CatalogResourceId,
  id: string,
  status: string,
  request: () => Promise<Answer>,
): Promise<Outcome> {
  const before = (await catalogRowOf(resource, id))?.status
  const res = await request()
  return {
    res,
    tookEffect: async () => before !== status && (await catalogRowOf(resource, id))?.status === status,
  }
}
const retried = (callId: string | null, serviceId: string | null) => async () =>
  (await getDb().auditEvent.count({
    where: {
      action: 'service.module.retry',
      ...(serviceId ? { targetId: serviceId } : {}),
      ...(callId ? { after: { path: ['moduleCallId'], equals: callId } } : {}),
    },
  })) > 0

/** The request of each custom action of these resources, and how to tell it took effect; undefined for the generic actions. */
export async function catalogAttempt(
  browser: AdminClient,
  resource: CatalogResourceId,
  action: string,
  id: string,
): Promise<Outcome | undefined> {
  const db = getDb()
  const post = (form: Record<string, string> = {}) => browser.recordAction(resource, id, action, form)
  switch (`${resource}.${action}`) {
    case 'Product.setPrices':
    case 'Addon.setPrices': {
      const res = await post({ 'pricing.USD.MONTHLY.amount': '7.77', 'pricing.USD.MONTHLY.setupFee': '' })
      const owner = resource === 'Product' ? { productId: id } : { addonId: id }
      return {
        res,
        tookEffect: async () =>
          (await db.price.count({
            where: { ...owner, currencyCode: 'USD', cycle: 'MONTHLY', amount: 777n },
          })) === 1,
      }
    }
    case 'Product.testConnection':
    case 'Server.testConnection': {
      if (resource === 'Product')
        await db.product.update({ where: { id }, data: { provisioningModule: 'manual' } })
      const res = await post({ confirm: 'yes' })
      return {
        res,
        tookEffect: async () =>
          (await db.moduleCall.count({
            where: { action: 'testConnection', request: { path: ['id'], equals: id } },
          })) > 0,
      }
    }
    case 'ConfigOptionGroup.editOptions': {
      const name = `Option ${unique()}`
      const res = await post({ op: 'createOption', name, type: 'DROPDOWN' })
      return {
        res,
        tookEffect: async () => (await db.configOption.count({ where: { groupId: id, name } })) === 1,
      }
    }
    case 'Order.accept':
      return becomes('Order', id, 'ACTIVE', () => post({ confirm: 'yes' }))
    case 'Order.cancel':
      return becomes('Order', id, 'CANCELLED', () => post({ reason: 'Asked by the client' }))
    case 'Order.fraud':
      return becomes('Order', id, 'FRAUD', () => post({ reason: 'Stolen card' }))
    case 'Service.activate':
      return becomes('Service', id, 'ACTIVE', () => post({ confirm: 'yes' }))
    case 'Service.suspend':
      return becomes('Service', id, 'SUSPENDED', () => post({ reason: 'Abuse report #7' }))
    case 'Service.unsuspend':
      return becomes('Service', id, 'ACTIVE', () => post({ confirm: 'yes' }))
    case 'Service.terminate':
      return becomes('Service', id, 'TERMINATED', () => post({ confirm: 'yes' }))
    case 'Service.cancel':
      return becomes('Service', id, 'CANCELLED', () => post({ reason: 'Client asked' }))
    case 'Service.changePackage': {
      const productId = base!.otherProductId
      const preview = await post({ step: 'preview', productId })
      if (preview.status !== 200 || !preview.json?.preview)
        return {
          res: preview,
          tookEffect: async () => (await catalogRowOf('Service', id))?.productId === productId,
        }
      const res = await post({
        step: 'confirm',
        productId,
        expectedAmount: String(preview.json.preview.expectedAmount),
      })
      // An upgrade that costs money waits for its invoice (decision 0023): a pending change to the product took effect too.
      const changed = async () => (await catalogRowOf('Service', id))?.productId === productId
      const pending = async () =>
        (await db.packageChange.count({
          where: { serviceId: id, toProductId: productId, status: 'PENDING' },
        })) > 0
      return { res, tookEffect: async () => (await changed()) || (await pending()) }
    }
    case 'Service.changeBillingCycle':
      return {
        res: await post({ cycle: 'ANNUAL' }),
        tookEffect: async () => (await catalogRowOf('Service', id))?.billingCycle === 'ANNUAL',
      }
    case 'Service.changeNextDueDate': {
      const due = formatDateOnly(addMonths(today(), 2))
      const res = await post({ nextDueDate: due })
      return {
        res,
        tookEffect: async () =>
          formatDateOnly((await catalogRowOf('Service', id))?.nextDueDate as Date) === due,
      }
    }
    case 'Service.retryModuleCall':
      return { res: await post({ confirm: 'yes' }), tookEffect: retried(null, id) }
    case 'ModuleCall.retry':
      return { res: await post({ confirm: 'yes' }), tookEffect: retried(id, null) }
    case 'StaffTask.complete':
      return becomes('StaffTask', id, 'DONE', () => post({ note: 'Done by hand' }))
    case 'CancellationRequest.approve':
      return {
        res: await post({ when: 'END_OF_PERIOD' }),
        tookEffect: async () =>
          (await db.cancellationRequest.findUniqueOrThrow({ where: { id } })).approvedAt !== null,
      }
    case 'CancellationRequest.reject':
      return becomes('CancellationRequest', id, 'REJECTED', () => post({ reason: 'Minimum term' }))
    default:
      return undefined
  }
}
