import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { tldMarkupSchema, tldPricesSchema } from './schemas'

type PriceRow = { action: string; years: number; amount: bigint; costAmount: bigint | null }

/**
 * Replaces a TLD's price grid (register/transfer/renew × 1-10 years, with cost prices) and its
 * grace/redemption fees for one currency, in one transaction, audited with before/after.
 */
export async function setTldPrices(ctx: Ctx, tldId: string, input: unknown): Promise<void> {
  requirePermission(ctx.actor, 'domains.tlds')
  const { currency, prices, fees } = parseInput(tldPricesSchema, input)
  await inTransaction(ctx, async (tx) => {
    const tld = await tx.db.tld.findUnique({
      where: { id: tldId },
      select: { id: true, minYears: true, maxYears: true },
    })
    if (!tld) throw new DomainError('NOT_FOUND', 'That TLD does not exist.')
    const outside = prices.findIndex((p) => p.years < tld.minYears || p.years > tld.maxYears)
    if (outside !== -1)
      throw new DomainError(
        'VALIDATION_FAILED',
        `This TLD is sold for ${tld.minYears}-${tld.maxYears} years.`,
        { field: `prices.${outside}.years` },
      )
    const where = { tldId, currencyCode: currency }
    const before = await tx.db.tldPrice.findMany({
      where,
      select: { action: true, years: true, amount: true, costAmount: true },
    })
    await tx.db.tldPrice.deleteMany({ where })
    await tx.db.tldFee.deleteMany({ where })
    await tx.db.tldPrice.createMany({
      data: prices.map((p) => ({
        ...where,
        action: p.action,
        years: p.years,
        amount: BigInt(p.amount),
        costAmount: p.costAmount === null ? null : BigInt(p.costAmount),
      })),
    })
    await tx.db.tldFee.createMany({
      data: fees.map((f) => ({
        ...where,
        kind: f.kind,
        amount: BigInt(f.amount),
        costAmount: f.costAmount === null ? null : BigInt(f.costAmount),
      })),
    })
    await recordAuditEvent(tx, {
      action: 'domains.tld.prices',
      targetType: 'Tld',
      targetId: tldId,
      before: { currency, prices: before },
      after: { currency, prices, fees },
    })
  })
}

/** cost × (100 + percent)%, rounded half up to whole minor units (percent to 2 decimals). */
export function markUp(cost: bigint, percent: number): bigint {
  const basisPoints = BigInt(Math.round(percent * 100))
  return (cost * (10_000n + basisPoints) + 5_000n) / 10_000n
}

/**
 * Bulk price update: every price and fee of the chosen TLDs that has a cost price becomes cost +
 * `percent`% (in one currency or all). Rows without a cost are left alone and counted.
 */
export async function applyTldMarkup(
  ctx: Ctx,
  input: unknown,
): Promise<{ updated: number; skippedWithoutCost: number }> {
  requirePermission(ctx.actor, 'domains.tlds')
  const { tldIds, percent, currency } = parseInput(tldMarkupSchema, input)
  return inTransaction(ctx, async (tx) => {
    const where = { tldId: { in: tldIds }, ...(currency ? { currencyCode: currency } : {}) }
    const prices = await tx.db.tldPrice.findMany({ where })
    const fees = await tx.db.tldFee.findMany({ where })
    let updated = 0
    let skippedWithoutCost = 0
    const changes: (PriceRow & { tldId: string; currencyCode: string; newAmount: bigint })[] = []
    for (const row of prices) {
      if (row.costAmount === null) {
        skippedWithoutCost++
        continue
      }
      const newAmount = markUp(row.costAmount, percent)
      await tx.db.tldPrice.update({ where: { id: row.id }, data: { amount: newAmount } })
      changes.push({ ...row, action: row.action, newAmount })
      updated++
    }
    for (const row of fees) {
      if (row.costAmount === null) {
        skippedWithoutCost++
        continue
      }
      await tx.db.tldFee.update({ where: { id: row.id }, data: { amount: markUp(row.costAmount, percent) } })
      updated++
    }
    await recordAuditEvent(tx, {
      action: 'domains.tld.markup',
      targetType: 'Tld',
      targetId: tldIds.length === 1 ? tldIds[0] : null,
      before: {
        prices: changes.map((c) => ({
          tldId: c.tldId,
          currency: c.currencyCode,
          action: c.action,
          years: c.years,
          amount: c.amount,
        })),
      },
      after: { percent, currency: currency ?? 'all', updated, skippedWithoutCost },
    })
    return { updated, skippedWithoutCost }
  })
}
