import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { hasBalanceDue, listInvoices } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { INVOICE_FILTERS, type InvoiceFilter } from '~/billing/labels'
import { Pagination } from '~/components/pagination'
import { StatusBadge } from '~/components/status-badge'

export const meta: MetaFunction = () => [{ title: 'Invoices · Berth' }]

const PAGE_SIZE = 25

function readFilter(value: string | null): InvoiceFilter {
  return INVOICE_FILTERS.some((f) => f.value === value) ? (value as InvoiceFilter) : 'all'
}

function readPage(value: string | null): number {
  const n = Number(value)
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1
}

export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const url = new URL(args.request.url)
  const filter = readFilter(url.searchParams.get('filter'))
  const page = readPage(url.searchParams.get('page'))
  const [list, fmt] = await Promise.all([
    listInvoices(ctx, { filter, page, pageSize: PAGE_SIZE }),
    billingFormat(ctx),
  ])
  return {
    filter,
    page,
    pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    total: list.total,
    invoices: list.items.map((inv) => ({
      id: inv.id,
      number: inv.number ?? '—',
      isAddFunds: inv.kind === 'ADD_FUNDS',
      issued: fmt.date(inv.issueDate),
      due: fmt.date(inv.dueDate),
      total: fmt.money(inv.total, inv.currency),
      balance: fmt.money(inv.balance, inv.currency),
      hasBalance: hasBalanceDue(inv),
      status: inv.displayStatus,
    })),
  }
}

const EMPTY: Record<InvoiceFilter, { title: string; hint: string }> = {
  all: {
    title: 'You have no invoices yet',
    hint: 'Invoices for your services appear here when they are issued.',
  },
  unpaid: { title: 'Nothing to pay', hint: 'You have no unpaid invoices. Thank you!' },
  paid: { title: 'No paid invoices yet', hint: 'Invoices you have paid are listed here.' },
}

export default function Invoices() {
  const { filter, page, pages, total, invoices } = useLoaderData<typeof loader>()
  const query = (p: number) =>
    `?${new URLSearchParams({ ...(filter === 'all' ? {} : { filter }), ...(p > 1 ? { page: String(p) } : {}) })}`
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Invoices</h1>
          <p className="lead">
            Your invoices, newest first. Open one to see its details, download it or pay it.
          </p>
        </div>
        <Link to="/billing/add-funds" className="button button-secondary">
          Add funds
        </Link>
      </div>

      <nav aria-label="Show invoices" className="segmented">
        {INVOICE_FILTERS.map((f) => (
          <Link
            key={f.value}
            to={f.value === 'all' ? '/invoices' : `/invoices?filter=${f.value}`}
            aria-current={f.value === filter ? 'page' : undefined}
          >
            {f.label}
          </Link>
        ))}
      </nav>

      <section className="card flush" aria-labelledby="invoices-title">
        <h2 id="invoices-title" className="visually-hidden">
          {INVOICE_FILTERS.find((f) => f.value === filter)!.label} invoices
        </h2>
        {invoices.length === 0 ? (
          <div className="empty">
            <p className="empty-title">{EMPTY[filter].title}</p>
            <p className="muted">{EMPTY[filter].hint}</p>
            {filter === 'all' ? (
              <p>
                <Link to="/billing/add-funds">Add funds to your account</Link> to pay future invoices with
                credit.
              </p>
            ) : (
              <p>
                <Link to="/invoices">See all invoices</Link>
              </p>
            )}
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col" className="wide-only">
                    Issued
                  </th>
                  <th scope="col" className="wide-only">
                    Due
                  </th>
                  <th scope="col" className="num wide-only">
                    Total
                  </th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((inv) => (
                  <tr key={inv.id}>
                    <th scope="row" className="nowrap">
                      <Link to={`/invoices/${inv.id}`}>{inv.number}</Link>
                      {inv.isAddFunds ? <span className="tag">Add funds</span> : null}
                      <span className="sub narrow-only">Due {inv.due}</span>
                    </th>
                    <td className="nowrap wide-only">{inv.issued}</td>
                    <td className="nowrap wide-only">{inv.due}</td>
                    <td className="num wide-only">{inv.total}</td>
                    <td className="num">{inv.hasBalance ? <strong>{inv.balance}</strong> : inv.balance}</td>
                    <td>
                      <StatusBadge status={inv.status} />
                    </td>
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
        href={query}
        label={`${total} invoice${total === 1 ? '' : 's'}`}
      />
    </>
  )
}
