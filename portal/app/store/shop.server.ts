import { getAccount, getDefaultCurrency, openCart, type CartRef, type Ctx } from '@berth/core'
import type { PortalUser } from '@berth/core'
import { getDb } from '@berth/prisma'
import { getAuth, type PortalAuth, type RouteArgs } from '~/auth/principal.server'
import { clearCartCookie, readCartToken, readCurrencyChoice } from './cookies.server'

/**
 * Who is shopping, in which currency, and how core finds their cart.
 * - A visitor sees prices in the currency of the `berth_currency` cookie (one of the active
 *   currencies, else the default) and has a cart only once the `berth_cart` cookie exists.
 * - A logged-in client always sees its account currency, and its cart is found by its login. A
 *   visitor cart it still carries a cookie for (logged in on another page) is claimed or merged by
 *   core's openCart here, and the cookie is cleared.
 */
export interface Shop {
  auth: PortalAuth
  ctx: Ctx
  isClient: boolean
  currency: string
  /** the active currencies (the visitors' switcher), default first */
  currencies: { code: string; symbol: string; name: string }[]
  /** how core finds the cart; null for a visitor who has none yet */
  cartRef: CartRef | null
  /** Set-Cookie values the answer must carry (a claimed visitor cart's cookie removed) */
  cookies: string[]
}

const shops = new WeakMap<Request, Promise<Shop>>()

export function getShop(args: RouteArgs): Promise<Shop> {
  let shop = shops.get(args.request)
  if (!shop) {
    shop = resolveShop(args)
    shops.set(args.request, shop)
  }
  return shop
}

export async function activeCurrencies(): Promise<Shop['currencies']> {
  const rows = await getDb().currency.findMany({
    where: { isActive: true },
    orderBy: [{ isDefault: 'desc' }, { code: 'asc' }],
    select: { code: true, symbol: true, name: true },
  })
  return rows
}

async function resolveShop(args: RouteArgs): Promise<Shop> {
  const auth = await getAuth(args)
  const token = await readCartToken(args.request)
  const currencies = await activeCurrencies()
  if (auth.principal) {
    const cookies: string[] = []
    if (token) {
      await openCart(auth.ctx, { token })
      cookies.push(await clearCartCookie())
    }
    const account = await getAccount(auth.ctx)
    return {
      auth,
      ctx: auth.ctx,
      isClient: true,
      currency: account.currencyCode,
      currencies,
      cartRef: {},
      cookies,
    }
  }
  const chosen = await readCurrencyChoice(args.request)
  const currency =
    currencies.find((c) => c.code === chosen)?.code ?? (await getDefaultCurrency(auth.ctx.db)).code
  return {
    auth,
    ctx: auth.ctx,
    isClient: false,
    currency,
    currencies,
    cartRef: token ? { token } : null,
    cookies: [],
  }
}

/** The ctx of a client who just logged in or registered (no session row read yet). */
export function clientCtx(base: Ctx, user: Pick<PortalUser, 'userId' | 'clientId' | 'email'>): Ctx {
  return {
    ...base,
    actor: { type: 'client', userId: user.userId, clientId: user.clientId, label: user.email },
  }
}

/**
 * After login or registration: the visitor's cart (if the browser has one) becomes the client's,
 * merged into a cart it already had. Returns the Set-Cookie that removes the visitor cookie.
 */
export async function claimVisitorCart(ctx: Ctx, request: Request): Promise<string | null> {
  const token = await readCartToken(request)
  if (!token) return null
  await openCart(ctx, { token })
  return clearCartCookie()
}

/** Headers carrying a shop's cookies (for a loader's answer). */
export function shopHeaders(shop: Shop): Headers {
  const headers = new Headers()
  for (const c of shop.cookies) headers.append('Set-Cookie', c)
  return headers
}
