import type { DbClient } from '@berth/prisma'
import { requirePermission } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { priceRowsForJson, replacePrices } from './prices'
import { addonInput, updateAddonInput, uuidSchema } from './schemas'

/**
 * Addons (staff, `catalog.manage`): extras such as daily backups or a dedicated IP, offered with
 * the products they are linked to, with their own prices per cycle. An addon is billed on its
 * product's cycle when it has a price for it, else once (ONE_TIME) when it has a one-time price.
 */
const addonFields = {
  id: true,
  name: true,
  description: true,
  isHidden: true,
  isTaxable: true,
  showOnOrder: true,
  sortOrder: true,
} as const

async function linkProducts(db: DbClient, addonId: string, productIds: readonly string[]) {
  const unique = [...new Set(productIds)]
  if ((await db.product.count({ where: { id: { in: unique } } })) !== unique.length)
    throw new DomainError('VALIDATION_FAILED', 'Choose existing products.', { field: 'productIds' })
  await db.productAddon.deleteMany({ where: { addonId } })
  if (unique.length)
    await db.productAddon.createMany({ data: unique.map((productId) => ({ productId, addonId })) })
}

export async function createAddon(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const { productIds, prices, ...data } = parseInput(addonInput, raw)
  return inTransaction(ctx, async (tx) => {
    const addon = await tx.db.addon.create({ data, select: addonFields })
    await linkProducts(tx.db, addon.id, productIds)
    if (prices) await replacePrices(tx.db, { addonId: addon.id }, prices)
    await recordAuditEvent(tx, {
      action: 'catalog.addon.create',
      targetType: 'Addon',
      targetId: addon.id,
      after: { ...addon, productIds, prices: prices ? priceRowsForJson(prices) : [] },
    })
    return addon
  })
}

export async function updateAddon(ctx: Ctx, addonId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, addonId)
  const { productIds, ...data } = parseInput(updateAddonInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.addon.findUnique({ where: { id }, select: addonFields })
    if (!before) throw new DomainError('NOT_FOUND', 'This addon does not exist.')
    const after = await tx.db.addon.update({ where: { id }, data, select: addonFields })
    if (productIds) await linkProducts(tx.db, id, productIds)
    const diff = diffFields(before as Record<string, unknown>, data)
    if (productIds) (diff.after as Record<string, unknown>).productIds = productIds
    if (Object.keys(diff.after).length)
      await recordAuditEvent(tx, {
        action: 'catalog.addon.update',
        targetType: 'Addon',
        targetId: id,
        ...diff,
      })
    return after
  })
}

/** Deletes an addon no service has; one in use is refused (hide it instead). */
export async function deleteAddon(ctx: Ctx, addonId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, addonId)
  await inTransaction(ctx, async (tx) => {
    const addon = await tx.db.addon.findUnique({
      where: { id },
      select: { ...addonFields, _count: { select: { services: true } } },
    })
    if (!addon) throw new DomainError('NOT_FOUND', 'This addon does not exist.')
    if (addon._count.services > 0)
      throw new DomainError('IN_USE', `${addon._count.services} service(s) have this addon: hide it instead.`)
    await tx.db.addon.delete({ where: { id } })
    const { _count, ...before } = addon
    await recordAuditEvent(tx, { action: 'catalog.addon.delete', targetType: 'Addon', targetId: id, before })
  })
}
