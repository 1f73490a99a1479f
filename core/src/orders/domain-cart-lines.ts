import { domainToUnicode } from 'node:url'
import type { Db, DbClient, Prisma } from '@berth/prisma'
import { formatDate } from '../billing'
import { addYears } from '../domains'
import type { CartRow } from './cart-access'

/**
 * Domains in a cart (CartItem kinds DOMAIN_REGISTER and DOMAIN_TRANSFER, decision 0063). The item
 * keeps only what was asked: the ASCII name, the years and, in `options`, nameservers, ID
 * protection and the transfer's EPP code sealed to the item. Every read prices it again from the
 * TLD's REGISTER or TRANSFER price for those years in the cart's currency, as products are priced
 * from the catalog, so a price staff changed or a TLD taken off sale shows before checkout.
 */
export type DomainCartAction = 'register' | 'transfer'

/** CartItem.options of a domain item. */
export interface DomainItemOptions {
  nameservers?: string[]
  idProtection?: boolean
  /** the EPP code, sealed with binding CartItem.options.eppCodeEnc and the item's id */
  eppCodeEnc?: string
}

export interface DomainCartLine {
  itemId: string
  action: DomainCartAction
  /** lower-case ASCII (punycode) */
  name: string
  unicode: string
  tld: string
  registrar: string
  years: number
  /** the price of the whole period, minor units in the cart's currency */
  amount: bigint
  /** what renewing for the same years will cost (the domain's recurring amount) */
  renewAmount: bigint | null
  nameservers: string[]
  idProtection: boolean
  /** whether the TLD offers ID protection at all */
  isIdProtectionOffered: boolean
  hasDnsManagement: boolean
  eppCodeEnc: string | null
  /** the periods this action is sold for in the cart's currency, with their prices (to change the years) */
  yearOptions: { years: number; amount: bigint }[]
}

export const domainItemKind = (action: DomainCartAction) =>
  action === 'register' ? ('DOMAIN_REGISTER' as const) : ('DOMAIN_TRANSFER' as const)

export function domainItemOptions(options: Prisma.JsonValue): DomainItemOptions {
  if (!options || typeof options !== 'object' || Array.isArray(options)) return {}
  const o = options as Record<string, unknown>
  return {
    nameservers: Array.isArray(o.nameservers) ? o.nameservers.filter((n) => typeof n === 'string') : [],
    idProtection: o.idProtection === true,
    ...(typeof o.eppCodeEnc === 'string' ? { eppCodeEnc: o.eppCodeEnc } : {}),
  }
}

type DomainItemRow = CartRow['items'][number]

const tldSelect = (currency: string) =>
  ({
    name: true,
    registrar: true,
    isActive: true,
    minYears: true,
    maxYears: true,
    dnsManagement: true,
    idProtection: true,
    prices: { where: { currencyCode: currency }, select: { action: true, years: true, amount: true } },
  }) as const

type TldRow = Prisma.TldGetPayload<{ select: ReturnType<typeof tldSelect> }>

/** Every TLD a name could end in ("co.uk" and "uk" for example.co.uk); the longest known one wins. */
function tldSuffixes(name: string): string[] {
  const labels = name.split('.')
  return labels.slice(1).map((_, i) => labels.slice(i + 1).join('.'))
}

/** The cart's domain items priced from their TLDs in the cart's currency; what no longer fits is set aside. */
export async function loadDomainLines(
  db: Db | DbClient,
  currency: string,
  items: readonly DomainItemRow[],
): Promise<{ lines: DomainCartLine[]; problems: { itemId: string; message: string }[] }> {
  const lines: DomainCartLine[] = []
  const problems: { itemId: string; message: string }[] = []
  if (!items.length) return { lines, problems }
  // One query for every TLD the names could end in.
  const candidates = new Set(items.flatMap((i) => tldSuffixes(i.domain ?? '')))
  const tlds = await db.tld.findMany({
    where: { name: { in: [...candidates] } },
    select: tldSelect(currency),
  })
  const byName = new Map(tlds.map((t) => [t.name, t]))
  for (const item of items) {
    const tld = tldSuffixes(item.domain ?? '')
      .map((suffix) => byName.get(suffix))
      .find(Boolean)
    const priced = priceDomainItem(item, tld, currency)
    if ('problem' in priced) problems.push({ itemId: item.id, message: priced.problem })
    else lines.push(priced)
  }
  return { lines, problems }
}

/** One domain item priced from its TLD, or why it cannot be ordered as it is. */
function priceDomainItem(
  item: DomainItemRow,
  tld: TldRow | undefined,
  currency: string,
): DomainCartLine | { problem: string } {
  const name = item.domain ?? ''
  const unicode = domainToUnicode(name) || name
  const action: DomainCartAction = item.kind === 'DOMAIN_TRANSFER' ? 'transfer' : 'register'
  if (!tld || !tld.isActive) return { problem: `${unicode}: this extension is no longer sold here.` }
  const years = item.years ?? tld.minYears
  if (years < tld.minYears || years > tld.maxYears)
    return { problem: `${unicode}: .${tld.name} is sold for ${tld.minYears} to ${tld.maxYears} years.` }
  const priceAction = action === 'register' ? 'REGISTER' : 'TRANSFER'
  const price = tld.prices.find((p) => p.action === priceAction && p.years === years)
  if (!price)
    return { problem: `${unicode}: no ${years}-year ${action} price in ${currency}. Choose another period.` }
  const renew = tld.prices.find((p) => p.action === 'RENEW' && p.years === years)
  const options = domainItemOptions(item.options)
  return {
    itemId: item.id,
    action,
    name,
    unicode,
    tld: tld.name,
    registrar: tld.registrar,
    years,
    amount: price.amount,
    renewAmount: renew?.amount ?? null,
    nameservers: options.nameservers ?? [],
    idProtection: tld.idProtection && options.idProtection === true,
    isIdProtectionOffered: tld.idProtection,
    hasDnsManagement: tld.dnsManagement,
    eppCodeEnc: options.eppCodeEnc ?? null,
    yearOptions: tld.prices
      .filter((p) => p.action === priceAction && p.years >= tld.minYears && p.years <= tld.maxYears)
      .sort((a, b) => a.years - b.years)
      .map((p) => ({ years: p.years, amount: p.amount })),
  }
}

/** The invoice line a domain in the cart becomes: one DOMAIN item for its period from today. */
export interface DraftDomainInvoiceItem {
  description: string
  unitAmount: bigint
  isTaxable: boolean
  periodStart: Date
  periodEnd: Date
}

export function domainInvoiceItem(line: DomainCartLine, today: Date): DraftDomainInvoiceItem {
  const periodEnd = addYears(today, line.years)
  const span = line.years === 1 ? '1 year' : `${line.years} years`
  const what = line.action === 'register' ? 'Domain registration' : 'Domain transfer'
  return {
    description: `${what} - ${line.unicode} - ${span} (${formatDate(today)} - ${formatDate(periodEnd)})`,
    unitAmount: line.amount,
    isTaxable: true,
    periodStart: today,
    periodEnd,
  }
}
