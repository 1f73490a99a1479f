import type Stripe from 'stripe'
import { escapeHtml, html, redirect, type FakeRequest, type FakeResponse } from '../http'
import { completeCheckout, declineCard } from './payments'
import type { StripeState } from './state'

/** The hosted checkout page (`/c/pay/:id`), for browser tests: Pay, bank debit, a declined card, Cancel. */

function checkoutPage(state: StripeState, s: Stripe.Checkout.Session, notice = ''): FakeResponse {
  const extras = state.sessionExtras.get(s.id)
  const amount = `${s.amount_total} ${s.currency?.toUpperCase()} (minor units)`
  return html(
    200,
    `<!doctype html><html><head><title>Fake Stripe Checkout</title></head><body>
<h1>Fake Stripe Checkout</h1><p>Test mode: no real money.</p>
<p data-testid="product">${escapeHtml(extras?.productName ?? '')}</p><p data-testid="amount">${escapeHtml(amount)}</p>
${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}
${s.status === 'open' ? `<form method="post"><button name="action" value="pay">Pay</button> <button name="action" value="pay_async">Pay by bank debit (processing)</button> <button name="action" value="decline">Pay with a declined card</button> <button name="action" value="cancel">Cancel</button></form>` : `<p>This checkout is ${escapeHtml(s.status ?? '')}.</p>`}
</body></html>`,
  )
}

export function hostedPage(state: StripeState, req: FakeRequest, sessionId: string): FakeResponse {
  const s = state.session(sessionId)
  if (req.method === 'GET') return checkoutPage(state, s)
  const action = new URLSearchParams(req.rawBody).get('action')
  if (action === 'cancel') return redirect(s.cancel_url ?? '/')
  if (action === 'decline') {
    declineCard(state, s.id)
    return checkoutPage(state, s, 'Your card was declined.')
  }
  if (action === 'pay' || action === 'pay_async') {
    completeCheckout(state, s.id, { async: action === 'pay_async' })
    return redirect((s.success_url ?? '/').replace('{CHECKOUT_SESSION_ID}', s.id))
  }
  return checkoutPage(state, s, 'Unknown action')
}
