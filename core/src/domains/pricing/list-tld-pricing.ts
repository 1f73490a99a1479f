import { domainToUnicode } from 'node:url'
import type { Db, DbClient } from '@berth/prisma'

export interface TldPricingRow {
  tld: string
  /** the TLD as people read it (IDN TLDs in Unicode) */
  tldUnicode: string
  isFeatured: boolean
  minYears: number
  /** one-year (or minimum-period) prices in minor units as strings; null: not sold that way in this currency */
  register: string | null
  transfer: string | null
  renew: string | null
  years: number
}

export type TldPricingSort = 'tld' | 'register' | 'transfer' | 'renew'

/**
 * The public pricing table: enabled TLDs with register/transfer/renew prices for their minimum
 * period in `currency`, sorted by a column (prices: cheapest first, unpriced last; featured first
 * when sorted by name). TLDs with no price at all in the currency are left out.
 */
export async function listTldPricing(
  db: Db | DbClient,
  currency: string,
  sort: TldPricingSort = 'tld',
  direction: 'asc' | 'desc' = 'asc',
): Promise<TldPricingRow[]> {
  const tlds = await db.tld.findMany({
    where: { isActive: true },
    orderBy: [{ isFeatured: 'desc' }, { sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      name: true,
      isFeatured: true,
      minYears: true,
      prices: { where: { currencyCode: currency }, select: { action: true, years: true, amount: true } },
    },
  })
  const rows = tlds
    .filter((t) => t.prices.length > 0)
    .map((t) => {
      const at = (action: string) =>
        t.prices.find((p) => p.action === action && p.years === t.minYears)?.amount.toString() ?? null
      return {
        tld: t.name,
        tldUnicode: domainToUnicode(t.name),
        isFeatured: t.isFeatured,
        minYears: t.minYears,
        years: t.minYears,
        register: at('REGISTER'),
        transfer: at('TRANSFER'),
        renew: at('RENEW'),
      }
    })
  if (sort === 'tld') return direction === 'asc' ? rows : rows.reverse()
  const sign = direction === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    const x = a[sort]
    const y = b[sort]
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    return BigInt(x) === BigInt(y) ? a.tld.localeCompare(b.tld) : BigInt(x) < BigInt(y) ? -sign : sign
  })
}
