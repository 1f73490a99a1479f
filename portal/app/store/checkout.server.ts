import {
  applyCreditToInvoice,
  CREDIT_GATEWAY,
  getEnv,
  isDomainError,
  MANUAL_GATEWAY,
  startPayment,
  type CheckoutResult,
  type Ctx,
} from '@berth/core'
import { redirectWithFlash } from '~/auth/flash.server'
import { checkoutRedirectTarget } from '~/billing/handoff.server'

export const orderPath = (orderId: string) => `/orders/${orderId}`

/**
 * After a checkout: straight on to paying the order's invoice the way the client chose, through
 * the invoice pages' own flow. A gateway's checkout is opened (core's startPayment) and the order
 * confirmation page moves on to it (`?pay=`: the test gateway's page, or the hand-off page before
 * an external checkout, see billing/handoff.server.ts). Account credit is applied at once. Bank
 * transfer waits for the money. If the payment cannot be started, the order stands and the
 * confirmation page says so: its invoice can be paid later.
 */
export async function payOrder(
  ctx: Ctx,
  sessionToken: string,
  order: CheckoutResult,
  paymentMethod: string,
  cookies: string[],
): Promise<Response> {
  const to = orderPath(order.orderId)
  const placed = order.isReplay
    ? `Order ${order.orderNumber} is placed.`
    : `Thank you: order ${order.orderNumber} is placed.`
  if (order.invoiceStatus === 'PAID' || order.total === 0n) {
    return redirectWithFlash(to, { kind: 'success', message: `${placed} There is nothing to pay.` }, cookies)
  }
  if (paymentMethod === MANUAL_GATEWAY) {
    return redirectWithFlash(
      to,
      {
        kind: 'info',
        message: `${placed} We have emailed you invoice ${order.invoiceNumber ?? ''}: pay it by bank transfer, or online from the invoice.`,
      },
      cookies,
    )
  }
  if (paymentMethod === CREDIT_GATEWAY) {
    try {
      await applyCreditToInvoice(ctx, { invoiceId: order.invoiceId })
      return redirectWithFlash(
        to,
        { kind: 'success', message: `${placed} It is paid with your account credit.` },
        cookies,
      )
    } catch (error) {
      if (!isDomainError(error)) throw error
      return redirectWithFlash(
        to,
        {
          kind: 'warning',
          message: `${placed} We could not apply your account credit (${error.message}). You can pay the invoice below.`,
        },
        cookies,
      )
    }
  }
  try {
    const started = await startPayment(ctx, { invoiceId: order.invoiceId, gateway: paymentMethod })
    const target = sitePath(
      checkoutRedirectTarget(sessionToken, {
        gateway: paymentMethod,
        paymentSessionId: started.paymentSessionId,
        url: started.redirectUrl,
      }),
    )
    return redirectWithFlash(
      `${to}?${new URLSearchParams({ pay: target })}`,
      { kind: 'success', message: `${placed} Taking you to the payment…` },
      cookies,
    )
  } catch (error) {
    if (!isDomainError(error)) throw error
    return redirectWithFlash(
      to,
      {
        kind: 'warning',
        message: `${placed} We could not open the payment: ${error.message} You can pay the invoice below.`,
      },
      cookies,
    )
  }
}

/** A URL on the portal itself (the test gateway's page comes back absolute) as a path. */
function sitePath(url: string): string {
  const portal = new URL(getEnv().PORTAL_URL)
  const parsed = new URL(url, portal)
  return parsed.origin === portal.origin ? `${parsed.pathname}${parsed.search}` : url
}

/** Where the order page may move on to: only the portal's own payment pages. */
export function payTarget(value: string | null): string | null {
  if (!value || value.length > 3000 || /[\u0000-\u001f\\]/.test(value)) return null
  if (!/^\/billing\/(pay\/[a-z0-9_-]+\/continue\?|test-gateway\/[A-Za-z0-9_-]+$)/.test(value)) return null
  return value
}
