import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listClientDomains } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { Pagination } from '~/components/pagination'
import { domainStatus } from '~/domains/labels'

export const meta: MetaFunction = () => [{ title: 'Domains · Berth' }]

const PAGE_SIZE = 25

/** `/domains`: the client's domains, soonest expiry first: status, expiry, auto-renew, lock. */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const raw = Number(new URL(args.request.url).searchParams.get('page') ?? '1')
  const page = Number.isSafeInteger(raw) && raw >= 1 ? raw : 1
  const [list, fmt] = await Promise.all([
    listClientDomains(ctx, { page, pageSize: PAGE_SIZE }),
    billingFormat(ctx),
  ])
  return {
    domains: list.domains.map((d) => ({
      id: d.id,
      name: d.displayName,
      ascii: d.name !== d.displayName ? d.name : null,
      status: domainStatus(d.status),
      expiry: fmt.date(d.expiryDate),
      autoRenew: d.isAutoRenew ? 'On' : 'Off',
      lock: d.isLocked ? 'Locked' : 'Unlocked',
    })),
    page: list.page,
    pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    total: list.total,
  }
}

export default function Domains() {
  const { domains, page, pages, total } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Domains</h1>
          <p className="lead">
            Your domain names. Open one for its nameservers, DNS records, lock and renewal.
          </p>
        </div>
        <div className="head-actions">
          <Link to="/domains/search" className="button button-secondary">
            Register a domain
          </Link>
          <Link to="/domains/transfer" className="button button-secondary">
            Transfer a domain
          </Link>
        </div>
      </div>
      <section className="card flush" aria-labelledby="domains-title">
        <h2 id="domains-title" className="visually-hidden">
          Your domains
        </h2>
        {domains.length === 0 ? (
          <div className="empty">
            <p className="empty-title">You have no domains yet</p>
            <p className="muted">Domains you register or transfer are listed here.</p>
            <p>
              <Link to="/domains/search" className="button">
                Find a domain
              </Link>
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col" className="wide-only">
                    Auto-renew
                  </th>
                  <th scope="col" className="wide-only">
                    Lock
                  </th>
                </tr>
              </thead>
              <tbody>
                {domains.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={`/domains/${d.id}`} className="domain">
                        {d.name}
                      </Link>
                      {d.ascii ? <span className="sub domain">{d.ascii}</span> : null}
                    </th>
                    <td>
                      <span className={`badge badge-${d.status.tone}`}>{d.status.label}</span>
                    </td>
                    <td className="nowrap">{d.expiry || '—'}</td>
                    <td className="wide-only">{d.autoRenew}</td>
                    <td className="wide-only">{d.lock}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Pagination
        page={page}
        pages={pages}
        href={(p) => (p > 1 ? `?page=${p}` : '/domains')}
        label={`${total} domain${total === 1 ? '' : 's'}`}
      />
    </>
  )
}
