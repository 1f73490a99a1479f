import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listServices } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { Pagination } from '~/components/pagination'
import { CYCLE_SUFFIX, cycleLabel, serviceStatus } from '~/store/labels'

export const meta: MetaFunction = () => [{ title: 'Services · Berth' }]

const PAGE_SIZE = 25

/** `/services`: the client's services, newest first: product, domain, status, cycle, price, next due date. */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const raw = Number(new URL(args.request.url).searchParams.get('page') ?? '1')
  const page = Number.isSafeInteger(raw) && raw >= 1 ? raw : 1
  const [list, fmt] = await Promise.all([
    listServices(ctx, { page, pageSize: PAGE_SIZE }),
    billingFormat(ctx),
  ])
  const rows = await Promise.all(
    list.services.map(async (s) => {
      const price = await fmt.moneyIn(
        s.billingCycle === 'ONE_TIME' ? s.firstPaymentAmount : s.recurringAmount,
        s.currency,
      )
      return {
        id: s.id,
        product: s.productName,
        group: s.groupName,
        domain: s.domain,
        status: serviceStatus(s.status),
        cycle: cycleLabel(s.billingCycle),
        price: `${price}${CYCLE_SUFFIX[s.billingCycle] ?? ''}`,
        nextDue: fmt.date(s.nextDueDate),
      }
    }),
  )
  return {
    services: rows,
    page: list.page,
    pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    total: list.total,
  }
}

export default function Services() {
  const { services, page, pages, total } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Services</h1>
          <p className="lead">
            Your hosting, servers and apps. Open one for its details, login, upgrades or cancellation.
          </p>
        </div>
        <Link to="/store" className="button button-secondary">
          Order more
        </Link>
      </div>
      <section className="card flush" aria-labelledby="services-title">
        <h2 id="services-title" className="visually-hidden">
          Your services
        </h2>
        {services.length === 0 ? (
          <div className="empty">
            <p className="empty-title">You have no services yet</p>
            <p className="muted">Hosting, servers and other products you order are listed here.</p>
            <p>
              <Link to="/store" className="button">
                Browse the store
              </Link>
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="wide-only">
                    Billing
                  </th>
                  <th scope="col" className="num wide-only">
                    Price
                  </th>
                  <th scope="col" className="wide-only">
                    Next due
                  </th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/services/${s.id}`}>{s.product}</Link>
                      {s.domain ? <span className="sub domain">{s.domain}</span> : null}
                      <span className="sub narrow-only">
                        {s.price}
                        {s.nextDue ? ` · due ${s.nextDue}` : ''}
                      </span>
                    </th>
                    <td>
                      <span className={`badge badge-${s.status.tone}`}>{s.status.label}</span>
                    </td>
                    <td className="wide-only">{s.cycle}</td>
                    <td className="num wide-only">{s.price}</td>
                    <td className="nowrap wide-only">{s.nextDue || '—'}</td>
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
        href={(p) => (p > 1 ? `?page=${p}` : '/services')}
        label={`${total} service${total === 1 ? '' : 's'}`}
      />
    </>
  )
}
