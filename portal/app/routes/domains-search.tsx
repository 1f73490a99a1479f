import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { httpStatusFor, isDomainError, searchDomains, type DomainSearchResult } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import { addDomainForShop } from '~/store/shop-cart.server'
import { getShop, shopHeaders } from '~/store/shop.server'
import { moneyIn } from '~/store/view.server'

export const meta: MetaFunction = () => [{ title: 'Domain search · Berth' }]

/** A refused search's Retry-After reaches the browser (Remix sends only Set-Cookie by itself). */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers()
  const retryAfter = loaderHeaders.get('Retry-After')
  if (retryAfter) out.set('Retry-After', retryAfter)
  return out
}

const STATUS_TEXT = {
  available: 'Available',
  registered: 'Taken',
  unknown: 'Could not check, try again later',
}

/**
 * `/domains/search?q=example`: the exact name and suggestions (other TLDs, close variants), each
 * with its price in the visitor's currency and its availability. A bad name answers 422 with the
 * rule it breaks; too many searches from one address 429. Visible to visitors.
 */
export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const q = new URL(args.request.url).searchParams.get('q')
  const headers = shopHeaders(shop)
  if (q === null) return data({ q: '', error: null, result: null }, { headers })
  try {
    const [result, m] = await Promise.all([
      searchDomains(shop.ctx, { q, currency: shop.currency }),
      moneyIn(shop.ctx, shop.currency),
    ])
    const view = (r: DomainSearchResult) => ({
      name: r.unicode,
      status: r.status,
      statusText: STATUS_TEXT[r.status],
      price: r.price
        ? `${m.of(BigInt(r.price.amount))}${r.price.years > 1 ? ` for ${r.price.years} years` : '/yr'}`
        : null,
    })
    return data(
      { q, error: null, result: { exact: view(result.exact), suggestions: result.suggestions.map(view) } },
      { headers },
    )
  } catch (error) {
    if (!isDomainError(error)) throw error
    if (error.retryAfterSeconds) headers.set('Retry-After', String(error.retryAfterSeconds))
    return data(
      { q, error: error.fieldErrors().q ?? error.message, result: null },
      { status: httpStatusFor(error), headers },
    )
  }
}

/** "Add to cart" on an available name: a registration for the TLD's shortest period (years change in the cart). */
export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const shop = await getShop(args)
  if (form.get('intent') !== 'register') throw new Response('Unknown action', { status: 400 })
  const { name } = formText(form, ['name'])
  let added
  try {
    added = await addDomainForShop(shop, { action: 'register', name })
  } catch (error) {
    return refuse<'register'>(error, { intent: 'register', fields: [], values: { name } })
  }
  return redirectWithFlash('/cart', { kind: 'success', message: `${added.name} is in your cart.` }, [
    ...shop.cookies,
    ...added.cookies,
  ])
}

function AddToCart({ name, busy }: { name: string; busy: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="register" />
      <input type="hidden" name="name" value={name} />
      <button
        type="submit"
        className="button button-small"
        aria-label={`Add ${name} to cart`}
        disabled={busy}
      >
        Add to cart
      </button>
    </Form>
  )
}

function TransferLink({ name }: { name: string }) {
  return (
    <Link
      to={`/domains/transfer?name=${encodeURIComponent(name)}`}
      className="button button-secondary button-small"
      aria-label={`Transfer ${name} to us`}
    >
      Transfer
    </Link>
  )
}

function ResultAction({ name, status, busy }: { name: string; status: string; busy: boolean }) {
  if (status === 'available') return <AddToCart name={name} busy={busy} />
  if (status === 'registered') return <TransferLink name={name} />
  return null
}

export default function DomainSearch() {
  const { q, error, result } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const refusal = refusalFor<'register'>(outcome, 'register')
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <h1>Find a domain</h1>
        <p className="lead">
          Type a name with or without an extension. <Link to="/domains/pricing">See all prices</Link> or{' '}
          <Link to="/domains/transfer">transfer a domain you own</Link>.
        </p>
      </div>
      <Form method="get" role="search" className="domain-search">
        <label htmlFor="q">Domain name</label>
        <input
          id="q"
          name="q"
          defaultValue={q}
          maxLength={253}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'q-error' : undefined}
        />
        <button type="submit" className="button">
          Search
        </button>
        {error ? (
          <p id="q-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </Form>
      <FormError message={refusal ? `${refusal.values.name ?? ''}: ${refusal.formError}` : null} />
      {result ? (
        <>
          <section aria-label="Your domain" className="card domain-exact">
            <div>
              <h2>{result.exact.name}</h2>
              <p data-status={result.exact.status}>
                {result.exact.statusText}
                {result.exact.price ? ` · ${result.exact.price}` : ''}
              </p>
            </div>
            {result.exact.price || result.exact.status === 'registered' ? (
              <ResultAction name={result.exact.name} status={result.exact.status} busy={busy} />
            ) : null}
          </section>
          {result.suggestions.length ? (
            <section aria-label="Suggestions" className="card flush domain-suggestions">
              <h2 className="card-title">Suggestions</h2>
              <table className="table">
                <tbody>
                  {result.suggestions.map((s) => (
                    <tr key={s.name} data-status={s.status}>
                      <td>{s.name}</td>
                      <td>{s.statusText}</td>
                      <td>{s.price ?? '—'}</td>
                      <td>
                        {s.price || s.status === 'registered' ? (
                          <ResultAction name={s.name} status={s.status} busy={busy} />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  )
}
