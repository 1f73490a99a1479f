import { DomainError, getStoreProduct, isDomainError, type Ctx, type OrderableProduct } from '@berth/core'
import { notFound } from '~/billing/responses.server'

/**
 * A product configuration as the store's forms send it: `cycle`, `options.<optionId>` (a choice id,
 * "yes" for a ticked yes/no box, or a quantity), `addonIds` (one per ticked addon) and `domain`.
 * Everything here is only what the buyer asked for; core checks it against the catalog and prices
 * it. Any other field (a price, a total…) is never read.
 */
export interface ConfigurationChoice {
  cycle: string
  options: Record<string, string>
  addonIds: string[]
  domain: string
}

export function readConfiguration(form: FormData | URLSearchParams): ConfigurationChoice {
  const options: Record<string, string> = {}
  for (const [key, value] of form.entries()) {
    if (key.startsWith('options.') && typeof value === 'string' && key.length > 8 && key.length < 100)
      options[key.slice(8)] = value
  }
  const text = (name: string) => {
    const v = form.get(name)
    return typeof v === 'string' ? v : ''
  }
  return {
    cycle: text('cycle'),
    options,
    addonIds: form
      .getAll('addonIds')
      .filter((v): v is string => typeof v === 'string')
      .slice(0, 60),
    domain: text('domain'),
  }
}

/** The configuration as the form's refill values (`addonIds` comma-joined). */
export function configurationValues(c: ConfigurationChoice): Record<string, string> {
  const values: Record<string, string> = { cycle: c.cycle, domain: c.domain, addonIds: c.addonIds.join(',') }
  for (const [id, v] of Object.entries(c.options)) values[`options.${id}`] = v
  return values
}

/** Core's input for quoteProduct / addCartItem. */
export function configurationRequest(c: ConfigurationChoice, overrides: { domain?: string | null } = {}) {
  return {
    cycle: c.cycle,
    options: c.options,
    addonIds: c.addonIds,
    domain: overrides.domain !== undefined ? overrides.domain : c.domain.trim() || null,
  }
}

/**
 * A stand-in hostname for live quotes: the price never depends on the name, and the buyer should
 * see a price before typing one. Adding to the cart checks the real one.
 */
export const QUOTE_DOMAIN = 'quote.example.com'

/** The form fields core's configuration errors land on (`addonIds.3` → `addonIds`). */
export function configurationFields(product: Pick<OrderableProduct, 'options'>): string[] {
  return ['cycle', 'domain', 'addonIds', ...product.options.map((o) => `options.${o.id}`)]
}

export const mapConfigurationField = (field: string) => (field.startsWith('addonIds.') ? 'addonIds' : field)

/** The product of a store address, or the 404 page (retired, unknown, no price in the currency). */
export async function loadStoreProduct(
  ctx: Ctx,
  groupSlug: string | undefined,
  productSlug: string | undefined,
  currency: string,
) {
  try {
    return await getStoreProduct(ctx.db, {
      groupSlug: groupSlug ?? '',
      productSlug: productSlug ?? '',
      currency,
    })
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') throw notFound()
    throw error
  }
}

export function outOfStock(product: { name: string }): DomainError {
  return new DomainError('OUT_OF_STOCK', `${product.name} is out of stock.`, { field: 'productId' })
}
