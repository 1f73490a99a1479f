import type { DbClient } from '@berth/prisma'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { DomainError, toJsonSafe, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { assertActiveCurrencies } from './prices'
import { promotionInput, updatePromotionInput, uuidSchema } from './schemas'

/**
 * Promotions (staff, `catalog.manage`): a code worth a percentage or a fixed amount per currency,
 * on the first payment only or recurring for N payments (null = for as long as the service
 * renews), limited to products and cycles, between two dates, up to a number of uses, once per
 * client, or for new clients only. Percentages are millionths (10% = 100000).
 */
const promotionFields = {
  id: true,
  code: true,
  description: true,
  kind: true,
  percent: true,
  appliesToSetup: true,
  isRecurring: true,
  recurringCycles: true,
  cycles: true,
  startsAt: true,
  endsAt: true,
  maxUses: true,
  usesCount: true,
  oncePerClient: true,
  newClientsOnly: true,
  isActive: true,
} as const

const codeTaken = () =>
  new DomainError('DUPLICATE', 'Another promotion already uses this code.', { field: 'code' })

async function setLinks(
  db: DbClient,
  promotionId: string,
  amounts: { currency: string; amount: bigint }[] | undefined,
  productIds: string[] | undefined,
) {
  if (amounts) {
    await assertActiveCurrencies(
      db,
      amounts.map((a) => a.currency),
      'amounts',
    )
    await db.promotionAmount.deleteMany({ where: { promotionId } })
    if (amounts.length)
      await db.promotionAmount.createMany({
        data: amounts.map((a) => ({ promotionId, currencyCode: a.currency, amount: a.amount })),
      })
  }
  if (productIds) {
    const unique = [...new Set(productIds)]
    if ((await db.product.count({ where: { id: { in: unique } } })) !== unique.length)
      throw new DomainError('VALIDATION_FAILED', 'Choose existing products.', { field: 'productIds' })
    await db.promotionProduct.deleteMany({ where: { promotionId } })
    if (unique.length)
      await db.promotionProduct.createMany({ data: unique.map((productId) => ({ promotionId, productId })) })
  }
}

export async function createPromotion(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const { amounts, productIds, ...data } = parseInput(promotionInput, raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const promotion = await tx.db.promotion.create({
        data: {
          ...data,
          percent: data.kind === 'PERCENT' ? (data.percent ?? null) : null,
          recurringCycles: data.isRecurring ? (data.recurringCycles ?? null) : null,
        },
        select: promotionFields,
      })
      await setLinks(tx.db, promotion.id, data.kind === 'FIXED' ? amounts : [], productIds)
      await recordAuditEvent(tx, {
        action: 'catalog.promotion.create',
        targetType: 'Promotion',
        targetId: promotion.id,
        after: { ...promotion, amounts: toJsonSafe(amounts), productIds },
      })
      return promotion
    })
  } catch (error) {
    if (isUniqueViolation(error, 'code')) throw codeTaken()
    throw error
  }
}

export async function updatePromotion(ctx: Ctx, promotionId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, promotionId)
  const { amounts, productIds, ...data } = parseInput(updatePromotionInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.promotion.findUnique({ where: { id }, select: promotionFields })
    if (!before) throw new DomainError('NOT_FOUND', 'This promotion does not exist.')
    if (data.maxUses != null && data.maxUses < before.usesCount)
      throw new DomainError(
        'VALIDATION_FAILED',
        `This promotion was used ${before.usesCount} times already.`,
        { field: 'maxUses' },
      )
    if (before.kind === 'PERCENT' && data.percent === null)
      throw new DomainError('VALIDATION_FAILED', 'Enter the percentage', { field: 'percent' })
    const after = await tx.db.promotion.update({
      where: { id },
      data: { ...data, ...(before.kind === 'FIXED' ? { percent: null } : {}) },
      select: promotionFields,
    })
    await setLinks(tx.db, id, before.kind === 'FIXED' ? amounts : undefined, productIds)
    await recordAuditEvent(tx, {
      action: 'catalog.promotion.update',
      targetType: 'Promotion',
      targetId: id,
      before,
      after: {
        ...after,
        ...(amounts ? { amounts: toJsonSafe(amounts) } : {}),
        ...(productIds ? { productIds } : {}),
      },
    })
    return after
  })
}

/** Deletes a promotion never used; a used one is refused (deactivate it instead). */
export async function deletePromotion(ctx: Ctx, promotionId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, promotionId)
  await inTransaction(ctx, async (tx) => {
    const promotion = await tx.db.promotion.findUnique({
      where: { id },
      select: { ...promotionFields, _count: { select: { redemptions: true, orders: true, services: true } } },
    })
    if (!promotion) throw new DomainError('NOT_FOUND', 'This promotion does not exist.')
    const { _count, ...before } = promotion
    if (_count.redemptions + _count.orders + _count.services > 0)
      throw new DomainError('IN_USE', 'This promotion has been used: deactivate it instead.')
    await tx.db.promotion.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'catalog.promotion.delete',
      targetType: 'Promotion',
      targetId: id,
      before,
    })
  })
}
