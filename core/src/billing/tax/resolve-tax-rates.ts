import type { Db, DbClient } from '@berth/prisma'
import { EU_COUNTRY_CODES } from '../../shared'
import type { TaxRate } from './compute-invoice-totals'

export interface TaxBuyer {
  country: string
  state?: string | null
  /** VAT number; its presence (not a VIES check) is what reverse charge looks at */
  taxId?: string | null
  isTaxExempt: boolean
}

export interface TaxSeller {
  country: string
}

export interface ResolvedTax {
  rates: TaxRate[]
  isReverseCharge: boolean
  /** printed on the invoice when set (reverse charge) */
  note: string | null
  /** why no tax applies, for the audit trail and the admin view */
  reason: 'rules' | 'exempt' | 'reverse_charge' | 'no_rule'
}

export const REVERSE_CHARGE_NOTE =
  'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).'

function normalizeState(s: string | null | undefined): string {
  return (s ?? '').trim().toUpperCase()
}

/**
 * Which tax rates apply to a buyer (docs/decisions/0012-money-and-tax.md):
 * - a tax-exempt client pays none;
 * - otherwise the active TaxRules matching the client's country (and state), where for each level
 *   only the most specific tier applies: country + state, else country, else every country;
 * - EU reverse charge: rules flagged `isEuVat` are dropped, and the invoice is marked reverse
 *   charge with a note, when the client is in an EU member state, has a VAT number, and that
 *   country differs from the seller's (`company.country`). A seller outside the EU (the UK since
 *   2021) supplying an EU business is in the same position: the customer self-accounts.
 */
export async function resolveTaxRates(
  db: Db | DbClient,
  buyer: TaxBuyer,
  seller: TaxSeller,
): Promise<ResolvedTax> {
  if (buyer.isTaxExempt) return { rates: [], isReverseCharge: false, note: null, reason: 'exempt' }
  const country = buyer.country.toUpperCase()
  const state = normalizeState(buyer.state)
  const rules = await db.taxRule.findMany({
    where: { isActive: true, OR: [{ country }, { country: null }] },
    select: {
      name: true,
      country: true,
      state: true,
      rate: true,
      level: true,
      isCompound: true,
      isEuVat: true,
    },
    orderBy: [{ level: 'asc' }, { name: 'asc' }],
  })
  const tierOf = (r: { country: string | null; state: string | null }): number => {
    if (r.country === null) return 1
    if (r.state === null || r.state.trim() === '') return 2
    return normalizeState(r.state) === state ? 3 : 0 // a rule for another state does not apply
  }
  const chosen: typeof rules = []
  for (const level of [...new Set(rules.map((r) => (r.level <= 1 ? 1 : 2)))]) {
    const atLevel = rules.filter((r) => (r.level <= 1 ? 1 : 2) === level && tierOf(r) > 0)
    const best = Math.max(0, ...atLevel.map(tierOf))
    chosen.push(...atLevel.filter((r) => tierOf(r) === best))
  }
  const isEuBuyer = (EU_COUNTRY_CODES as readonly string[]).includes(country)
  const hasVatNumber = !!buyer.taxId?.trim()
  const reverseCharge = isEuBuyer && hasVatNumber && country !== seller.country.toUpperCase()
  const applied = reverseCharge ? chosen.filter((r) => !r.isEuVat) : chosen
  const rates: TaxRate[] = applied.map((r) => ({
    name: r.name,
    rate: r.rate,
    level: r.level <= 1 ? 1 : 2,
    isCompound: r.isCompound,
  }))
  if (reverseCharge)
    return { rates, isReverseCharge: true, note: REVERSE_CHARGE_NOTE, reason: 'reverse_charge' }
  return { rates, isReverseCharge: false, note: null, reason: rates.length ? 'rules' : 'no_rule' }
}
