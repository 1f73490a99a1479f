import { getCartSummary, isDomainError, type CartSummary } from '@berth/core'
import type { Shop } from './shop.server'
import { cartView, moneyIn, type CartView } from './view.server'

/** Core's summary of the shopper's cart (every price recomputed), or null when there is none. */
export async function cartSummary(
  shop: Shop,
  taxAddress: { country?: string; state?: string } = {},
): Promise<CartSummary | null> {
  if (!shop.cartRef) return null
  try {
    return await getCartSummary(shop.ctx, { cart: shop.cartRef, ...(shop.isClient ? {} : taxAddress) })
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return null
    throw error
  }
}

/** The cart as the cart and checkout pages show it. */
export async function loadCart(
  shop: Shop,
  taxAddress: { country?: string; state?: string } = {},
): Promise<CartView | null> {
  const summary = await cartSummary(shop, taxAddress)
  if (!summary) return null
  return cartView(await moneyIn(shop.ctx, summary.currency), summary)
}
