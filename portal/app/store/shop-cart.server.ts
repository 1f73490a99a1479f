import { addDomainToCart, openCart, type CartRef } from '@berth/core'
import { cartCookieHeader } from './cookies.server'
import type { Shop } from './shop.server'

/**
 * The shopper's cart to add to: a client's own, or a visitor's (opened now when there is none,
 * its cookie returned in `cookies` for the response).
 */
export async function openShopCart(shop: Shop): Promise<{ ref: CartRef; cookies: string[] }> {
  const cookies: string[] = []
  const cart = await openCart(
    shop.ctx,
    shop.isClient
      ? {}
      : { ...(shop.cartRef?.token ? { token: shop.cartRef.token } : {}), currency: shop.currency },
  )
  if (cart.token) cookies.push(await cartCookieHeader(cart.token))
  const ref = shop.isClient ? { cartId: cart.cartId } : { token: cart.token ?? shop.cartRef?.token }
  return { ref, cookies }
}

/** Puts a domain registration or transfer into the shopper's cart. Core checks everything. */
export async function addDomainForShop(
  shop: Shop,
  request: { action: 'register' | 'transfer'; name: string; years?: string; eppCode?: string },
): Promise<{ name: string; cookies: string[] }> {
  const { ref, cookies } = await openShopCart(shop)
  const added = await addDomainToCart(shop.ctx, {
    cart: ref,
    action: request.action,
    name: request.name,
    ...(request.years ? { years: request.years } : {}),
    ...(request.eppCode !== undefined ? { eppCode: request.eppCode } : {}),
  })
  return { name: added.name, cookies }
}
