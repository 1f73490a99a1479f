import type { Db, DbClient } from '@berth/prisma'
import { DomainError } from '../shared'

export interface CurrencyInfo {
  code: string
  exponent: number
  symbol: string
  isActive: boolean
}

/** A currency's code, exponent and symbol from the Currency table; NOT_FOUND-safe callers pass `field`. */
export async function getCurrency(
  db: Db | DbClient,
  code: string,
  field = 'currency',
): Promise<CurrencyInfo> {
  const c = await db.currency.findUnique({
    where: { code: code.toUpperCase() },
    select: { code: true, exponent: true, symbol: true, isActive: true },
  })
  if (!c) throw new DomainError('VALIDATION_FAILED', `Unknown currency ${code}.`, { field })
  return c
}

/** The number of minor-unit digits of a currency (USD 2, JPY 0). */
export async function getCurrencyExponent(db: Db | DbClient, code: string): Promise<number> {
  return (await getCurrency(db, code)).exponent
}

/** The default currency (exactly one row has isDefault). */
export async function getDefaultCurrency(db: Db | DbClient): Promise<CurrencyInfo> {
  const c = await db.currency.findFirst({
    where: { isDefault: true },
    select: { code: true, exponent: true, symbol: true, isActive: true },
  })
  if (!c) throw new Error('no default currency: reference data not applied')
  return c
}
