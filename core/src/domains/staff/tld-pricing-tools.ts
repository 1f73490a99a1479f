import { requirePermission } from '../../access'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { markUp, setTldPrices, tldMarkupSchema } from '../pricing'

/**
 * The console's TLD price tools on top of the pricing use cases: a whole grid (every currency) saved
 * at once, and a preview of a bulk markup that writes nothing. Both need `domains.tlds`.
 */

/**
 * Saves several currencies' grids of one TLD in one transaction: either every currency is saved or
 * none (a bad cell in EUR does not leave USD half-changed). Each grid is `setTldPrices`' input.
 */
export async function setTldPriceSheets(ctx: Ctx, tldId: string, sheets: unknown[]): Promise<void> {
  requirePermission(ctx.actor, 'domains.tlds')
  if (!sheets.length)
    throw new DomainError('VALIDATION_FAILED', 'Enter at least one price.', { field: 'priceGrid' })
  await inTransaction(ctx, async (tx) => {
    for (const sheet of sheets) await setTldPrices(tx, tldId, sheet)
  })
}

export interface MarkupPreviewRow {
  tld: string
  currency: string
  /** REGISTER/TRANSFER/RENEW with years, or the GRACE/REDEMPTION fee */
  item: string
  cost: string | null
  current: string
  proposed: string | null
}

/** What `applyTldMarkup` with the same input would change, row by row; rows without a cost are listed with no proposal. */
export async function previewTldMarkup(
  ctx: Ctx,
  raw: unknown,
): Promise<{ rows: MarkupPreviewRow[]; changes: number; withoutCost: number }> {
  requirePermission(ctx.actor, 'domains.tlds')
  const { tldIds, percent, currency } = parseInput(tldMarkupSchema, raw)
  const where = { tldId: { in: tldIds }, ...(currency ? { currencyCode: currency } : {}) }
  const [prices, fees] = await Promise.all([
    ctx.db.tldPrice.findMany({
      where,
      include: { tld: { select: { name: true } } },
      orderBy: [{ currencyCode: 'asc' }, { action: 'asc' }, { years: 'asc' }],
    }),
    ctx.db.tldFee.findMany({ where, include: { tld: { select: { name: true } } } }),
  ])
  const rows: MarkupPreviewRow[] = [
    ...prices.map((p) => ({
      tld: p.tld.name,
      currency: p.currencyCode,
      item: `${p.action} ${p.years}y`,
      cost: p.costAmount?.toString() ?? null,
      current: p.amount.toString(),
      proposed: p.costAmount === null ? null : markUp(p.costAmount, percent).toString(),
    })),
    ...fees.map((f) => ({
      tld: f.tld.name,
      currency: f.currencyCode,
      item: `${f.kind} fee`,
      cost: f.costAmount?.toString() ?? null,
      current: f.amount.toString(),
      proposed: f.costAmount === null ? null : markUp(f.costAmount, percent).toString(),
    })),
  ].sort((a, b) => a.tld.localeCompare(b.tld) || a.currency.localeCompare(b.currency))
  const withoutCost = rows.filter((r) => r.proposed === null).length
  return { rows, changes: rows.length - withoutCost, withoutCost }
}
