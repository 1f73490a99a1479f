import { createHash } from 'node:crypto'
import {
  ApiError,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
  type ClientCredentialsAuthManager,
  type OAuthToken,
} from '@paypal/paypal-server-sdk'
import { GatewayError, type GatewaySettings, type SettingField } from '../payment-gateway'

export const SECRET_FIELDS: readonly SettingField[] = [
  {
    key: 'clientSecret',
    label: 'Client secret',
    help: 'The REST app’s secret (PayPal Developer Dashboard → Apps & Credentials).',
    isRequired: true,
  },
]

export const PUBLIC_FIELDS: readonly SettingField[] = [
  {
    key: 'clientId',
    label: 'Client ID',
    help: 'The REST app’s client ID (sandbox app in test mode, live app otherwise).',
    isRequired: true,
  },
  {
    key: 'webhookId',
    label: 'Webhook ID',
    help: 'The ID PayPal shows for the webhook that points at Berth; needed to verify webhook signatures.',
    isRequired: true,
  },
]

const SANDBOX = 'https://api-m.sandbox.paypal.com'
const LIVE = 'https://api-m.paypal.com'

/** A setting by key, whichever of secrets and publicConfig holds it. */
export function setting(settings: GatewaySettings, key: string): string | undefined {
  const value = settings.secrets[key] ?? settings.publicConfig[key]
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

function credentials(settings: GatewaySettings) {
  const clientId = setting(settings, 'clientId')
  const clientSecret = setting(settings, 'clientSecret')
  if (!clientId || !clientSecret)
    throw new GatewayError('PayPal is not configured: the client ID or secret is missing.', 'not_configured')
  return { clientId, clientSecret }
}

export function webhookId(settings: GatewaySettings): string {
  const id = setting(settings, 'webhookId')
  if (!id) throw new GatewayError('PayPal is not configured: the webhook ID is missing.', 'not_configured')
  return id
}

/**
 * Where API calls go: PayPal's sandbox in test mode, live otherwise; BERTH_PAYPAL_API_BASE
 * (e.g. http://127.0.0.1:4243, the tests' fake PayPal) replaces both when set. Never set in
 * production.
 */
export function paypalApiBase(settings: GatewaySettings): string {
  const override = process.env.BERTH_PAYPAL_API_BASE?.trim()
  if (!override) return settings.isTestMode ? SANDBOX : LIVE
  let url: URL
  try {
    url = new URL(override)
  } catch {
    throw new GatewayError('BERTH_PAYPAL_API_BASE is set but is not a URL.', 'bad_configuration')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GatewayError('BERTH_PAYPAL_API_BASE must be an http:// or https:// URL.', 'bad_configuration')
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

type RequestBuilderFactory = ReturnType<Client['getRequestBuilderFactory']>

/**
 * The SDK's own Client, except that every request (OAuth included) goes to `base` instead of the
 * SDK's fixed sandbox/live host. paypal-server-sdk has no setting for a custom base URL (see
 * docs/decisions/0014-paypal-sdk.md), so this uses its public request-interceptor hook.
 */
class RebasedClient extends Client {
  #sdkBase = ''
  #base = ''

  static create(
    config: ConstructorParameters<typeof Client>[0],
    sdkBase: string,
    base: string,
  ): RebasedClient {
    const client = new RebasedClient(config)
    client.#sdkBase = sdkBase
    client.#base = base
    return client
  }

  override getRequestBuilderFactory(): RequestBuilderFactory {
    const factory = super.getRequestBuilderFactory()
    return (...args) => {
      const builder = factory(...args)
      builder.interceptRequest((request) => {
        if (this.#base && this.#base !== this.#sdkBase && request.url.startsWith(this.#sdkBase)) {
          return { ...request, url: this.#base + request.url.slice(this.#sdkBase.length) }
        }
        return request
      })
      return builder
    }
  }
}

export interface PayPalApi {
  client: Client
  orders: OrdersController
  payments: PaymentsController
  base: string
  /** a valid access token (cached until a minute before it expires) */
  accessToken(): Promise<string>
  /** forget this client and its token (after an authentication failure) */
  discard(): void
}

// Cached per (base, client id, secret hash): the SDK client and the OAuth token it got.
const apis = new Map<string, PayPalApi>()
const tokens = new Map<string, OAuthToken>()
const EARLY_SECONDS = 60n

function isFresh(token: OAuthToken | undefined): token is OAuthToken {
  if (!token) return false
  if (token.expiry === undefined) return true
  return token.expiry - EARLY_SECONDS > BigInt(Math.floor(Date.now() / 1000))
}

export function paypalApi(settings: GatewaySettings): PayPalApi {
  const { clientId, clientSecret } = credentials(settings)
  const base = paypalApiBase(settings)
  const key = `${base}\n${clientId}\n${createHash('sha256').update(clientSecret).digest('hex')}`
  const cached = apis.get(key)
  if (cached) return cached

  const pending = new Map<string, Promise<OAuthToken>>()
  const token = async (manager: ClientCredentialsAuthManager): Promise<OAuthToken> => {
    const known = tokens.get(key)
    if (isFresh(known)) return known
    // one token request at a time per credentials, however many calls wait for it
    let inflight = pending.get(key)
    if (!inflight) {
      inflight = manager.fetchToken().finally(() => pending.delete(key))
      pending.set(key, inflight)
    }
    const fresh = await inflight
    tokens.set(key, fresh)
    return fresh
  }

  const environment = settings.isTestMode ? Environment.Sandbox : Environment.Production
  const client = RebasedClient.create(
    {
      environment,
      timeout: 30_000,
      clientCredentialsAuthCredentials: {
        oAuthClientId: clientId,
        oAuthClientSecret: clientSecret,
        oAuthTokenProvider: (_last, manager) => token(manager),
      },
    },
    settings.isTestMode ? SANDBOX : LIVE,
    base,
  )
  const api: PayPalApi = {
    client,
    orders: new OrdersController(client),
    payments: new PaymentsController(client),
    base,
    accessToken: async () => (await token(client.clientCredentialsAuthManager)).accessToken,
    discard() {
      apis.delete(key)
      tokens.delete(key)
    },
  }
  if (apis.size >= 16) apis.clear()
  apis.set(key, api)
  return api
}

interface PayPalErrorBody {
  name?: string
  message?: string
  debug_id?: string
  details?: { issue?: string; description?: string; field?: string }[]
  error?: string
  error_description?: string
}

/** The first `issue` of a PayPal error body (ORDER_ALREADY_CAPTURED…), if the error has one. */
export function paypalIssue(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined
  const body = error.result as PayPalErrorBody | undefined
  return body?.details?.[0]?.issue ?? body?.name
}

/** Any failure of a PayPal call → GatewayError with a message staff can read. */
export function paypalError(error: unknown, action: string, api?: PayPalApi): GatewayError {
  if (error instanceof GatewayError) return error
  // the token endpoint answers 401 invalid_client for bad credentials; the API answers 401 for a bad token
  if ((error instanceof ApiError && error.statusCode === 401) || error instanceof TokenRejected) {
    api?.discard()
    return new GatewayError(
      'PayPal refused the client ID or secret: check them in the gateway settings.',
      'authentication',
      { cause: error },
    )
  }
  if (error instanceof ApiError) {
    const body = error.result as PayPalErrorBody | undefined
    const detail = body?.details?.[0]
    const text = detail?.description ?? body?.message ?? `HTTP ${error.statusCode}`
    const issue = detail?.issue ?? body?.name
    const debug = body?.debug_id ? ` (PayPal debug id ${body.debug_id})` : ''
    if (error.statusCode >= 500) api?.discard()
    return new GatewayError(`PayPal could not ${action}: ${text}${debug}`, issue, { cause: error })
  }
  api?.discard() // a network failure may have left a rejected token promise inside the SDK client
  const name = error instanceof Error ? error.name : ''
  if (name === 'ResponseValidationError')
    return new GatewayError(`PayPal answered ${action} with something Berth cannot read.`, 'bad_response', {
      cause: error,
    })
  return new GatewayError(`Could not reach PayPal to ${action}; try again in a moment.`, 'unreachable', {
    cause: error,
  })
}

/** Thrown by Berth's own calls (webhook verification) when PayPal refuses the access token. */
export class TokenRejected extends Error {
  override readonly name = 'TokenRejected'
}

function isRejectedToken(error: unknown): boolean {
  if (error instanceof TokenRejected) return true
  return (
    error instanceof ApiError &&
    error.statusCode === 401 &&
    !String(error.request?.url ?? '').includes('/v1/oauth2/token')
  )
}

/**
 * Runs `call` with the PayPal API for these settings. An access token PayPal no longer accepts
 * (revoked, expired early) is dropped and the call is tried once more with a new one; any failure
 * comes out as a GatewayError.
 */
export async function withPayPal<T>(
  settings: GatewaySettings,
  action: string,
  call: (api: PayPalApi) => Promise<T>,
): Promise<T> {
  let api = paypalApi(settings)
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(api)
    } catch (error) {
      if (attempt === 1 && isRejectedToken(error)) {
        api.discard()
        api = paypalApi(settings)
        continue
      }
      throw paypalError(error, action, api)
    }
  }
}
