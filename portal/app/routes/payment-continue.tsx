import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { getPaymentSession } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { readHandoff } from '~/billing/handoff.server'
import { notFound, rethrowAsNotFound } from '~/billing/responses.server'

/**
 * `/billing/pay/:gateway/continue?ps=…&to=…&sig=…`: the stop between the "Pay" button and the
 * gateway's checkout (see billing/handoff.server.ts for why). It moves on by itself: a meta refresh
 * without JavaScript, `location.replace` with it; the link is there if neither happens.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Continue to ${data?.gateway ?? 'payment'} · Berth` },
  ...(data?.isOpen ? [{ httpEquiv: 'refresh', content: `0;url=${data.to}` }] : []),
]

export async function loader(args: LoaderFunctionArgs) {
  const { ctx, sessionToken } = await requireUser(args)
  const gateway = args.params.gateway ?? ''
  const handoff = readHandoff(sessionToken, gateway, new URL(args.request.url).searchParams)
  if (!handoff) throw notFound()
  let session
  try {
    session = await getPaymentSession(ctx, { gateway, paymentSessionId: handoff.paymentSessionId })
  } catch (error) {
    rethrowAsNotFound(error, ['VALIDATION_FAILED', 'GATEWAY_NOT_AVAILABLE'])
  }
  const fmt = await billingFormat(ctx)
  return {
    to: handoff.url,
    gateway: session.gatewayDisplayName,
    amount: fmt.money(session.amount, session.currency),
    invoiceId: session.invoiceId,
    invoiceNumber: session.invoiceNumber ?? '',
    isOpen: session.status === 'open',
  }
}

export default function ContinueToCheckout() {
  const { to, gateway, amount, invoiceId, invoiceNumber, isOpen } = useLoaderData<typeof loader>()
  useEffect(() => {
    if (isOpen) window.location.replace(to)
  }, [isOpen, to])
  return (
    <section className="card narrow" aria-labelledby="continue-title">
      {isOpen ? (
        <>
          <h1 id="continue-title">Taking you to {gateway}…</h1>
          <p>
            You are paying {amount} for invoice {invoiceNumber}. {gateway} will bring you back here when you
            are done.
          </p>
          <p>
            <a className="button" href={to}>
              Continue to {gateway}
            </a>
          </p>
        </>
      ) : (
        <>
          <h1 id="continue-title">This payment is closed</h1>
          <p>This checkout is no longer open.</p>
        </>
      )}
      <p>
        <Link to={`/invoices/${invoiceId}`}>Back to the invoice</Link>
      </p>
    </section>
  )
}
