import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listStoreGroups } from '@berth/core'
import { CurrencySwitcher } from '~/components/currency-switcher'
import { PRODUCT_TYPE } from '~/store/labels'
import { getShop, shopHeaders } from '~/store/shop.server'
import { moneyIn, perCycle } from '~/store/view.server'

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page?.group ? `${page.group.name} · Store · Berth` : 'Store · Berth' },
]

/**
 * `/store`: the visible groups and their visible products, each with its "from" price (the
 * shortest recurring cycle offered, else the one-time price) in the visitor's chosen currency or
 * the client's own. Products without a price in that currency are not listed.
 * `/store/:group` (route id `store-group`) is the same page for one group, the link a host puts on
 * its website's "Shared hosting" page; a hidden or unknown group is a 404.
 */
export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const [all, m] = await Promise.all([
    listStoreGroups(shop.ctx.db, { currency: shop.currency }),
    moneyIn(shop.ctx, shop.currency),
  ])
  const slug = args.params.group
  const groups = slug === undefined ? all : all.filter((g) => g.slug === slug)
  if (slug !== undefined && groups.length === 0) throw new Response('Not found', { status: 404 })
  return data(
    {
      currency: shop.currency,
      group:
        slug === undefined
          ? null
          : { name: groups[0]!.name, headline: groups[0]!.headline, description: groups[0]!.description },
      currencies: shop.isClient ? [] : shop.currencies,
      groups: groups.map((g) => ({
        id: g.id,
        slug: g.slug,
        name: g.name,
        headline: g.headline,
        description: g.description,
        products: g.products.map((p) => ({
          id: p.id,
          name: p.name,
          href: `/store/${g.slug}/${p.slug}`,
          type: PRODUCT_TYPE[p.type] ?? '',
          description: p.description,
          features: p.features,
          from: perCycle(m, p.fromPrice.amount, p.fromPrice.cycle),
          setupFee: p.fromPrice.setupFee > 0n ? m.of(p.fromPrice.setupFee) : null,
          isInStock: p.isInStock,
        })),
      })),
    },
    { headers: shopHeaders(shop) },
  )
}

export default function Store() {
  const { groups, group, currency, currencies } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          {group ? (
            <p className="crumb">
              <Link to="/store">Store</Link>
            </p>
          ) : null}
          <h1>{group ? group.name : 'Store'}</h1>
          <p className="lead">
            {group
              ? (group.headline ?? group.description ?? 'Choose a plan to configure it and see its price.')
              : 'Hosting, servers and apps. Choose a plan to configure it and see its price.'}
          </p>
        </div>
        <CurrencySwitcher currencies={currencies} current={currency} />
      </div>
      {groups.length === 0 ? (
        <section className="card">
          <div className="empty">
            <p className="empty-title">Nothing is on sale right now</p>
            <p className="muted">Please come back soon, or contact us for what you need.</p>
          </div>
        </section>
      ) : (
        groups.map((g) => (
          <section key={g.id} className="store-group" aria-label={g.name} id={g.slug}>
            {group ? null : (
              <div className="store-group-head">
                <h2 id={`group-${g.slug}`}>
                  <Link to={`/store/${g.slug}`}>{g.name}</Link>
                </h2>
                {g.headline ? <p className="muted">{g.headline}</p> : null}
              </div>
            )}
            <ul className="product-grid">
              {g.products.map((p) => (
                <li key={p.id} className="card product-card">
                  <p className="product-type">{p.type}</p>
                  <h3>{p.name}</h3>
                  {p.description ? <p className="product-description">{p.description}</p> : null}
                  <p className="from-price">
                    <span className="muted">From</span> <strong>{p.from}</strong>
                    {p.setupFee ? <span className="sub">+ {p.setupFee} setup</span> : null}
                  </p>
                  {p.features.length ? (
                    <ul className="features">
                      {p.features.map((f) => (
                        <li key={f}>{f}</li>
                      ))}
                    </ul>
                  ) : null}
                  <div className="product-card-foot">
                    {p.isInStock ? (
                      <Link to={p.href} className="button" aria-label={`Configure ${p.name}`}>
                        Configure
                      </Link>
                    ) : (
                      <>
                        <span className="badge badge-muted">Out of stock</span>
                        <Link to={p.href}>Details</Link>
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  )
}
