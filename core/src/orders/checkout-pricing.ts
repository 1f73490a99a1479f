import type { DbClient } from '@berth/prisma'
import { CREDIT_GATEWAY, readCreditBalance } from '../billing'
import { toDateOnly, type PromotionTerms } from '../catalog'
import { DomainError } from '../shared'
import type { CartRow } from './cart-access'
import { loadCartLines, taxFor } from './cart-summary'
import type { Buyer } from './checkout-buyer'
import { checkPromotion, promoInvalid } from './check-promotion'
import { priceCart, type PricedCart } from './price-cart'

export interface CheckoutPrices {
  priced: PricedCart
  /** the cart's promotion, its row locked and its limits checked for this buyer */
  promotion: PromotionTerms | null
  today: Date
}

/**
 * Everything the cart asks for, checked and priced from the catalog for this buyer: an item that
 * can no longer be ordered as it is, a promotion that does not apply, a total other than the one
 * the buyer saw (`expectedTotal`: PRICE_CHANGED) or credit that does not cover the order refuse
 * the whole checkout with nothing written.
 */
export async function priceCheckout(
  db: DbClient,
  cart: CartRow,
  buyer: Buyer,
  input: { expectedTotal?: bigint | undefined; paymentMethod: string },
): Promise<CheckoutPrices> {
  const { lines, domains, problems } = await loadCartLines(db, cart)
  if (problems.length)
    throw new DomainError('VALIDATION_FAILED', problems[0]!.message, {
      field: `items.${problems[0]!.itemId}`,
      issues: problems.map((p) => ({ field: `items.${p.itemId}`, message: p.message })),
    })
  let promotion: PromotionTerms | null = null
  if (cart.promoCode)
    promotion = await checkPromotion(db, cart.promoCode, {
      currency: buyer.currency,
      clientId: buyer.clientId,
      isNewClient: buyer.isNewClient,
      lock: true,
    })
  const tax = await taxFor(db, buyer.tax)
  const today = toDateOnly(new Date())
  const priced = priceCart({ currency: buyer.currency, lines, domains, promotion, tax, today })
  if (promotion && !priced.promotionApplies) throw promoInvalid()
  if (input.expectedTotal !== undefined && input.expectedTotal !== priced.totals.total) {
    throw new DomainError(
      'PRICE_CHANGED',
      'The total has changed since you saw it. Please review your order and confirm again.',
      { field: 'expectedTotal' },
    )
  }
  if (
    input.paymentMethod === CREDIT_GATEWAY &&
    priced.totals.total > 0n &&
    (await readCreditBalance(db, buyer.clientId, buyer.currency)) < priced.totals.total
  ) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Your account credit does not cover this order. Choose another payment method.',
      { field: 'paymentMethod' },
    )
  }
  return { priced, promotion, today }
}
