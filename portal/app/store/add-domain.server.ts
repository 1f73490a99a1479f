import { addDomainToCart, openCart } from '@berth/core'
import { cartCookieHeader } from './cookies.server'
import type { Shop } from './shop.server'

/**
 * Puts a domain registration or transfer into the shopper's cart (opening one for a visitor, whose
 * cookie comes back in `cookies`). Core checks everything; a refusal is thrown as core's error.
 */
export async function addDomainForShop(
  shop: Shop,
  request: { action: 'register' | 'transfer'; name: string; years?: string; eppCode?: string },
): Promise<{ name: string; cookies: string[] }> {
  const cookies: string[] = []
  const cart = await openCart(
    shop.ctx,
    shop.isClient
      ? {}
      : { ...(shop.cartRef?.token ? { token: shop.cartRef.token } : {}), currency: shop.currency },
  )
  if (cart.token) cookies.push(await cartCookieHeader(cart.token))
  const ref = shop.isClient ? { cartId: cart.cartId } : { token: cart.token ?? shop.cartRef?.token }
  const added = await addDomainToCart(shop.ctx, {
    cart: ref,
    action: request.action,
    name: request.name,
    ...(request.years ? { years: request.years } : {}),
    ...(request.eppCode !== undefined ? { eppCode: request.eppCode } : {}),
  })
  return { name: added.name, cookies }
}
