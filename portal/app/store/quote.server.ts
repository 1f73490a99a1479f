import { httpStatusFor, isDomainError, quoteProduct } from '@berth/core'
import type { BreakdownData } from '~/components/price-breakdown'
import {
  configurationRequest,
  mapConfigurationField,
  QUOTE_DOMAIN,
  type ConfigurationChoice,
} from './configuration.server'
import type { Shop } from './shop.server'
import { breakdownView, moneyIn } from './view.server'

export type QuoteAnswer =
  | { ok: true; quote: BreakdownData }
  | { ok: false; status: number; formError: string | null; fieldErrors: Record<string, string> }

/**
 * The price of a configuration, by core's quoteProduct: the same checks and engine as the cart and
 * the checkout, nothing written. The hostname is a stand-in (the price never depends on it). A
 * refusal comes back as messages by field, like a form's.
 */
export async function quoteConfiguration(
  shop: Shop,
  productId: string,
  config: ConfigurationChoice,
  promoCode: string | null,
): Promise<QuoteAnswer> {
  const code = promoCode?.trim() || null
  try {
    const [quote, m] = await Promise.all([
      quoteProduct(shop.ctx, {
        productId,
        currency: shop.currency,
        ...configurationRequest(config, { domain: QUOTE_DOMAIN }),
        ...(code ? { promoCode: code } : {}),
      }),
      moneyIn(shop.ctx, shop.currency),
    ])
    return {
      ok: true,
      quote: breakdownView(m, quote, {
        taxCalculated: shop.isClient,
        promoCode: code?.toUpperCase() ?? null,
      }),
    }
  } catch (error) {
    if (!isDomainError(error)) throw error
    const fieldErrors: Record<string, string> = {}
    for (const [field, message] of Object.entries(error.fieldErrors()))
      fieldErrors[mapConfigurationField(field)] ??= message
    return {
      ok: false,
      status: httpStatusFor(error),
      formError: Object.keys(fieldErrors).length ? null : error.message,
      fieldErrors,
    }
  }
}
