import type { BillingCycle, DbClient } from '@berth/prisma'
import { DomainError } from '../shared'
import type { PriceOwner } from './schemas'
import type { PriceTable } from './pricing/price-configuration'

/** Internal helpers for Price rows (exactly one owner: product, addon or option choice). */
export interface PriceRow {
  currency: string
  cycle: BillingCycle
  amount: bigint
  setupFee: bigint
}

export async function assertActiveCurrencies(
  db: DbClient,
  codes: Iterable<string>,
  field = 'prices',
): Promise<void> {
  const wanted = [...new Set(codes)]
  if (!wanted.length) return
  const found = await db.currency.findMany({
    where: { code: { in: wanted }, isActive: true },
    select: { code: true },
  })
  const ok = new Set(found.map((c) => c.code))
  const missing = wanted.filter((c) => !ok.has(c))
  if (missing.length)
    throw new DomainError('VALIDATION_FAILED', `Unknown or inactive currency: ${missing.join(', ')}.`, {
      field,
    })
}

/** Replaces every price of one owner with `rows` (a cycle left out is no longer offered). */
export async function replacePrices(
  db: DbClient,
  owner: PriceOwner,
  rows: readonly PriceRow[],
): Promise<void> {
  await assertActiveCurrencies(
    db,
    rows.map((r) => r.currency),
  )
  await db.price.deleteMany({ where: owner })
  if (rows.length) {
    await db.price.createMany({
      data: rows.map((r) => ({
        ...owner,
        currencyCode: r.currency,
        cycle: r.cycle,
        amount: r.amount,
        setupFee: r.setupFee,
      })),
    })
  }
}

/** Price rows → a PriceTable for one currency. */
export function priceTable(
  rows: readonly { currencyCode: string; cycle: BillingCycle; amount: bigint; setupFee: bigint }[],
  currency: string,
): PriceTable {
  const out: PriceTable = {}
  for (const r of rows)
    if (r.currencyCode === currency) out[r.cycle] = { amount: r.amount, setupFee: r.setupFee }
  return out
}

/** For audit rows and JSON answers: amounts as strings. */
export function priceRowsForJson(
  rows: readonly PriceRow[],
): { currency: string; cycle: string; amount: string; setupFee: string }[] {
  return rows.map((r) => ({
    currency: r.currency,
    cycle: r.cycle,
    amount: r.amount.toString(),
    setupFee: r.setupFee.toString(),
  }))
}

export const PRICE_SELECT = { currencyCode: true, cycle: true, amount: true, setupFee: true } as const
