import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useRef, useState, type FormEvent } from 'react'
import {
  addCartItem,
  getCartSummary,
  isDomainError,
  quoteProduct,
  updateCartItem,
  type CartSummary,
  type OrderableProduct,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { CurrencySwitcher } from '~/components/currency-switcher'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError, Notice } from '~/components/notice'
import { PriceBreakdown, type BreakdownData } from '~/components/price-breakdown'
import { OptionField } from '~/components/option-field'
import { useFocusFirstError } from '~/components/use-focus-error'
import { useHydrated } from '~/components/use-hydrated'
import { refuse } from '~/forms/refusal.server'
import {
  configurationFields,
  configurationRequest,
  configurationValues,
  loadStoreProduct,
  mapConfigurationField,
  outOfStock,
  readConfiguration,
  type ConfigurationChoice,
} from '~/store/configuration.server'
import { configurationFromValues, CYCLE_LABEL, optionField } from '~/store/labels'
import { quoteConfiguration, type QuoteAnswer } from '~/store/quote.server'
import { openShopCart } from '~/store/shop-cart.server'
import { getShop, shopHeaders, type Shop } from '~/store/shop.server'
import { productView, type ProductView } from '~/store/product-view.server'
import { moneyIn } from '~/store/view.server'

type Intent = 'quote' | 'add' | 'update'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? data.product.name : 'Product'} · Store · Berth` },
]

/** What the form shows first: the first cycle, the first choice of each option, the minimum quantity, "no", no addons. */
function defaultConfiguration(p: OrderableProduct): ConfigurationChoice {
  const options: Record<string, string> = {}
  for (const o of p.options) {
    if (o.type === 'DROPDOWN' || o.type === 'RADIO') options[o.id] = o.choices[0]?.id ?? ''
    else if (o.type === 'QUANTITY') options[o.id] = String(o.minQuantity)
  }
  return { cycle: p.cycles[0] ?? '', options, addonIds: [], domain: '' }
}

/** A cart item's configuration, to edit it on its product page. */
function itemConfiguration(
  product: OrderableProduct,
  item: CartSummary['items'][number],
): ConfigurationChoice {
  const options: Record<string, string> = {}
  for (const o of product.options) {
    const chosen = item.options.find((x) => x.optionId === o.id)
    if (!chosen) continue
    if (o.type === 'QUANTITY') options[o.id] = String(chosen.quantity)
    else if (o.type === 'YES_NO') {
      if (chosen.quantity > 0) options[o.id] = 'yes'
    } else if (chosen.choiceId) options[o.id] = chosen.choiceId
  }
  return {
    cycle: item.cycle,
    options,
    addonIds: item.addons.map((a) => a.addonId),
    domain: item.domain ?? '',
  }
}

async function cartOf(shop: Shop): Promise<CartSummary | null> {
  if (!shop.cartRef) return null
  try {
    return await getCartSummary(shop.ctx, { cart: shop.cartRef })
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return null
    throw error
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const product = await loadStoreProduct(shop.ctx, args.params.group, args.params.product, shop.currency)
  const [m, cart] = await Promise.all([moneyIn(shop.ctx, shop.currency), cartOf(shop)])
  const itemId = new URL(args.request.url).searchParams.get('item')
  const item = itemId ? cart?.items.find((i) => i.id === itemId && i.productId === product.id) : undefined
  let config = item ? itemConfiguration(product, item) : defaultConfiguration(product)
  const promoCode = cart?.promoCode ?? null
  let quote = await quoteConfiguration(shop, product.id, config, promoCode)
  if (!quote.ok && item) {
    // The item no longer fits the catalog as it was configured: start from the defaults.
    config = defaultConfiguration(product)
    quote = await quoteConfiguration(shop, product.id, config, promoCode)
  }
  return data(
    {
      product: productView(m, product),
      values: configurationValues(config),
      quote: quote.ok ? quote.quote : null,
      promoCode,
      editing: item ? item.id : null,
      currency: shop.currency,
      currencies: shop.isClient ? [] : shop.currencies,
    },
    { headers: shopHeaders(shop) },
  )
}

type ActionAnswer =
  | { ok: true; intent: 'quote'; quote: BreakdownData; values: Record<string, string> }
  | {
      ok: false
      intent: Intent | null
      formError: string | null
      fieldErrors: Record<string, string>
      values: Record<string, string>
    }

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const shop = await getShop(args)
  const product = await loadStoreProduct(shop.ctx, args.params.group, args.params.product, shop.currency)
  const intent = form.get('intent')
  const config = readConfiguration(form)
  const values = configurationValues(config)
  const fields = configurationFields(product)
  const promoCode = typeof form.get('promoCode') === 'string' ? (form.get('promoCode') as string) : null

  if (intent === 'quote') {
    const answer: QuoteAnswer = await quoteConfiguration(shop, product.id, config, promoCode)
    if (answer.ok) return data<ActionAnswer>({ ok: true, intent: 'quote', quote: answer.quote, values })
    return data<ActionAnswer>(
      { ok: false, intent: 'quote', formError: answer.formError, fieldErrors: answer.fieldErrors, values },
      { status: answer.status },
    )
  }
  if (intent !== 'add' && intent !== 'update') throw new Response('Unknown action', { status: 400 })

  const cookies: string[] = []
  try {
    if (!product.isInStock) throw outOfStock(product)
    // Every check first, nothing written: a refused configuration leaves no cart behind.
    await quoteProduct(shop.ctx, {
      productId: product.id,
      currency: shop.currency,
      ...configurationRequest(config),
    })
    if (intent === 'update') {
      await updateCartItem(shop.ctx, {
        cart: shop.cartRef ?? {},
        itemId: String(form.get('itemId') ?? ''),
        ...configurationRequest(config),
      })
    } else {
      const opened = await openShopCart(shop)
      cookies.push(...opened.cookies)
      const ref = opened.ref
      await addCartItem(shop.ctx, { cart: ref, productId: product.id, ...configurationRequest(config) })
    }
  } catch (error) {
    return refuse<Intent>(error, { intent, fields, values, mapField: mapConfigurationField })
  }
  const message =
    intent === 'update' ? `${product.name} is updated in your cart.` : `${product.name} is in your cart.`
  return redirectWithFlash('/cart', { kind: 'success', message }, [...shop.cookies, ...cookies])
}

export default function StoreProduct() {
  const {
    product,
    values: loaded,
    quote: initialQuote,
    promoCode,
    editing,
    currency,
    currencies,
  } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as ActionAnswer | undefined
  const refusal = answer && !answer.ok ? answer : undefined
  const values = answer?.values ?? loaded
  const config = configurationFromValues(values)
  const navigation = useNavigation()
  const submitting =
    navigation.state === 'submitting' ? (navigation.formData?.get('intent') as Intent | null) : null
  const fetcher = useFetcher<QuoteAnswer>()
  const hydrated = useHydrated()
  const formRef = useFocusFirstError(refusal)
  const [cycle, setCycle] = useState(config.cycle)
  const lastQuery = useRef('')

  const live = fetcher.data
  const quote = (live?.ok ? live.quote : null) ?? (answer?.ok ? answer.quote : null) ?? initialQuote
  const liveErrors = live && !live.ok ? live.fieldErrors : {}
  const errors: Record<string, string> = { ...(refusal?.fieldErrors ?? {}), ...liveErrors }
  const quoteError =
    live && !live.ok
      ? (live.formError ?? 'Fix the highlighted choices to see the price.')
      : refusal?.intent === 'quote'
        ? (refusal.formError ?? 'Fix the highlighted choices to see the price.')
        : null

  function requote(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget
    const params = new URLSearchParams()
    for (const [key, value] of new FormData(form))
      if (typeof value === 'string' && key !== 'csrf' && key !== 'intent' && key !== 'itemId')
        params.append(key, value)
    params.set('productId', product.id)
    const query = params.toString()
    if (query === lastQuery.current) return
    lastQuery.current = query
    fetcher.load(`/store/quote?${query}`)
  }

  const addonAvailable = (a: ProductView['addons'][number]) =>
    a.price[cycle] !== null && a.price[cycle] !== undefined
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <p className="crumb">
            <Link to="/store">Store</Link> /{' '}
            <Link to={`/store/${product.groupSlug}`}>{product.groupName}</Link>
          </p>
          <h1>{editing ? `Edit ${product.name}` : product.name}</h1>
          {product.description ? <p className="lead">{product.description}</p> : null}
        </div>
        <CurrencySwitcher currencies={currencies} current={currency} />
      </div>

      {product.isInStock ? null : (
        <Notice kind="warning">{product.name} is out of stock: it cannot be ordered right now.</Notice>
      )}

      <div className="configure-layout">
        <Form
          method="post"
          noValidate
          className="form card configure-form"
          id="configure"
          ref={formRef}
          onChange={requote}
          aria-labelledby="configure-title"
        >
          <h2 id="configure-title" className="visually-hidden">
            Configure {product.name}
          </h2>
          <CsrfInput />
          {promoCode ? <input type="hidden" name="promoCode" value={promoCode} /> : null}
          {editing ? <input type="hidden" name="itemId" value={editing} /> : null}
          <FormError message={refusal?.intent !== 'quote' ? refusal?.formError : null} />

          {product.features.length ? (
            <ul className="features features-inline">
              {product.features.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}

          <fieldset aria-describedby={errors.cycle ? 'configure-cycle-error' : undefined}>
            <legend>Billing cycle</legend>
            <div className="choice-cards">
              {product.cycles.map((c) => (
                <label key={c.cycle} className="choice-card">
                  <input
                    type="radio"
                    name="cycle"
                    value={c.cycle}
                    checked={cycle === c.cycle}
                    onChange={() => setCycle(c.cycle)}
                    aria-invalid={errors.cycle ? true : undefined}
                  />
                  <span className="choice-card-body">
                    <strong>{c.label}</strong>
                    <span>{c.price}</span>
                    {c.setupFee ? <span className="sub">+ {c.setupFee} setup</span> : null}
                  </span>
                </label>
              ))}
            </div>
            {errors.cycle ? (
              <p id="configure-cycle-error" className="field-error">
                {errors.cycle}
              </p>
            ) : null}
          </fieldset>

          {product.options.length ? (
            <fieldset>
              <legend>Options</legend>
              <div className="option-list">
                {product.options.map((o) => (
                  <OptionField
                    key={o.id}
                    form="configure"
                    option={o}
                    cycle={cycle}
                    value={config.options[o.id]}
                    error={errors[optionField(o.id)]}
                  />
                ))}
              </div>
            </fieldset>
          ) : null}

          {product.addons.length ? (
            <fieldset aria-describedby={errors.addonIds ? 'configure-addonIds-error' : undefined}>
              <legend>Addons</legend>
              <div className="option-list">
                {product.addons.map((a) => (
                  <label key={a.id} className={`check-row${addonAvailable(a) ? '' : ' is-disabled'}`}>
                    <input
                      type="checkbox"
                      name="addonIds"
                      value={a.id}
                      defaultChecked={config.addonIds.includes(a.id)}
                      disabled={!addonAvailable(a)}
                    />
                    <span>
                      <strong>{a.name}</strong>{' '}
                      <span className="price-note">
                        {addonAvailable(a)
                          ? a.price[cycle]
                          : `not available ${CYCLE_LABEL[cycle]?.toLowerCase() ?? ''}`}
                      </span>
                      {a.description ? <span className="sub">{a.description}</span> : null}
                    </span>
                  </label>
                ))}
              </div>
              {errors.addonIds ? (
                <p id="configure-addonIds-error" className="field-error">
                  {errors.addonIds}
                </p>
              ) : null}
            </fieldset>
          ) : null}

          {product.domainRequirement !== 'NONE' ? (
            <div className="field">
              <label htmlFor="configure-domain">
                {product.domainRequirement === 'HOSTNAME' ? 'Hostname' : 'Domain name'}
              </label>
              <input
                id="configure-domain"
                name="domain"
                type="text"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                maxLength={253}
                required
                defaultValue={config.domain}
                aria-invalid={errors.domain ? true : undefined}
                aria-describedby={['configure-domain-hint', errors.domain ? 'configure-domain-error' : '']
                  .filter(Boolean)
                  .join(' ')}
              />
              <p id="configure-domain-hint" className="field-hint">
                {product.domainRequirement === 'HOSTNAME'
                  ? 'The server’s name, such as server1.example.com.'
                  : 'The domain this service is for, such as example.com. You need to own it.'}
              </p>
              {errors.domain ? (
                <p id="configure-domain-error" className="field-error">
                  {errors.domain}
                </p>
              ) : null}
            </div>
          ) : null}
        </Form>

        <aside className="card price-box" aria-labelledby="price-title">
          <h2 id="price-title">Your price</h2>
          {quote ? (
            <PriceBreakdown quote={quote} stale={fetcher.state !== 'idle'} error={quoteError} />
          ) : (
            <p className="field-error">{quoteError ?? 'This configuration cannot be priced.'}</p>
          )}
          <div className="price-actions">
            {hydrated ? null : (
              <button
                type="submit"
                form="configure"
                name="intent"
                value="quote"
                className="button button-secondary"
                disabled={submitting !== null}
              >
                Update price
              </button>
            )}
            <button
              type="submit"
              form="configure"
              name="intent"
              value={editing ? 'update' : 'add'}
              className="button"
              disabled={!product.isInStock || submitting !== null}
            >
              {submitting === 'add' || submitting === 'update'
                ? 'Adding…'
                : editing
                  ? 'Update item'
                  : 'Add to cart'}
            </button>
            {editing ? (
              <Link to="/cart" className="center">
                Back to the cart
              </Link>
            ) : null}
          </div>
        </aside>
      </div>
    </>
  )
}
