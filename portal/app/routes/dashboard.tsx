import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDashboardSummary } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { requireUser } from '~/auth/principal.server'
import { VerifyBanner } from '~/components/verify-banner'
import { refusalFor } from '~/forms/form-state'
import { forwardRetryAfter } from '~/forms/headers'
import { RESEND_INTENT } from '~/forms/intents'
import { resendVerificationIntent } from '~/forms/resend-verification.server'

export const headers = forwardRetryAfter

export const meta: MetaFunction = () => [{ title: 'Dashboard · Berth' }]

export async function loader(args: LoaderFunctionArgs) {
  const { principal, ctx } = await requireUser(args)
  const summary = await getDashboardSummary(ctx)
  return { firstName: principal.firstName, email: principal.email, emailVerified: principal.emailVerified, summary }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await requireUser(args)
  if (form.get('intent') === RESEND_INTENT) return resendVerificationIntent(auth, '/')
  throw new Response('Unknown action', { status: 400 })
}

export default function Dashboard() {
  const { firstName, email, emailVerified, summary } = useLoaderData<typeof loader>()
  const refusal = refusalFor(useActionData<typeof action>(), RESEND_INTENT)
  const tiles = [
    { label: 'Active services', value: summary.activeServices },
    { label: 'Unpaid invoices', value: summary.unpaidInvoices },
    { label: 'Open tickets', value: summary.openTickets },
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
          <li key={t.label} className="tile">
            <span className="tile-value">{t.value}</span>
            <span className="tile-label">{t.label}</span>
          </li>
        ))}
      </ul>
      <div className="columns">
        <Panel title="Invoices" count={summary.invoiceCount} empty="You have no invoices yet" hint="Invoices for your services appear here when they are issued." />
        <Panel title="Services" count={summary.serviceCount} empty="You have no services yet" hint="Hosting, servers and other products you order will be listed here." />
        <Panel title="Support tickets" count={summary.ticketCount} empty="You have no tickets yet" hint="Questions you send to our support team show up here with their replies." />
      </div>
      <p className="muted">Need to update your address or password? Go to <Link to="/account">your account</Link>.</p>
    </>
  )
}

function Panel({ title, count, empty, hint }: { title: string; count: number; empty: string; hint: string }) {
  const id = `panel-${title.toLowerCase().replace(/\s+/g, '-')}`
  return (
    <section className="card panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {count === 0 ? (
        <div className="empty">
          <p className="empty-title">{empty}</p>
          <p className="muted">{hint}</p>
        </div>
      ) : (
        <p>You have {count} {title.toLowerCase()}. The full list is coming to this page soon.</p>
      )}
    </section>
  )
}
