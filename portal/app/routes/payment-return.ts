import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/principal.server'
import { completeAndReport, notFound } from '~/billing/responses.server'

/**
 * `/billing/pay/:gateway/return?ps=<paymentSessionId>&…`: where a gateway sends the browser back
 * after its checkout (Stripe adds `session_id`, PayPal `token` and `PayerID`). Completing is
 * idempotent (the webhook may have come first, or come later), so reloading this address is safe.
 * A client whose session ran out meanwhile logs in and comes back here with the same query.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const url = new URL(args.request.url)
  const paymentSessionId = url.searchParams.get('ps')
  if (!paymentSessionId || !args.params.gateway) throw notFound()
  const query: Record<string, string> = {}
  for (const [key, value] of url.searchParams) if (key !== 'ps') query[key] = value
  return completeAndReport(ctx, { gateway: args.params.gateway, paymentSessionId, query })
}
