import { DomainError, parseInput, type Ctx } from '../../shared'
import { requireBillingActor } from '../shared/access'
import { z } from 'zod'

export const creditBalanceInput = z.object({ clientId: z.string().trim().uuid().optional() })

export interface CreditBalanceView {
  clientId: string
  /** the client's currency */
  currency: { code: string; exponent: number; symbol: string }
  balance: bigint
  /** balances in other currencies, if the client ever had any (rare: a client's currency is fixed once invoiced) */
  others: { currency: string; balance: bigint }[]
}

/** A client's account credit: a client its own, staff (`billing.view`) anyone's. */
export async function getCreditBalance(ctx: Ctx, raw: unknown = {}): Promise<CreditBalanceView> {
  requireBillingActor(ctx.actor, 'billing.view')
  const input = parseInput(creditBalanceInput, raw ?? {})
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : input.clientId
  if (!clientId) throw new DomainError('VALIDATION_FAILED', 'Choose a client.', { field: 'clientId' })
  const client = await ctx.db.client.findUnique({
    where: { id: clientId },
    select: {
      id: true,
      currency: { select: { code: true, exponent: true, symbol: true } },
      creditBalances: { select: { currencyCode: true, balance: true } },
    },
  })
  if (!client) throw new DomainError('NOT_FOUND', 'This client does not exist.')
  const own = client.creditBalances.find((b) => b.currencyCode === client.currency.code)
  return {
    clientId: client.id,
    currency: client.currency,
    balance: own?.balance ?? 0n,
    others: client.creditBalances
      .filter((b) => b.currencyCode !== client.currency.code && b.balance !== 0n)
      .map((b) => ({ currency: b.currencyCode, balance: b.balance })),
  }
}
