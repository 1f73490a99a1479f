import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { PRICE_SELECT, priceRowsForJson, replacePrices } from './prices'
import { setPricesInput } from './schemas'

/**
 * Staff set every price of a product, addon or option choice at once: one row per currency and
 * cycle, each with its setup fee. A cycle left out is no longer offered (for option choices: costs
 * nothing in that cycle).
 */
export async function setPrices(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const input = parseInput(setPricesInput, raw)
  const owner = input.owner
  return inTransaction(ctx, async (tx) => {
    const [targetType, exists] =
      'productId' in owner
        ? [
            'Product',
            await tx.db.product.findUnique({ where: { id: owner.productId }, select: { id: true } }),
          ]
        : 'addonId' in owner
          ? ['Addon', await tx.db.addon.findUnique({ where: { id: owner.addonId }, select: { id: true } })]
          : [
              'ConfigOptionChoice',
              await tx.db.configOptionChoice.findUnique({
                where: { id: owner.configOptionChoiceId },
                select: { id: true },
              }),
            ]
    if (!exists) throw new DomainError('NOT_FOUND', 'The thing these prices belong to does not exist.')
    const before = await tx.db.price.findMany({ where: owner, select: PRICE_SELECT })
    await replacePrices(tx.db, owner, input.prices)
    await recordAuditEvent(tx, {
      action: 'catalog.prices.set',
      targetType,
      targetId: exists.id,
      before: {
        prices: priceRowsForJson(
          before.map((r) => ({
            currency: r.currencyCode,
            cycle: r.cycle,
            amount: r.amount,
            setupFee: r.setupFee,
          })),
        ),
      },
      after: { prices: priceRowsForJson(input.prices) },
    })
    return { owner, prices: priceRowsForJson(input.prices) }
  })
}
