import { json, randomId, type FakeRequest, type FakeResponse } from '../http'
import { PayPalApiError, authenticationFailure } from './errors'
import type { PayPalRoute } from './routes'
import { isoNow, type PayPalState } from './state'

/** OAuth 2 client credentials: access tokens for HTTP Basic client id:secret, and the bearer check. */

function oauthToken(state: PayPalState, req: FakeRequest): FakeResponse {
  state.tokenRequests += 1
  const header = req.headers.authorization ?? ''
  const [id, secret] = header.startsWith('Basic ')
    ? Buffer.from(header.slice(6), 'base64').toString().split(':')
    : []
  if (id !== state.clientId || secret !== state.clientSecret)
    throw new PayPalApiError(401, {
      error: 'invalid_client',
      error_description: 'Client Authentication failed',
    })
  const grant = new URLSearchParams(req.rawBody).get('grant_type')
  if (grant !== 'client_credentials')
    throw new PayPalApiError(400, {
      error: 'unsupported_grant_type',
      error_description: `Grant Type is ${grant ?? 'NULL'}`,
    })
  const accessToken = `A21AA${randomId(92, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`
  state.tokens.set(accessToken, Date.now() + state.tokenLifetime * 1000)
  return json(200, {
    scope:
      'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/applications/webhooks',
    access_token: accessToken,
    token_type: 'Bearer',
    app_id: 'APP-80W284485P519543T',
    expires_in: state.tokenLifetime,
    nonce: `${isoNow()}${randomId(20)}`,
  })
}

/** Every API call but the token endpoint carries a live `Authorization: Bearer` token. */
export function checkBearer(state: PayPalState, req: FakeRequest) {
  const header = req.headers.authorization ?? ''
  const token = header.startsWith('Bearer ') ? header.slice(7) : ''
  const expiry = state.tokens.get(token)
  if (!expiry || expiry < Date.now()) throw authenticationFailure()
}

export const oauthRoute: PayPalRoute = {
  method: 'POST',
  path: '/v1/oauth2/token',
  handle: (state, call) => oauthToken(state, call.req),
}
