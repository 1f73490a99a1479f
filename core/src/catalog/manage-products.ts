import type { DbClient, Prisma } from '@berth/prisma'
import { requirePermission } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { maskModuleSettings, prepareModuleSettings, assertProductWebhookTarget } from '../provisioning'
import { DomainError, isUniqueViolation, inTransaction, parseInput, newRowId, type Ctx } from '../shared'
import { PRICE_SELECT, priceRowsForJson, replacePrices } from './prices'
import { createProductInput, updateProductInput, uuidSchema } from './schemas'

const productFields = {
  id: true,
  groupId: true,
  type: true,
  name: true,
  slug: true,
  description: true,
  features: true,
  isHidden: true,
  isRetired: true,
  stockControl: true,
  stockQuantity: true,
  domainRequirement: true,
  autoSetup: true,
  isTaxable: true,
  welcomeEmail: true,
  provisioningModule: true,
  moduleSettings: true,
  serverGroupId: true,
  sortOrder: true,
} as const

const slugTaken = () =>
  new DomainError('DUPLICATE', 'Another product of this group already uses this slug.', { field: 'slug' })
const notFound = () => new DomainError('NOT_FOUND', 'This product does not exist.')

async function assertExists(db: DbClient, kind: 'group' | 'serverGroup', id: string | null | undefined) {
  if (!id) return
  const found =
    kind === 'group'
      ? await db.productGroup.findUnique({ where: { id }, select: { id: true } })
      : await db.serverGroup.findUnique({ where: { id }, select: { id: true } })
  if (!found)
    throw new DomainError(
      'VALIDATION_FAILED',
      kind === 'group' ? 'Choose an existing product group.' : 'Choose an existing server group.',
      { field: kind === 'group' ? 'groupId' : 'serverGroupId' },
    )
}

async function setOptionGroups(db: DbClient, productId: string, groupIds: readonly string[]) {
  const unique = [...new Set(groupIds)]
  const found = await db.configOptionGroup.count({ where: { id: { in: unique } } })
  if (found !== unique.length)
    throw new DomainError('VALIDATION_FAILED', 'Choose existing configurable option groups.', {
      field: 'configOptionGroupIds',
    })
  await db.productConfigOptionGroup.deleteMany({ where: { productId } })
  if (unique.length)
    await db.productConfigOptionGroup.createMany({ data: unique.map((groupId) => ({ productId, groupId })) })
}

/** The audit/answer shape of a product: module secrets masked. */
function shown<T extends { id: string; provisioningModule: string | null; moduleSettings: unknown }>(
  p: T,
): Omit<T, 'moduleSettings'> & { moduleSettings: Record<string, unknown> } {
  return { ...p, moduleSettings: maskModuleSettings(p.provisioningModule, p.moduleSettings, p.id) }
}

export async function createProduct(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const input = parseInput(createProductInput, raw)
  const { prices, configOptionGroupIds, moduleSettings, ...data } = input
  const id = newRowId() // known before the insert: module secrets are sealed bound to it
  const settings = data.provisioningModule
    ? prepareModuleSettings(data.provisioningModule, moduleSettings, undefined, id)
    : {}
  await assertProductWebhookTarget(ctx, data.provisioningModule, settings)
  try {
    return await inTransaction(ctx, async (tx) => {
      await assertExists(tx.db, 'group', data.groupId)
      await assertExists(tx.db, 'serverGroup', data.serverGroupId)
      const product = await tx.db.product.create({
        data: { id, ...data, moduleSettings: settings as Prisma.InputJsonValue },
        select: productFields,
      })
      if (prices) await replacePrices(tx.db, { productId: product.id }, prices)
      if (configOptionGroupIds) await setOptionGroups(tx.db, product.id, configOptionGroupIds)
      await recordAuditEvent(tx, {
        action: 'catalog.product.create',
        targetType: 'Product',
        targetId: product.id,
        after: {
          ...shown(product),
          prices: prices ? priceRowsForJson(prices) : [],
          configOptionGroupIds: configOptionGroupIds ?? [],
        },
      })
      return shown(product)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'slug')) throw slugTaken()
    throw error
  }
}

/**
 * Staff change a product. Module settings are validated by the module's own schema; secrets left
 * blank keep their stored value. Changing the module resets its settings to what is sent.
 */
export async function updateProduct(ctx: Ctx, productId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, productId)
  const input = parseInput(updateProductInput, raw)
  const { configOptionGroupIds, moduleSettings, ...data } = input
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.product.findUnique({ where: { id }, select: productFields })
      if (!before) throw notFound()
      await assertExists(tx.db, 'group', data.groupId)
      await assertExists(tx.db, 'serverGroup', data.serverGroupId)
      const module =
        data.provisioningModule === undefined ? before.provisioningModule : data.provisioningModule
      const moduleChanged = module !== before.provisioningModule
      let settings: Record<string, unknown> | undefined
      if (module && (moduleSettings !== undefined || moduleChanged)) {
        settings = prepareModuleSettings(
          module,
          moduleSettings ?? {},
          moduleChanged ? undefined : before.moduleSettings,
          id,
        )
        await assertProductWebhookTarget(
          tx,
          module,
          settings,
          moduleChanged ? undefined : before.moduleSettings,
        )
      } else if (!module && moduleChanged) {
        settings = {}
      }
      const after = await tx.db.product.update({
        where: { id },
        data: { ...data, ...(settings ? { moduleSettings: settings as Prisma.InputJsonValue } : {}) },
        select: productFields,
      })
      if (configOptionGroupIds) await setOptionGroups(tx.db, id, configOptionGroupIds)
      const diff = diffFields(
        shown(before) as Record<string, unknown>,
        shown(after) as Record<string, unknown>,
      )
      if (configOptionGroupIds)
        (diff.after as Record<string, unknown>).configOptionGroupIds = configOptionGroupIds
      if (settings && JSON.stringify(settings) !== JSON.stringify(before.moduleSettings))
        (diff.after as Record<string, unknown>).moduleSettingsChanged = true
      if (Object.keys(diff.after).length)
        await recordAuditEvent(tx, {
          action: 'catalog.product.update',
          targetType: 'Product',
          targetId: id,
          ...diff,
        })
      return shown(after)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'slug')) throw slugTaken()
    throw error
  }
}

/** Deletes a product nobody has ordered; one with services is refused (retire it instead). */
export async function deleteProduct(ctx: Ctx, productId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, productId)
  await inTransaction(ctx, async (tx) => {
    const product = await tx.db.product.findUnique({
      where: { id },
      select: { ...productFields, _count: { select: { services: true } } },
    })
    if (!product) throw notFound()
    if (product._count.services > 0)
      throw new DomainError(
        'IN_USE',
        'Clients have services of this product: retire it instead, so it can no longer be ordered.',
      )
    await tx.db.product.delete({ where: { id } })
    const { _count, ...rest } = product
    await recordAuditEvent(tx, {
      action: 'catalog.product.delete',
      targetType: 'Product',
      targetId: id,
      before: shown(rest),
    })
  })
}

/** A product as staff see it: settings masked, prices as strings, option groups and addons by id. */
export async function getProductForStaff(ctx: Ctx, productId: string) {
  requirePermission(ctx.actor, 'catalog.view')
  const id = parseInput(uuidSchema, productId)
  const p = await ctx.db.product.findUnique({
    where: { id },
    select: {
      ...productFields,
      prices: { select: PRICE_SELECT, orderBy: [{ currencyCode: 'asc' }, { cycle: 'asc' }] },
      configOptionGroups: { select: { groupId: true } },
      addons: { select: { addonId: true } },
    },
  })
  if (!p) throw notFound()
  const { prices, configOptionGroups, addons, ...rest } = p
  return {
    ...shown(rest),
    prices: priceRowsForJson(
      prices.map((r) => ({
        currency: r.currencyCode,
        cycle: r.cycle,
        amount: r.amount,
        setupFee: r.setupFee,
      })),
    ),
    configOptionGroupIds: configOptionGroups.map((g) => g.groupId),
    addonIds: addons.map((a) => a.addonId),
  }
}
