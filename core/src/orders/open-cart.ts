import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { hashToken } from '../crypto'
import { getCurrency, getDefaultCurrency } from '../money'
import { CART_TTL_MS, newCartToken } from './cart-access'
import { openCartInput } from './schemas'

export interface OpenedCart {
  cartId: string
  currency: string
  /** a new visitor cart's token, to set in the cookie (only its sha256 is stored); null otherwise */
  token: string | null
}

/**
 * The cart a visitor or client shops with. A visitor's cart is found by the token in its cookie (and
 * moves to the currency asked for, when one is), or created (in the currency asked for, else the
 * default) with a new token. A client's cart is in its account currency; a visitor cart it brings
 * along when it logs in is claimed, or merged into the client's existing cart.
 */
export async function openCart(ctx: Ctx, raw: unknown = {}): Promise<OpenedCart> {
  const input = parseInput(openCartInput, raw)
  const now = new Date()
  const expiresAt = new Date(now.getTime() + CART_TTL_MS)
  return inTransaction(ctx, async (tx) => {
    const visitorCart = input.token
      ? await tx.db.cart.findUnique({
          where: { tokenHash: hashToken(input.token) },
          select: { id: true, clientId: true, expiresAt: true, promoCode: true },
        })
      : null
    const usableVisitorCart = visitorCart && visitorCart.expiresAt > now ? visitorCart : null
    if (tx.actor.type === 'anonymous') {
      const currency = input.currency
        ? await getCurrency(tx.db, input.currency, 'currency')
        : await getDefaultCurrency(tx.db)
      if (!currency.isActive)
        throw new DomainError('VALIDATION_FAILED', 'This currency is not offered.', { field: 'currency' })
      if (usableVisitorCart && !usableVisitorCart.clientId) {
        // A visitor who switches currency takes the cart along: items keep only what was asked for
        // and are priced again in the new currency at every read.
        const cart = await tx.db.cart.update({
          where: { id: usableVisitorCart.id },
          data: { expiresAt, ...(input.currency ? { currencyCode: currency.code } : {}) },
          select: { id: true, currencyCode: true },
        })
        return { cartId: cart.id, currency: cart.currencyCode, token: null }
      }
      const { token, tokenHash } = newCartToken()
      const cart = await tx.db.cart.create({
        data: { tokenHash, currencyCode: currency.code, expiresAt },
        select: { id: true, currencyCode: true },
      })
      return { cartId: cart.id, currency: cart.currencyCode, token }
    }
    if (tx.actor.type !== 'client')
      throw new DomainError('FORBIDDEN', 'Carts belong to visitors and clients.')
    const clientId = tx.actor.clientId
    const client = await tx.db.client.findUniqueOrThrow({
      where: { id: clientId },
      select: { currencyCode: true },
    })
    const own = await tx.db.cart.findFirst({
      where: { clientId, expiresAt: { gt: now } },
      orderBy: { updatedAt: 'desc' },
      select: { id: true },
    })
    if (usableVisitorCart && !usableVisitorCart.clientId) {
      if (!own) {
        const cart = await tx.db.cart.update({
          where: { id: usableVisitorCart.id },
          data: { clientId, currencyCode: client.currencyCode, expiresAt },
          select: { id: true },
        })
        return { cartId: cart.id, currency: client.currencyCode, token: null }
      }
      await tx.db.cartItem.updateMany({ where: { cartId: usableVisitorCart.id }, data: { cartId: own.id } })
      if (usableVisitorCart.promoCode)
        await tx.db.cart.update({ where: { id: own.id }, data: { promoCode: usableVisitorCart.promoCode } })
      await tx.db.cart.delete({ where: { id: usableVisitorCart.id } })
    }
    if (own) {
      await tx.db.cart.update({
        where: { id: own.id },
        data: { expiresAt, currencyCode: client.currencyCode },
      })
      return { cartId: own.id, currency: client.currencyCode, token: null }
    }
    const cart = await tx.db.cart.create({
      data: { clientId, currencyCode: client.currencyCode, expiresAt },
      select: { id: true },
    })
    return { cartId: cart.id, currency: client.currencyCode, token: null }
  })
}
