import type { LoaderFunctionArgs } from '@remix-run/node'
import { readConfiguration } from '~/store/configuration.server'
import { quoteConfiguration } from '~/store/quote.server'
import { getShop, shopHeaders } from '~/store/shop.server'

/**
 * `GET /store/quote?productId=…&cycle=…&options.<id>=…&addonIds=…`: the live price of a
 * configuration for the product page's fetcher (the page's "Update price" button does the same
 * without JavaScript). Read-only: only the buyer's choices are read, every price is core's.
 */
export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const params = new URL(args.request.url).searchParams
  const answer = await quoteConfiguration(
    shop,
    params.get('productId') ?? '',
    readConfiguration(params),
    params.get('promoCode'),
  )
  const headers = shopHeaders(shop)
  headers.set('Cache-Control', 'private, no-store')
  return Response.json(answer, { headers })
}
