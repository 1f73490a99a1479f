import { escapeHtml, html, redirect, type FakeRequest, type FakeResponse } from '../http'
import { approveOrder } from './orders'
import type { PayPalRoute } from './routes'
import type { OrderState, PayPalState } from './state'
import type { Money } from './types'

/** The buyer's approval page (`/checkoutnow?token=ID`): Pay Now, eCheck, a declined card, Cancel. */

function approvalPage(state: PayPalState, req: FakeRequest): FakeResponse {
  const token = req.query.get('token') ?? ''
  const order = state.orders.get(token)
  if (!order) return html(404, '<!doctype html><p>Unknown order</p>')
  if (req.method === 'POST') return approvalAction(state, req, token, order)
  const amount = order.unit.amount as Money
  return html(
    200,
    `<!doctype html><html><head><title>Fake PayPal</title></head><body>
<h1>Fake PayPal checkout</h1><p>Sandbox: no real money.</p>
<p data-testid="description">${escapeHtml(String(order.unit.description ?? ''))}</p><p data-testid="amount">${escapeHtml(`${amount.value} ${amount.currency_code}`)}</p>
${order.order.status === 'APPROVED' || order.order.status === 'COMPLETED' ? `<p>This order is ${escapeHtml(String(order.order.status))}.</p>` : `<form method="post"><button name="action" value="approve">Pay Now</button> <button name="action" value="approve_pending">Pay by eCheck (pending)</button> <button name="action" value="approve_declined">Pay with a card that will be declined</button> <button name="action" value="cancel">Cancel and return</button></form>`}
</body></html>`,
  )
}

/** A button on the page: approve (with the capture outcome it picks) or cancel, then back to the shop. */
function approvalAction(
  state: PayPalState,
  req: FakeRequest,
  token: string,
  order: OrderState,
): FakeResponse {
  const context = order.context
  const action = new URLSearchParams(req.rawBody).get('action')
  const back = (target: string | undefined, extra: Record<string, string>) => {
    const u = new URL(target ?? 'http://localhost/')
    u.searchParams.set('token', token)
    for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v)
    return redirect(u.toString())
  }
  if (action === 'cancel') return back(context.cancel_url, {})
  const outcome =
    action === 'approve_pending'
      ? 'PENDING'
      : action === 'approve_declined'
        ? 'INSTRUMENT_DECLINED'
        : 'COMPLETED'
  approveOrder(state, token, { captureOutcome: outcome })
  return back(context.return_url, { PayerID: 'QYR5Z8XDVJNXQ' })
}

export const approvalPageRoutes: PayPalRoute[] = [
  { method: 'GET', path: '/checkoutnow', handle: (state, call) => approvalPage(state, call.req) },
  { method: 'POST', path: '/checkoutnow', handle: (state, call) => approvalPage(state, call.req) },
]
