import type { LoaderFunctionArgs } from '@remix-run/node'
import { isDomainError } from '@berth/core'
import { loadCart } from '~/store/cart.server'
import { getShop, shopHeaders } from '~/store/shop.server'

/**
 * `GET /checkout/summary?country=GB&state=…`: the visitor's cart priced with tax for the address
 * being typed on the checkout page (its fetcher). The total it answers is the one the form sends
 * back as the total the buyer saw. A logged-in client's tax always follows its account address.
 */
export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const params = new URL(args.request.url).searchParams
  const headers = shopHeaders(shop)
  headers.set('Cache-Control', 'private, no-store')
  try {
    const cart = await loadCart(shop, {
      country: params.get('country') ?? undefined,
      state: params.get('state') || undefined,
    })
    return Response.json(cart ? { ok: true, cart } : { ok: false }, { headers })
  } catch (error) {
    if (isDomainError(error)) return Response.json({ ok: false }, { headers })
    throw error
  }
}
