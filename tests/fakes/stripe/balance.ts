import { expand } from './expand'
import { buildBalance } from './objects'
import type { StripeRoute } from './routes'

/** The account balance and balance transactions (charges and refunds write them). */
export const balanceRoutes: StripeRoute[] = [
  {
    method: 'GET',
    path: /^\/v1\/balance_transactions\/([^/]+)$/,
    handle: (state, call) => expand(state, state.get('balance_transaction', call.id), call.expand),
  },
  {
    method: 'GET',
    path: '/v1/balance',
    handle: (state) => buildBalance(state.options.settlementCurrency?.toLowerCase() ?? 'usd'),
  },
]
