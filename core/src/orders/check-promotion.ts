import type { Db, DbClient } from '@berth/prisma'
import type { PromotionTerms } from '../catalog'
import { DomainError } from '../shared'

/**
 * The one answer to every code that cannot be used (unknown, inactive, not started, expired, used
 * up, not in this currency, not for this client, not for these products): a different message per
 * case would tell a guesser which codes exist.
 */
export const PROMO_INVALID_MESSAGE = 'This code is not valid for this order.'

export function promoInvalid(): DomainError {
  return new DomainError('PROMO_INVALID', PROMO_INVALID_MESSAGE, { field: 'promoCode' })
}

export interface PromotionContext {
  currency: string
  /** null for a visitor (client rules are checked again at checkout) */
  clientId: string | null
  /** a client registering at this checkout counts as new */
  isNewClient?: boolean
  now?: Date
  /** lock the promotion row (checkout: usage limits hold under concurrency) */
  lock?: boolean
}

/**
 * Checks a promotion code and returns its terms: unknown or inactive codes, codes not started yet
 * or expired, used up, without an amount in the order's currency, already used by this client
 * (once per client), or for new clients only are refused with PROMO_INVALID on `promoCode`, all
 * with the same message.
 * With `lock`, the promotion row is locked first, so the usage count and this client's
 * redemptions are read after any concurrent checkout committed.
 */
export async function checkPromotion(
  db: Db | DbClient,
  rawCode: string,
  context: PromotionContext,
): Promise<PromotionTerms> {
  const code = rawCode.trim().toUpperCase()
  if (context.lock)
    await (db as DbClient).$queryRaw`SELECT "id" FROM "Promotion" WHERE "code" = ${code} FOR UPDATE`
  const p = await db.promotion.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      kind: true,
      percent: true,
      appliesToSetup: true,
      isRecurring: true,
      recurringCycles: true,
      cycles: true,
      startsAt: true,
      endsAt: true,
      maxUses: true,
      usesCount: true,
      oncePerClient: true,
      newClientsOnly: true,
      isActive: true,
      amounts: { where: { currencyCode: context.currency }, select: { amount: true } },
      products: { select: { productId: true } },
    },
  })
  const now = context.now ?? new Date()
  if (!p || !p.isActive) throw promoInvalid()
  if (p.startsAt && p.startsAt > now) throw promoInvalid()
  if (p.endsAt && p.endsAt <= now) throw promoInvalid()
  if (p.maxUses !== null && p.usesCount >= p.maxUses) throw promoInvalid()
  const fixed = p.amounts[0]?.amount ?? null
  if (p.kind === 'FIXED' && fixed === null) throw promoInvalid()
  if (context.clientId) {
    if (
      p.oncePerClient &&
      (await db.promotionRedemption.count({ where: { promotionId: p.id, clientId: context.clientId } })) > 0
    )
      throw promoInvalid()
    if (
      p.newClientsOnly &&
      !context.isNewClient &&
      (await db.order.count({ where: { clientId: context.clientId, status: { not: 'CANCELLED' } } })) > 0
    )
      throw promoInvalid()
  }
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    percent: p.percent,
    fixedAmount: fixed,
    appliesToSetup: p.appliesToSetup,
    isRecurring: p.isRecurring,
    recurringCycles: p.recurringCycles,
    cycles: p.cycles,
    productIds: p.products.map((x) => x.productId),
  }
}
