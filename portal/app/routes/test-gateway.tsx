import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import {
  getPaymentSession,
  isPayableStatus,
  TEST_GATEWAY_ID,
  type Ctx,
  type PaymentSessionView,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { completeAndReport, notFound, rethrowAsNotFound } from '~/billing/responses.server'
import { CsrfInput } from '~/components/hidden-fields'

export const meta: MetaFunction = () => [{ title: 'Test gateway — no real money · Berth' }]

const OUTCOMES = ['pay', 'fail', 'pending'] as const

/**
 * The demo's "checkout page" (core's test gateway sends the browser here): nothing is charged. Only
 * the client whose payment it is can see it; in production mode the test gateway does not exist
 * and this page is a 404. The buttons complete the payment through core, as a gateway's return
 * would: `outcome` pay, fail or pending.
 */
async function loadSession(ctx: Ctx, gatewaySessionId: string | undefined): Promise<PaymentSessionView> {
  try {
    const session = await getPaymentSession(ctx, { gateway: TEST_GATEWAY_ID, gatewaySessionId })
    if (!session.isDemoOnly) throw notFound()
    return session
  } catch (error) {
    rethrowAsNotFound(error, ['VALIDATION_FAILED', 'GATEWAY_NOT_AVAILABLE'])
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const session = await loadSession(ctx, args.params.gatewaySessionId)
  const fmt = await billingFormat(ctx)
  return {
    amount: fmt.money(session.amount, session.currency),
    invoiceId: session.invoiceId,
    invoiceNumber: session.invoiceNumber ?? '',
    isOpen: session.status === 'open' && isPayableStatus(session.invoiceStatus),
    status: session.status,
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const { ctx } = await requireUser(args)
  const session = await loadSession(ctx, args.params.gatewaySessionId)
  const outcome = form.get('outcome')
  if (!OUTCOMES.includes(outcome as (typeof OUTCOMES)[number]))
    throw new Response('Unknown action', { status: 400 })
  return completeAndReport(ctx, {
    gateway: TEST_GATEWAY_ID,
    gatewaySessionId: session.gatewaySessionId,
    query: { outcome: outcome as string },
  })
}

const SESSION_STATE: Record<string, string> = {
  open: 'This invoice no longer needs this payment.',
  completed: 'This payment is already completed.',
  failed: 'This payment was declined. Start a new one from the invoice.',
  expired: 'This payment has expired. Start a new one from the invoice.',
}

export default function TestGateway() {
  const { amount, invoiceId, invoiceNumber, isOpen, status } = useLoaderData<typeof loader>()
  const busy = useNavigation().state !== 'idle'
  return (
    <section className="card narrow test-gateway" aria-labelledby="tg-title">
      <p className="demo-ribbon">Demo only</p>
      <h1 id="tg-title">Test gateway — no real money</h1>
      <p>
        This page stands in for a payment provider&rsquo;s checkout. Nothing is charged: choose what the
        &ldquo;bank&rdquo; answers.
      </p>
      <dl className="summary">
        <div>
          <dt>Invoice</dt>
          <dd>{invoiceNumber}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>
            <strong>{amount}</strong>
          </dd>
        </div>
      </dl>
      {isOpen ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <button type="submit" name="outcome" value="pay" className="button" disabled={busy}>
            Pay {amount} (no real money)
          </button>
          <button
            type="submit"
            name="outcome"
            value="pending"
            className="button button-secondary"
            disabled={busy}
          >
            Leave the payment pending
          </button>
          <button
            type="submit"
            name="outcome"
            value="fail"
            className="button button-secondary"
            disabled={busy}
          >
            Decline the payment
          </button>
          <Link to={`/invoices/${invoiceId}?payment=cancelled`} className="center">
            Cancel and go back to the invoice
          </Link>
        </Form>
      ) : (
        <p>
          {SESSION_STATE[status] ?? 'This payment is closed.'}{' '}
          <Link to={`/invoices/${invoiceId}`}>Back to the invoice</Link>
        </p>
      )}
    </section>
  )
}
