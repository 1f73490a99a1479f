import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listTldPricing, type TldPricingSort } from '@berth/core'
import { CurrencySwitcher } from '~/components/currency-switcher'
import { getShop, shopHeaders } from '~/store/shop.server'
import { moneyIn } from '~/store/view.server'

export const meta: MetaFunction = () => [{ title: 'Domain pricing · Berth' }]

const SORTS: readonly TldPricingSort[] = ['tld', 'register', 'transfer', 'renew']

/**
 * `/domains/pricing`: every enabled TLD with its register, transfer and renew price for its minimum
 * period, in the visitor's chosen currency (the store's currency cookie) or the client's own,
 * sortable by column with `?sort=register&dir=desc`. Visible to visitors.
 */
export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const url = new URL(args.request.url)
  const sortParam = url.searchParams.get('sort') ?? 'tld'
  const sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as TldPricingSort) : 'tld'
  const dir = url.searchParams.get('dir') === 'desc' ? 'desc' : 'asc'
  const [rows, m] = await Promise.all([
    listTldPricing(shop.ctx.db, shop.currency, sort, dir),
    moneyIn(shop.ctx, shop.currency),
  ])
  const show = (amount: string | null) => (amount === null ? null : m.of(BigInt(amount)))
  return data(
    {
      currency: shop.currency,
      currencies: shop.isClient ? [] : shop.currencies,
      sort,
      dir,
      rows: rows.map((r) => ({
        tld: `.${r.tldUnicode}`,
        isFeatured: r.isFeatured,
        years: r.years,
        register: show(r.register),
        transfer: show(r.transfer),
        renew: show(r.renew),
      })),
    },
    { headers: shopHeaders(shop) },
  )
}

const LABELS: Record<TldPricingSort, string> = {
  tld: 'Extension',
  register: 'Register',
  transfer: 'Transfer',
  renew: 'Renew',
}

export default function DomainPricing() {
  const { rows, currency, currencies, sort, dir } = useLoaderData<typeof loader>()
  const href = (column: TldPricingSort) =>
    `/domains/pricing?sort=${column}&dir=${sort === column && dir === 'asc' ? 'desc' : 'asc'}`
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Domain pricing</h1>
          <p className="lead">
            Prices in {currency}. <Link to="/domains/search">Search for a domain</Link>
          </p>
        </div>
        <CurrencySwitcher currencies={currencies} current={currency} />
      </div>
      {rows.length === 0 ? (
        <p>No domain extensions are on sale in {currency} at the moment.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              {SORTS.map((column) => (
                <th
                  key={column}
                  scope="col"
                  aria-sort={sort === column ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <Link to={href(column)}>{LABELS[column]}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.tld}>
                <td>
                  {r.tld}
                  {r.isFeatured ? <span className="badge"> Popular</span> : null}
                  {r.years > 1 ? <small> (minimum {r.years} years)</small> : null}
                </td>
                <td>{r.register ?? '—'}</td>
                <td>{r.transfer ?? '—'}</td>
                <td>{r.renew ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
