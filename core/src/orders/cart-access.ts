import type { Db, DbClient, Prisma } from '@berth/prisma'
import { generateToken, hashToken } from '../crypto'
import { DomainError, type Actor } from '../shared'
import type { CartRef } from './schemas'

/** Carts live 30 days after their last change. */
export const CART_TTL_MS = 30 * 24 * 3600_000

export const cartSelect = {
  id: true,
  tokenHash: true,
  clientId: true,
  currencyCode: true,
  promoCode: true,
  expiresAt: true,
  items: {
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      kind: true,
      productId: true,
      cycle: true,
      domain: true,
      years: true,
      options: true,
      addonIds: true,
    },
  },
} as const satisfies Prisma.CartSelect

export type CartRow = Prisma.CartGetPayload<{ select: typeof cartSelect }>

export const cartNotFound = () =>
  new DomainError('NOT_FOUND', 'Your cart has expired or does not exist. Please add the products again.', {
    field: 'cart',
  })

/**
 * Finds the cart a request may use: a visitor's by its token (never a client's cart), a client's
 * by id, token (its own, or a visitor cart it may claim) or, with neither, its latest cart.
 * Expired carts are not found; neither is anything belonging to someone else.
 */
export async function findCart(db: Db | DbClient, actor: Actor, ref: CartRef): Promise<CartRow> {
  const now = new Date()
  let cart: CartRow | null = null
  if (actor.type === 'anonymous') {
    if (!ref.token) throw cartNotFound()
    cart = await db.cart.findUnique({ where: { tokenHash: hashToken(ref.token) }, select: cartSelect })
    if (cart?.clientId) cart = null
  } else if (actor.type === 'client') {
    if (ref.cartId)
      cart = await db.cart.findFirst({
        where: { id: ref.cartId, clientId: actor.clientId },
        select: cartSelect,
      })
    else if (ref.token) {
      cart = await db.cart.findUnique({ where: { tokenHash: hashToken(ref.token) }, select: cartSelect })
      if (cart?.clientId && cart.clientId !== actor.clientId) cart = null
    } else
      cart = await db.cart.findFirst({
        where: { clientId: actor.clientId, expiresAt: { gt: now } },
        orderBy: { updatedAt: 'desc' },
        select: cartSelect,
      })
  } else {
    throw new DomainError('FORBIDDEN', 'Carts belong to visitors and clients.')
  }
  if (!cart || cart.expiresAt <= now) throw cartNotFound()
  return cart
}

/** Locks the cart row for the rest of the transaction (checkout, concurrent edits). */
export async function lockCart(db: DbClient, cartId: string): Promise<boolean> {
  const rows = await db.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Cart" WHERE "id" = ${cartId}::uuid FOR UPDATE`
  return rows.length === 1
}

export function newCartToken(): { token: string; tokenHash: string } {
  const token = generateToken()
  return { token, tokenHash: hashToken(token) }
}

export async function touchCart(db: DbClient, cartId: string): Promise<void> {
  await db.cart.update({ where: { id: cartId }, data: { expiresAt: new Date(Date.now() + CART_TTL_MS) } })
}
