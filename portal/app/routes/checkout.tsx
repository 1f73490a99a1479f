import { randomUUID } from 'node:crypto'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useState, type FormEvent } from 'react'
import {
  checkout,
  countryName,
  getAccount,
  isDomainError,
  listCheckoutPaymentMethods,
  type CheckoutResult,
} from '@berth/core'
import { startUserSessionWithToken } from '~/auth/authenticator.server'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { isHoneypotFilled } from '~/auth/honeypot.server'
import { CsrfInput, HoneypotInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { REGISTRATION_FIELDS, RegistrationFields } from '~/components/registration-fields'
import { useFocusFirstError } from '~/components/use-focus-error'
import { TotalRows } from '~/components/total-rows'
import { countrySelectOptions } from '~/forms/countries.server'
import { formText } from '~/forms/form-values'
import { forwardRetryAfter } from '~/forms/headers'
import { refuse, refuseQuietly } from '~/forms/refusal.server'
import { loadCart } from '~/store/cart.server'
import { payOrder } from '~/store/checkout.server'
import { clearCartCookie } from '~/store/cookies.server'
import { clientCtx, getShop, shopHeaders, type Shop } from '~/store/shop.server'
import type { CartView } from '~/store/view.server'

export const meta: MetaFunction = () => [{ title: 'Checkout · Berth' }]
// Visitors' checkouts are throttled per IP: a 429 carries Retry-After.
export const headers = forwardRetryAfter

const FIELDS = [...REGISTRATION_FIELDS, 'acceptTerms', 'paymentMethod'] as const

interface PaymentChoice {
  id: string
  label: string
  hint: string | null
  isDemoOnly: boolean
}

/**
 * How the order can be paid, as core lists it (listCheckoutPaymentMethods decides which methods,
 * bank transfer only when no gateway is enabled); this only words each one for the page.
 */
async function paymentChoices(shop: Shop, cart: CartView): Promise<PaymentChoice[]> {
  const methods = await listCheckoutPaymentMethods(shop.ctx, {
    currency: cart.currency,
    total: BigInt(cart.totalMinor),
  })
  return methods.map((method): PaymentChoice => {
    if (method.kind === 'credit')
      return {
        id: method.id,
        label: 'Account credit',
        hint: 'Your credit covers this order: it is paid at once.',
        isDemoOnly: false,
      }
    if (method.kind === 'manual')
      return {
        id: method.id,
        label: 'Bank transfer',
        hint: 'We email you the invoice with our bank details.',
        isDemoOnly: false,
      }
    const label = method.isDemoOnly
      ? method.displayName
      : method.id === 'stripe'
        ? `Card (${method.displayName})`
        : method.displayName
    const hint = method.isDemoOnly
      ? 'For trying Berth out: no real money is taken.'
      : method.isTestMode
        ? 'Test mode: no real money is charged.'
        : null
    return { id: method.id, label, hint, isDemoOnly: method.isDemoOnly }
  })
}

export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const cart = await loadCart(shop)
  if (!cart || !cart.canCheckout) throw redirect('/cart', { headers: shopHeaders(shop) })
  const account = shop.isClient ? await getAccount(shop.ctx) : null
  return data(
    {
      cart,
      payment: await paymentChoices(shop, cart),
      account: account
        ? {
            name: `${account.firstName} ${account.lastName}`,
            email: account.email,
            company: account.companyName,
            address: [
              account.address1,
              account.address2,
              [account.postcode, account.city].filter(Boolean).join(' '),
              account.state,
              countryName(account.country),
            ].filter((l): l is string => !!l),
          }
        : null,
      countries: account ? [] : countrySelectOptions(),
      // One per rendering of the form: the same key twice (a double submit) makes one order.
      idempotencyKey: randomUUID(),
    },
    { headers: shopHeaders(shop) },
  )
}

type Refusal = {
  ok: false
  intent: null
  formError: string | null
  fieldErrors: Record<string, string>
  values: Record<string, string>
  cart?: CartView
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const shop = await getShop(args)
  if (!shop.isClient && isHoneypotFilled(form)) return refuseQuietly()
  const v = formText(form, [...REGISTRATION_FIELDS, 'paymentMethod', 'expectedTotal', 'idempotencyKey'])
  const { password: _password, ...rest } = v
  const values: Record<string, string> = {
    ...rest,
    acceptTerms: form.get('acceptTerms') === 'yes' ? 'yes' : '',
  }
  const newClient = Object.fromEntries(REGISTRATION_FIELDS.map((f) => [f, v[f]]))
  let result: CheckoutResult
  try {
    result = await checkout(shop.ctx, {
      cart: shop.cartRef ?? {},
      ...(shop.isClient ? {} : { newClient }),
      acceptTerms: form.get('acceptTerms') === 'yes',
      paymentMethod: v.paymentMethod,
      expectedTotal: v.expectedTotal,
      idempotencyKey: v.idempotencyKey,
    })
  } catch (error) {
    const answer = refuse(error, { fields: FIELDS, values })
    // A visitor's tax depends on the address typed here: show the cart priced for it, so the
    // next submit sends the total that is now shown.
    const cart = shop.isClient
      ? await loadCart(shop)
      : await loadCart(shop, { country: v.country || undefined, state: v.state || undefined }).catch(() =>
          loadCart(shop),
        )
    const body: Refusal = { ...(answer.data as Refusal), ...(cart ? { cart } : {}) }
    if (isDomainError(error) && error.code === 'PRICE_CHANGED' && cart) {
      body.formError =
        !shop.isClient && cart.taxLines.length
          ? `With tax for your address the total is ${cart.total}. Please check it and place your order again.`
          : `The total is now ${cart.total}: prices changed since you opened this page. Please check your order and place it again.`
    }
    return data(body, {
      status: answer.init?.status ?? 422,
      ...(answer.init?.headers ? { headers: answer.init.headers } : {}),
    })
  }

  const cookies = [...shop.cookies]
  if (!shop.isClient) {
    cookies.push(await clearCartCookie())
    if (!result.userId) {
      // The same form sent twice: the first answer logged the new client in, this one cannot.
      return redirectWithFlash(
        `/login?${new URLSearchParams({ redirectTo: `/orders/${result.orderId}` })}`,
        {
          kind: 'info',
          message: `Your order ${result.orderNumber} is placed. Log in with the account you just created to see it and pay for it.`,
        },
        cookies,
      )
    }
    const session = await startUserSessionWithToken(shop.ctx, args.request, result.userId)
    cookies.push(session.cookie)
    const ctx = clientCtx(shop.ctx, {
      userId: result.userId,
      clientId: result.clientId,
      email: v.email.trim(),
    })
    return payOrder(ctx, session.token, result, v.paymentMethod, cookies)
  }
  if (shop.auth.principal === null) throw new Error('unreachable')
  return payOrder(shop.ctx, shop.auth.sessionToken, result, v.paymentMethod, cookies)
}

export default function Checkout() {
  const loaded = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as Refusal | undefined
  const refusal = answer && !answer.ok ? answer : undefined
  const errors = refusal?.fieldErrors ?? {}
  const values = refusal?.values ?? {}
  const summary = useFetcher<{ ok: true; cart: CartView } | { ok: false }>()
  const live = summary.data?.ok ? summary.data.cart : null
  const cart = live ?? refusal?.cart ?? loaded.cart
  const busy = useNavigation().state === 'submitting'
  const formRef = useFocusFirstError(refusal)
  const [method, setMethod] = useState(values.paymentMethod || loaded.payment[0]?.id || '')

  // A visitor's tax follows the country and state typed: ask for the cart priced for them.
  function addressChanged(event: FormEvent<HTMLFormElement>) {
    if (loaded.account) return
    const target = event.target as HTMLInputElement | HTMLSelectElement
    if (target.name !== 'country' && target.name !== 'state') return
    const data = new FormData(event.currentTarget)
    const country = String(data.get('country') ?? '')
    if (!/^[A-Z]{2}$/.test(country)) return
    summary.load(
      `/checkout/summary?${new URLSearchParams({ country, state: String(data.get('state') ?? '') })}`,
    )
  }

  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/cart">Cart</Link>
        </p>
        <h1>Checkout</h1>
        <p className="lead">
          {loaded.account
            ? 'Check your order, choose how to pay, and place it.'
            : 'Create your account, choose how to pay, and place your order.'}
        </p>
      </div>
      <div className="configure-layout">
        <Form method="post" noValidate className="form" id="checkout" ref={formRef} onChange={addressChanged}>
          <CsrfInput />
          <input type="hidden" name="idempotencyKey" value={loaded.idempotencyKey} />
          <input type="hidden" name="expectedTotal" value={cart.totalMinor} />
          <FormError message={refusal?.formError} />

          <section className="card" aria-labelledby="details-title">
            <h2 id="details-title">Your details</h2>
            {loaded.account ? (
              <div className="account-box">
                <address>
                  <strong>{loaded.account.name}</strong>
                  {loaded.account.company ? <span>{loaded.account.company}</span> : null}
                  {loaded.account.address.map((l) => (
                    <span key={l}>{l}</span>
                  ))}
                  <span className="muted">{loaded.account.email}</span>
                </address>
                <p className="muted small">
                  Not right? <Link to="/account">Update your details</Link> before you order: invoices use
                  them.
                </p>
              </div>
            ) : (
              <>
                <p className="muted">
                  Already a client?{' '}
                  <Link to={`/login?${new URLSearchParams({ redirectTo: '/checkout' })}`}>Log in</Link> and
                  your cart comes with you.
                </p>
                <HoneypotInput />
                <RegistrationFields
                  form="checkout"
                  countries={loaded.countries}
                  values={values}
                  errors={errors}
                />
              </>
            )}
          </section>

          <section className="card" aria-labelledby="pay-title">
            <h2 id="pay-title">Payment method</h2>
            <fieldset aria-describedby={errors.paymentMethod ? 'checkout-paymentMethod-error' : undefined}>
              <legend className="visually-hidden">How do you want to pay?</legend>
              <div className="choice-cards stacked">
                {loaded.payment.map((p) => (
                  <label key={p.id} className={`choice-card${p.isDemoOnly ? ' is-demo' : ''}`}>
                    <input
                      type="radio"
                      name="paymentMethod"
                      value={p.id}
                      checked={method === p.id}
                      onChange={() => setMethod(p.id)}
                      aria-invalid={errors.paymentMethod ? true : undefined}
                    />
                    <span className="choice-card-body">
                      <strong>{p.label}</strong>
                      {p.hint ? <span className="sub">{p.hint}</span> : null}
                    </span>
                  </label>
                ))}
              </div>
              {errors.paymentMethod ? (
                <p id="checkout-paymentMethod-error" className="field-error">
                  {errors.paymentMethod}
                </p>
              ) : null}
            </fieldset>
          </section>

          <section className="card" aria-labelledby="terms-title">
            <h2 id="terms-title" className="visually-hidden">
              Terms
            </h2>
            <div className="field">
              <label className="check-row">
                <input
                  id="checkout-acceptTerms"
                  type="checkbox"
                  name="acceptTerms"
                  value="yes"
                  defaultChecked={values.acceptTerms === 'yes'}
                  required
                  aria-invalid={errors.acceptTerms ? true : undefined}
                  aria-describedby={errors.acceptTerms ? 'checkout-acceptTerms-error' : undefined}
                />
                <span>I accept the terms of service</span>
              </label>
              {errors.acceptTerms ? (
                <p id="checkout-acceptTerms-error" className="field-error">
                  {errors.acceptTerms}
                </p>
              ) : null}
            </div>
          </section>
        </Form>

        <aside className="card price-box" aria-labelledby="order-title">
          <h2 id="order-title">Your order</h2>
          <ul className="order-lines">
            {cart.items.map((i) => (
              <li key={i.id}>
                <span>
                  <strong>{i.productName}</strong>
                  <span className="sub">
                    {[i.domain, i.cycleLabel].filter(Boolean).join(' · ')}
                    {i.recurring ? ` · ${i.recurring}` : ''}
                  </span>
                </span>
                <span className="num">{i.firstPayment}</span>
              </li>
            ))}
            {cart.domains.map((d) => (
              <li key={d.id}>
                <span>
                  <strong>{d.title}</strong>
                  <span className="sub">
                    {d.name} · {d.years === 1 ? '1 year' : `${d.years} years`}
                  </span>
                </span>
                <span className="num">{d.price}</span>
              </li>
            ))}
          </ul>
          <dl className="totals">
            {cart.promoCode && !cart.promoError ? (
              <div className="discount">
                <dt>Promotion</dt>
                <dd>{cart.promoCode}</dd>
              </div>
            ) : null}
            <TotalRows
              subtotal={cart.subtotal}
              taxLines={cart.taxLines}
              taxIncluded={cart.taxIncluded}
              dueToday={cart.total}
              dueTodayTestId="checkout-total"
            />
          </dl>
          {cart.taxCalculated ? null : (
            <p className="field-hint">
              Tax, if any, is added for your country: you see the total before you place the order.
            </p>
          )}
          {cart.promoError ? (
            <p className="field-error">
              Promotion {cart.promoCode}: {cart.promoError}
            </p>
          ) : null}
          <button
            type="submit"
            form="checkout"
            className="button button-block"
            disabled={busy || summary.state !== 'idle'}
          >
            {busy ? 'Placing your order…' : `Place order · ${cart.total}`}
          </button>
          <p className="field-hint center">
            <Link to="/cart">Change the cart</Link>
          </p>
        </aside>
      </div>
    </>
  )
}
