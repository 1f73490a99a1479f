import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import {
  getCreditBalance,
  getDashboardSummary,
  latestAnnouncements,
  listClientTickets,
  listInvoices,
  listServices,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { StatusBadge } from '~/components/status-badge'
import { VerifyBanner } from '~/components/verify-banner'
import { longDate } from '~/kb/kb.server'
import { refusalFor } from '~/forms/form-state'
import { forwardRetryAfter } from '~/forms/headers'
import { RESEND_INTENT } from '~/forms/intents'
import { resendVerificationIntent } from '~/forms/resend-verification.server'
import { serviceStatus } from '~/store/labels'

export const headers = forwardRetryAfter

export const meta: MetaFunction = () => [{ title: 'Dashboard · Berth' }]

export async function loader(args: LoaderFunctionArgs) {
  const { principal, ctx } = await requireUser(args)
  const [summary, unpaid, credit, fmt, services] = await Promise.all([
    getDashboardSummary(ctx),
    listInvoices(ctx, { filter: 'unpaid', pageSize: 5 }),
    getCreditBalance(ctx),
    billingFormat(ctx),
    listServices(ctx, { pageSize: 5 }),
  ])
  const news = await latestAnnouncements(ctx.db, 2)
  const recentTickets = await listClientTickets(ctx, { filter: 'active' })
  return {
    announcements: news.map((a) => ({ title: a.title, slug: a.slug, publishedAt: longDate(a.publishedAt) })),
    firstName: principal.firstName,
    email: principal.email,
    emailVerified: principal.emailVerified,
    summary,
    credit: fmt.money(credit.balance, credit.currency),
    tickets: recentTickets.tickets.slice(0, 5).map((t) => ({
      number: t.publicNumber,
      subject: t.subject,
      status: t.statusLabel,
    })),
    services: {
      total: services.total,
      items: services.services.map((sv) => ({
        id: sv.id,
        product: sv.productName,
        domain: sv.domain,
        status: serviceStatus(sv.status),
      })),
    },
    unpaid: {
      total: unpaid.total,
      items: unpaid.items.map((inv) => ({
        id: inv.id,
        number: inv.number ?? '—',
        due: fmt.date(inv.dueDate),
        balance: fmt.money(inv.balance, inv.currency),
        status: inv.displayStatus,
      })),
    },
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await requireUser(args)
  if (form.get('intent') === RESEND_INTENT) return resendVerificationIntent(auth, '/')
  throw new Response('Unknown action', { status: 400 })
}

export default function Dashboard() {
  const { firstName, email, emailVerified, summary, credit, unpaid, services, announcements, tickets } =
    useLoaderData<typeof loader>()
  const refusal = refusalFor(useActionData<typeof action>(), RESEND_INTENT)
  // The services tile counts active services only and says what else there is (pending, suspended).
  const otherServices = [
    summary.pendingServices ? `${summary.pendingServices} pending` : '',
    summary.suspendedServices ? `${summary.suspendedServices} suspended` : '',
  ]
    .filter(Boolean)
    .join(' · ')
  const tiles: { label: string; value: string | number; note?: string; to?: string }[] = [
    {
      label: 'Active services',
      value: summary.activeServices,
      note: otherServices || undefined,
      to: summary.serviceCount ? '/services' : '/store',
    },
    { label: 'Unpaid invoices', value: unpaid.total, to: '/invoices?filter=unpaid' },
    { label: 'Account credit', value: credit, to: '/billing/transactions' },
    { label: 'Open tickets', value: summary.openTickets, to: '/tickets' },
    { label: 'Active domains', value: summary.activeDomains },
  ]
  return (
    <>
      <div className="page-head">
        <h1>Hello, {firstName}</h1>
        <p className="lead">Here is where your account stands.</p>
      </div>
      {emailVerified ? null : <VerifyBanner email={email} error={refusal?.formError} back="/?index" />}
      <ul className="tiles" aria-label="Summary">
        {tiles.map((t) => (
          <li key={t.label} className={t.to ? 'tile tile-link' : 'tile'}>
            {t.to ? (
              <Link to={t.to}>
                <span className="tile-value">{t.value}</span>
                <span className="tile-label">{t.label}</span>
                {t.note ? <span className="tile-note">{t.note}</span> : null}
              </Link>
            ) : (
              <>
                <span className="tile-value">{t.value}</span>
                <span className="tile-label">{t.label}</span>
                {t.note ? <span className="tile-note">{t.note}</span> : null}
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="columns">
        <InvoicesPanel count={summary.invoiceCount} unpaid={unpaid} />
        <ServicesPanel services={services} />
        <TicketsPanel count={summary.ticketCount} tickets={tickets} />
      </div>
      {announcements.length ? (
        <section className="card panel" aria-labelledby="panel-announcements">
          <h2 id="panel-announcements">Announcements</h2>
          <ul>
            {announcements.map((a) => (
              <li key={a.slug}>
                <Link to={`/announcements/${a.slug}`}>{a.title}</Link>{' '}
                <span className="muted">{a.publishedAt}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/announcements">All announcements</Link>
          </p>
        </section>
      ) : null}
      <p className="muted">
        Need to update your address or password? Go to <Link to="/account">your account</Link>.
      </p>
    </>
  )
}

function InvoicesPanel({
  count,
  unpaid,
}: {
  count: number
  unpaid: {
    total: number
    items: { id: string; number: string; due: string; balance: string; status: string }[]
  }
}) {
  return (
    <section className="card panel" aria-labelledby="panel-invoices">
      <h2 id="panel-invoices">Invoices</h2>
      {count === 0 ? (
        <div className="empty">
          <p className="empty-title">You have no invoices yet</p>
          <p className="muted">Invoices for your services appear here when they are issued.</p>
          <p>
            <Link to="/billing/add-funds">Add funds</Link> to pay them with account credit.
          </p>
        </div>
      ) : unpaid.total === 0 ? (
        <div className="empty">
          <p className="empty-title">Everything is paid</p>
          <p>
            <Link to="/invoices">See all your invoices</Link>
          </p>
        </div>
      ) : (
        <>
          <ul className="mini-list">
            {unpaid.items.map((inv) => (
              <li key={inv.id}>
                <Link to={`/invoices/${inv.id}`}>{inv.number}</Link>
                <span className="muted">due {inv.due}</span>
                <StatusBadge status={inv.status} />
                <strong className="mini-amount">{inv.balance}</strong>
              </li>
            ))}
          </ul>
          <p className="panel-foot">
            <Link to="/invoices?filter=unpaid">
              {unpaid.total > unpaid.items.length ? `All ${unpaid.total} unpaid invoices` : 'Unpaid invoices'}
            </Link>{' '}
            · <Link to="/invoices">All invoices</Link>
          </p>
        </>
      )}
    </section>
  )
}

function ServicesPanel({
  services,
}: {
  services: {
    total: number
    items: { id: string; product: string; domain: string | null; status: { label: string; tone: string } }[]
  }
}) {
  return (
    <section className="card panel" aria-labelledby="panel-services">
      <h2 id="panel-services">Services</h2>
      {services.total === 0 ? (
        <div className="empty">
          <p className="empty-title">You have no services yet</p>
          <p className="muted">Hosting, servers and other products you order will be listed here.</p>
          <p>
            <Link to="/store">Browse the store</Link>
          </p>
        </div>
      ) : (
        <>
          <ul className="mini-list">
            {services.items.map((sv) => (
              <li key={sv.id}>
                <span>
                  <Link to={`/services/${sv.id}`}>{sv.product}</Link>
                  {sv.domain ? <span className="sub domain">{sv.domain}</span> : null}
                </span>
                <span className={`badge badge-${sv.status.tone} mini-amount`}>{sv.status.label}</span>
              </li>
            ))}
          </ul>
          <p className="panel-foot">
            <Link to="/services">
              {services.total > services.items.length ? `All ${services.total} services` : 'All services'}
            </Link>{' '}
            · <Link to="/store">Order more</Link>
          </p>
        </>
      )}
    </section>
  )
}

function TicketsPanel({
  count,
  tickets,
}: {
  count: number
  tickets: { number: string; subject: string; status: string }[]
}) {
  return (
    <section className="card panel" aria-labelledby="panel-support-tickets">
      <h2 id="panel-support-tickets">Support tickets</h2>
      {count === 0 ? (
        <div className="empty">
          <p className="empty-title">You have no tickets yet</p>
          <p className="muted">Questions you send to our support team show up here with their replies.</p>
          <p>
            <Link to="/tickets/new">Open a ticket</Link>
          </p>
        </div>
      ) : (
        <>
          {tickets.length ? (
            <ul>
              {tickets.map((t) => (
                <li key={t.number}>
                  <Link to={`/tickets/${t.number}`}>{t.subject}</Link>{' '}
                  <span className="muted">{t.status}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No open tickets.</p>
          )}
          <p>
            <Link to="/tickets">All tickets</Link> · <Link to="/tickets/new">Open a ticket</Link>
          </p>
        </>
      )}
    </section>
  )
}
