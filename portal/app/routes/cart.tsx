import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { applyPromoCode, removeCartItem, removePromoCode, updateDomainCartItem } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { Field, SelectField, TextareaField } from '~/components/field'
import { CurrencySwitcher } from '~/components/currency-switcher'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { TotalRows } from '~/components/total-rows'
import { refusalFor } from '~/forms/form-state'
import { forwardRetryAfter } from '~/forms/headers'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import { loadCart } from '~/store/cart.server'
import { getShop, shopHeaders } from '~/store/shop.server'

type Intent = 'remove' | 'apply-promo' | 'remove-promo' | 'update-domain'

const DOMAIN_FIELDS = ['years', 'nameservers', 'eppCode', 'idProtection'] as const

export const meta: MetaFunction = () => [{ title: 'Your cart · Berth' }]
// Wrong promotion codes are throttled per IP: a 429 carries Retry-After.
export const headers = forwardRetryAfter

export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const cart = await loadCart(shop)
  return data(
    { cart: cart && !cart.isEmpty ? cart : null, currencies: shop.isClient ? [] : shop.currencies },
    { headers: shopHeaders(shop) },
  )
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const shop = await getShop(args)
  const intent = form.get('intent')
  const cart = shop.cartRef ?? {}
  if (intent === 'remove') {
    const { itemId } = formText(form, ['itemId'])
    try {
      await removeCartItem(shop.ctx, { cart, itemId })
    } catch (error) {
      return refuse<Intent>(error, { intent: 'remove', fields: [] })
    }
    return redirectWithFlash(
      '/cart',
      { kind: 'success', message: 'The item is removed from your cart.' },
      shop.cookies,
    )
  }
  if (intent === 'update-domain') {
    const values = formText(form, ['itemId', 'years', 'nameservers', 'eppCode'])
    try {
      await updateDomainCartItem(shop.ctx, {
        cart,
        itemId: values.itemId,
        years: values.years,
        nameservers: values.nameservers.split(/\r?\n/),
        idProtection: form.get('idProtection') === 'yes',
        ...(values.eppCode ? { eppCode: values.eppCode } : {}),
      })
    } catch (error) {
      return refuse<Intent>(error, {
        intent: 'update-domain',
        fields: DOMAIN_FIELDS,
        values: { itemId: values.itemId, years: values.years, nameservers: values.nameservers },
        // each nameserver line's problem is shown on the nameservers box
        mapField: (f) => (f.startsWith('nameservers.') ? 'nameservers' : f),
      })
    }
    return redirectWithFlash('/cart', { kind: 'success', message: 'The domain is updated.' }, shop.cookies)
  }
  if (intent === 'apply-promo') {
    const values = formText(form, ['promoCode'])
    let applied
    try {
      applied = await applyPromoCode(shop.ctx, { cart, code: values.promoCode })
    } catch (error) {
      return refuse<Intent>(error, {
        intent: 'apply-promo',
        fields: ['promoCode'],
        values,
        mapField: (f) => (f === 'code' ? 'promoCode' : f),
      })
    }
    return redirectWithFlash(
      '/cart',
      { kind: 'success', message: `Promotion code ${applied.code} is applied.` },
      shop.cookies,
    )
  }
  if (intent === 'remove-promo') {
    try {
      await removePromoCode(shop.ctx, { cart })
    } catch (error) {
      return refuse<Intent>(error, { intent: 'remove-promo', fields: [] })
    }
    return redirectWithFlash(
      '/cart',
      { kind: 'info', message: 'The promotion code is removed.' },
      shop.cookies,
    )
  }
  throw new Response('Unknown action', { status: 400 })
}

export default function Cart() {
  const { cart, currencies } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy =
    navigation.state === 'submitting' ? (navigation.formData?.get('intent') as Intent | null) : null
  const promoRefusal = refusalFor<Intent>(outcome, 'apply-promo')
  const otherRefusal = refusalFor<Intent>(outcome, 'remove') ?? refusalFor<Intent>(outcome, 'remove-promo')
  const domainRefusal = refusalFor<Intent>(outcome, 'update-domain')

  if (!cart) {
    return (
      <>
        <div className="page-head">
          <h1>Your cart</h1>
        </div>
        <FormError
          message={otherRefusal?.formError ?? promoRefusal?.formError ?? promoRefusal?.fieldErrors.promoCode}
        />
        <section className="card">
          <div className="empty">
            <p className="empty-title">Your cart is empty</p>
            <p className="muted">Choose a plan in the store, configure it, and it will wait for you here.</p>
            <p>
              <Link to="/store" className="button">
                Go to the store
              </Link>
            </p>
          </div>
        </section>
      </>
    )
  }

  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Your cart</h1>
          <p className="lead">
            Check your items, add a promotion code, then check out. Prices are in {cart.currency}.
          </p>
        </div>
        <div className="head-actions">
          <CurrencySwitcher currencies={currencies} current={cart.currency} />
          <Link to="/store" className="button button-secondary">
            Continue shopping
          </Link>
        </div>
      </div>
      <FormError message={otherRefusal?.formError} />

      <div className="configure-layout">
        <div>
          {cart.problems.length ? (
            <section className="card notice-card" aria-labelledby="problems-title">
              <h2 id="problems-title">Some items can no longer be ordered</h2>
              <ul className="problem-list">
                {cart.problems.map((p) => (
                  <li key={p.itemId}>
                    <span>{p.message}</span>
                    <RemoveButton itemId={p.itemId} label="Remove it" busy={busy === 'remove'} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <ul className="cart-items" aria-label="Items">
            {cart.items.map((item) => (
              <li key={item.id} className="card cart-item">
                <div className="cart-item-head">
                  <h2>
                    {item.productName}
                    {item.domain ? <span className="sub domain">{item.domain}</span> : null}
                  </h2>
                  <span className="badge badge-info">{item.cycleLabel}</span>
                </div>
                {item.options.length || item.addons.length ? (
                  <ul className="spec-list">
                    {item.options.map((o) => (
                      <li key={o.name}>
                        <span className="muted">{o.name}</span> {o.value}
                      </li>
                    ))}
                    {item.addons.map((a) => (
                      <li key={a.name}>
                        <span className="muted">Addon</span> {a.name}
                        {a.cycle !== item.cycleLabel ? ` (${a.cycle.toLowerCase()})` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <dl className="totals item-totals">
                  {item.recurring ? (
                    <div>
                      <dt>Recurring</dt>
                      <dd>{item.recurring}</dd>
                    </div>
                  ) : null}
                  {item.setupFees ? (
                    <div>
                      <dt>Setup fees</dt>
                      <dd>{item.setupFees}</dd>
                    </div>
                  ) : null}
                  {item.discount ? (
                    <div className="discount">
                      <dt>Discount</dt>
                      <dd>{item.discount}</dd>
                    </div>
                  ) : null}
                  <div className="total">
                    <dt>First payment{cart.taxCalculated && cart.taxLines.length ? ' (before tax)' : ''}</dt>
                    <dd>{item.firstPayment}</dd>
                  </div>
                </dl>
                {item.renewsOn ? <p className="muted small">Next payment due {item.renewsOn}.</p> : null}
                <div className="item-actions">
                  <Link
                    to={item.href}
                    className="button button-secondary button-small"
                    aria-label={`Edit ${item.productName}`}
                  >
                    Edit
                  </Link>
                  <RemoveButton
                    itemId={item.id}
                    label="Remove"
                    ariaLabel={`Remove ${item.productName}`}
                    busy={busy === 'remove'}
                  />
                </div>
              </li>
            ))}
            {cart.domains.map((d) => (
              <DomainItem
                key={d.id}
                domain={d}
                busy={busy}
                refusal={domainRefusal?.values.itemId === d.id ? domainRefusal : undefined}
              />
            ))}
          </ul>
        </div>

        <aside className="card price-box" aria-labelledby="summary-title">
          <h2 id="summary-title">Summary</h2>
          {cart.promoCode ? (
            <Form method="post" className="promo-applied">
              <CsrfInput />
              <input type="hidden" name="intent" value="remove-promo" />
              <p>
                Promotion <strong>{cart.promoCode}</strong>
                {cart.promoError ? null : <span className="badge badge-ok">Applied</span>}
              </p>
              {cart.promoError ? <p className="field-error">{cart.promoError}</p> : null}
              <button type="submit" className="button-link link-like" disabled={busy === 'remove-promo'}>
                Remove code
              </button>
            </Form>
          ) : (
            <Form method="post" noValidate className="promo-form" aria-labelledby="promo-title">
              <CsrfInput />
              <input type="hidden" name="intent" value="apply-promo" />
              <FormError message={promoRefusal?.formError} />
              <Field
                form="promo"
                name="promoCode"
                label="Promotion code"
                required={false}
                autoComplete="off"
                maxLength={40}
                defaultValue={promoRefusal?.values.promoCode}
                error={promoRefusal?.fieldErrors.promoCode}
              />
              <button type="submit" className="button button-secondary" disabled={busy === 'apply-promo'}>
                {busy === 'apply-promo' ? 'Applying…' : 'Apply'}
              </button>
            </Form>
          )}
          <dl className="totals">
            <TotalRows
              subtotal={cart.subtotal}
              taxLines={cart.taxLines}
              taxIncluded={cart.taxIncluded}
              dueToday={cart.total}
              dueTodayTestId="cart-total"
            />
          </dl>
          {cart.taxCalculated ? null : (
            <p className="field-hint">Tax, if any, is added at checkout once we know your address.</p>
          )}
          {cart.canCheckout ? (
            <Link to="/checkout" className="button button-block">
              Check out
            </Link>
          ) : (
            <p className="field-hint">Remove the items that can no longer be ordered to check out.</p>
          )}
        </aside>
      </div>
    </>
  )
}

type CartLoader = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['cart']>

/** A domain registration or transfer in the cart: its period, nameservers, ID protection and EPP code. */
function DomainItem({
  domain: d,
  busy,
  refusal,
}: {
  domain: CartLoader['domains'][number]
  busy: Intent | null
  refusal: ReturnType<typeof refusalFor<Intent>>
}) {
  const form = `domain-${d.id}`
  return (
    <li className="card cart-item" aria-label={`${d.title} ${d.name}`}>
      <div className="cart-item-head">
        <h2>
          {d.title}
          <span className="sub domain">{d.name}</span>
        </h2>
        <span className="badge badge-info">{d.years === 1 ? '1 year' : `${d.years} years`}</span>
      </div>
      <Form method="post" noValidate className="domain-item-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="update-domain" />
        <input type="hidden" name="itemId" value={d.id} />
        <FormError message={refusal?.formError} />
        <SelectField
          form={form}
          name="years"
          label="Period"
          options={d.yearOptions.map((o) => ({ value: String(o.years), label: o.label }))}
          defaultValue={refusal?.values.years ?? String(d.years)}
          error={refusal?.fieldErrors.years}
        />
        <TextareaField
          form={form}
          name="nameservers"
          label="Nameservers"
          required={false}
          rows={3}
          hint="One per line. Leave empty to use ours; you can change them once the domain is yours."
          defaultValue={refusal?.values.nameservers ?? d.nameservers}
          error={refusal?.fieldErrors.nameservers}
        />
        {d.action === 'transfer' ? (
          <Field
            form={form}
            name="eppCode"
            label={d.hasEppCode ? 'New EPP code' : 'EPP code'}
            required={!d.hasEppCode}
            autoComplete="off"
            maxLength={255}
            hint={d.hasEppCode ? 'We have the code you gave. Enter a new one only to replace it.' : undefined}
            error={refusal?.fieldErrors.eppCode}
          />
        ) : null}
        {d.isIdProtectionOffered ? (
          <label className="checkbox">
            <input type="checkbox" name="idProtection" value="yes" defaultChecked={d.idProtection} />
            <span>ID protection (hides your contact details in WHOIS)</span>
          </label>
        ) : null}
        <dl className="totals item-totals">
          <div className="total">
            <dt>Price</dt>
            <dd>{d.price}</dd>
          </div>
        </dl>
        {d.renews ? <p className="muted small">{d.renews}.</p> : null}
        <div className="item-actions">
          <button
            type="submit"
            className="button button-secondary button-small"
            aria-label={`Update ${d.name}`}
            disabled={busy === 'update-domain'}
          >
            Update
          </button>
        </div>
      </Form>
      <div className="item-actions">
        <RemoveButton itemId={d.id} label="Remove" ariaLabel={`Remove ${d.name}`} busy={busy === 'remove'} />
      </div>
    </li>
  )
}

function RemoveButton({
  itemId,
  label,
  ariaLabel,
  busy,
}: {
  itemId: string
  label: string
  ariaLabel?: string
  busy: boolean
}) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="itemId" value={itemId} />
      <button
        type="submit"
        className="button button-secondary button-small button-danger"
        aria-label={ariaLabel}
        disabled={busy}
      >
        {label}
      </button>
    </Form>
  )
}
