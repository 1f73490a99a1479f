import { claimAttempt, markAttemptSucceeded, type ClaimedAttempt } from '../accounts'
import { DomainError, parseInput, type Ctx } from '../shared'
import {
  loadOrderableProduct,
  resolveConfiguration,
  toDateOnly,
  priceConfiguration,
  type PriceBreakdown,
  type PromotionTerms,
} from '../catalog'
import { checkPromotion, PROMO_INVALID_MESSAGE } from './check-promotion'
import { taxFor, type TaxBuyerInput } from './cart-summary'
import { quoteProductInput } from './schemas'

/**
 * The live price of a configuration on the product page: the same engine and checks as the cart,
 * nothing written but the promotion-code attempt. A promotion code that cannot be used is reported,
 * not thrown, with one message for every reason; wrong codes are throttled per IP like the cart's.
 */
export async function quoteProduct(
  ctx: Ctx,
  raw: unknown,
): Promise<PriceBreakdown & { promoError: string | null }> {
  const input = parseInput(quoteProductInput, raw)
  let currency = input.currency
  let tax: TaxBuyerInput | null = input.country
    ? { country: input.country, state: input.state ?? null, isTaxExempt: false }
    : null
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : null
  if (clientId) {
    const client = await ctx.db.client.findUniqueOrThrow({
      where: { id: clientId },
      select: { currencyCode: true, country: true, state: true, taxId: true, isTaxExempt: true },
    })
    currency = client.currencyCode
    tax = client
  }
  const product = await loadOrderableProduct(ctx.db, input.productId, currency)
  if (!product || product.isRetired || !product.cycles.length)
    throw new DomainError('NOT_FOUND', 'This product is not available.', { field: 'productId' })
  const resolved = resolveConfiguration(product, input)
  let promotion: PromotionTerms | null = null
  let promoError: string | null = null
  let attempt: ClaimedAttempt | null = null
  if (input.promoCode) {
    try {
      attempt = await claimAttempt(ctx, 'PORTAL', 'PROMO_CODE', '')
      promotion = await checkPromotion(ctx.db, input.promoCode, { currency, clientId })
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      promoError = error.message
    }
  }
  const breakdown = priceConfiguration({
    currency,
    cycle: resolved.cycle,
    today: toDateOnly(new Date()),
    promotion,
    tax: await taxFor(ctx.db, tax),
    product: { id: product.id, name: product.name, isTaxable: product.isTaxable, prices: product.prices },
    options: resolved.pricedOptions,
    addons: resolved.addons,
  })
  if (promotion && !breakdown.discount.promotionApplies) promoError = PROMO_INVALID_MESSAGE
  else if (promotion && attempt) await markAttemptSucceeded(ctx, attempt)
  return { ...breakdown, promoError }
}
