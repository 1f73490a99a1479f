import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listClientTickets } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { Pagination } from '~/components/pagination'
import { statusTone, ticketDate } from '~/tickets/tickets.server'

export const meta: MetaFunction = () => [{ title: 'Support tickets · Berth' }]

/** `/tickets`: the client's own tickets, most recently active first. */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const url = new URL(args.request.url)
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1)
  const list = await listClientTickets(ctx, { page })
  return {
    page: list.page,
    pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
    total: list.total,
    tickets: list.tickets.map((t) => ({
      number: t.publicNumber,
      subject: t.subject,
      department: t.departmentName,
      status: { label: t.statusLabel, tone: statusTone(t.status) },
      lastReply: ticketDate(t.lastReplyAt),
    })),
  }
}

export default function Tickets() {
  const { tickets, page, pages, total } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Support tickets</h1>
          <p className="lead">Questions you send to our support team, and their answers.</p>
        </div>
        <Link to="/tickets/new" className="button">
          Open a ticket
        </Link>
      </div>
      <section className="card flush" aria-labelledby="tickets-title">
        <h2 id="tickets-title" className="visually-hidden">
          Your tickets
        </h2>
        {tickets.length === 0 ? (
          <div className="empty">
            <p className="empty-title">You have no tickets yet</p>
            <p className="muted">Ask us anything about your services, invoices or account.</p>
            <p>
              <Link to="/tickets/new" className="button">
                Open a ticket
              </Link>
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="wide-only">
                    Department
                  </th>
                  <th scope="col" className="wide-only">
                    Last reply
                  </th>
                </tr>
              </thead>
              <tbody>
                {tickets.map((t) => (
                  <tr key={t.number}>
                    <th scope="row">
                      <Link to={`/tickets/${t.number}`}>{t.subject}</Link>
                      <span className="sub">#{t.number}</span>
                      <span className="sub narrow-only">
                        {t.department} · {t.lastReply}
                      </span>
                    </th>
                    <td>
                      <span className={`badge badge-${t.status.tone}`}>{t.status.label}</span>
                    </td>
                    <td className="wide-only">{t.department}</td>
                    <td className="nowrap wide-only">{t.lastReply}</td>
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
        href={(p) => (p > 1 ? `?page=${p}` : '/tickets')}
        label={`${total} ticket${total === 1 ? '' : 's'}`}
      />
    </>
  )
}
