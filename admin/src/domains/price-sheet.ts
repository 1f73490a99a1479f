import { DomainError, parseAmount, toDecimalString, type Ctx } from '@berth/core'

/**
 * The TLD price grid as staff edit it: one line per price, `USD REGISTER 1 10.99 8.00` (currency,
 * action, years, price, cost; the cost may be left out or written `-`), and one per fee,
 * `USD GRACE 5.00 3.00`. Amounts are typed in major units and become minor units with the
 * currency's exponent; core validates the rest (years within the TLD's range, one price per action
 * and period, no negatives) and saves every currency in one transaction.
 */
type Exponents = Map<string, number>

async function exponents(ctx: Ctx): Promise<Exponents> {
  const rows = await ctx.db.currency.findMany({ select: { code: true, exponent: true } })
  return new Map(rows.map((r) => [r.code, r.exponent]))
}

export async function formatPriceSheet(ctx: Ctx, tldId: string): Promise<string> {
  const exp = await exponents(ctx)
  const [prices, fees] = await Promise.all([
    ctx.db.tldPrice.findMany({
      where: { tldId },
      orderBy: [{ currencyCode: 'asc' }, { action: 'asc' }, { years: 'asc' }],
    }),
    ctx.db.tldFee.findMany({ where: { tldId }, orderBy: [{ currencyCode: 'asc' }, { kind: 'asc' }] }),
  ])
  const money = (amount: bigint | null, currency: string) =>
    amount === null ? '-' : toDecimalString(amount, exp.get(currency) ?? 2)
  return [
    ...prices.map(
      (p) =>
        `${p.currencyCode} ${p.action} ${p.years} ${money(p.amount, p.currencyCode)} ${money(p.costAmount, p.currencyCode)}`,
    ),
    ...fees.map(
      (f) =>
        `${f.currencyCode} ${f.kind} ${money(f.amount, f.currencyCode)} ${money(f.costAmount, f.currencyCode)}`,
    ),
  ].join('\n')
}

const FIELD = 'priceGrid'
const refuse = (line: number, message: string): never => {
  throw new DomainError('VALIDATION_FAILED', `Line ${line}: ${message}`, { field: FIELD })
}

/** The text as `setTldPriceSheets` input: one sheet per currency, amounts as minor-unit strings. */
export async function parsePriceSheet(ctx: Ctx, text: string): Promise<unknown[]> {
  const exp = await exponents(ctx)
  const sheets = new Map<string, { currency: string; prices: unknown[]; fees: unknown[] }>()
  const amount = (value: string | undefined, currency: string, line: number) => {
    if (value === undefined || value === '-') return null
    try {
      return parseAmount(value, exp.get(currency) ?? 2, { field: FIELD }).toString()
    } catch (error) {
      return refuse(line, error instanceof DomainError ? error.message : 'Enter an amount such as 12.34.')
    }
  }
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1
    const cells = raw.trim().split(/\s+/).filter(Boolean)
    if (!cells.length) continue
    const currency = (cells[0] ?? '').toUpperCase()
    if (!exp.has(currency)) refuse(line, `"${cells[0]}" is not a currency set up here.`)
    const sheet = sheets.get(currency) ?? { currency, prices: [], fees: [] }
    sheets.set(currency, sheet)
    const kind = (cells[1] ?? '').toUpperCase()
    if (kind === 'GRACE' || kind === 'REDEMPTION') {
      if (cells.length < 3 || cells.length > 4) refuse(line, `write "${currency} ${kind} <fee> [cost]".`)
      const price = amount(cells[2], currency, line)
      if (price === null) refuse(line, 'enter the fee.')
      sheet.fees.push({ kind, amount: price, costAmount: amount(cells[3], currency, line) })
    } else if (kind === 'REGISTER' || kind === 'TRANSFER' || kind === 'RENEW') {
      if (cells.length < 4 || cells.length > 5)
        refuse(line, `write "${currency} ${kind} <years> <price> [cost]".`)
      const years = Number(cells[2])
      if (!Number.isInteger(years)) refuse(line, 'the years must be a whole number from 1 to 10.')
      const price = amount(cells[3], currency, line)
      if (price === null) refuse(line, 'enter the price.')
      sheet.prices.push({ action: kind, years, amount: price, costAmount: amount(cells[4], currency, line) })
    } else {
      refuse(line, 'the second word must be REGISTER, TRANSFER, RENEW, GRACE or REDEMPTION.')
    }
  }
  return [...sheets.values()]
}
