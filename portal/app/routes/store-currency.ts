import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { openCart } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { safeRedirect } from '~/forms/safe-redirect'
import { cartCookieHeader, currencyCookieHeader } from '~/store/cookies.server'
import { getShop } from '~/store/shop.server'

/**
 * `POST /store/currency`: a visitor's choice of currency, kept in a cookie; a visitor cart follows
 * it (its items are priced again in the new currency). A logged-in client's currency is its
 * account's: the choice is ignored. An unknown or inactive code changes nothing.
 */
export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const shop = await getShop(args)
  const back = safeRedirect(form.get('back'), '/store')
  const code = String(form.get('currency') ?? '')
    .trim()
    .toUpperCase()
  const chosen = shop.currencies.find((c) => c.code === code)
  if (shop.isClient || !chosen) return redirect(back, 303)
  const headers = new Headers({ Location: back })
  headers.append('Set-Cookie', await currencyCookieHeader(chosen.code))
  if (shop.cartRef?.token) {
    const cart = await openCart(shop.ctx, { token: shop.cartRef.token, currency: chosen.code })
    if (cart.token) headers.append('Set-Cookie', await cartCookieHeader(cart.token))
  }
  return new Response(null, { status: 303, headers })
}

export async function loader() {
  return redirect('/store')
}
