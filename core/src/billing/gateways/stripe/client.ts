import Stripe from 'stripe'
import { GatewayError, type GatewaySettings, type SettingField } from '../payment-gateway'

export const SECRET_FIELDS: readonly SettingField[] = [
  {
    key: 'secretKey',
    label: 'Secret key',
    help: 'sk_live_… (sk_test_… in test mode). A restricted key (rk_…) works if it may write Checkout Sessions and Refunds and read charges, disputes and the balance.',
    isRequired: true,
  },
  {
    key: 'webhookSecret',
    label: 'Webhook signing secret',
    help: 'whsec_… from the Stripe webhook endpoint that points at Berth.',
    isRequired: true,
  },
]

export const PUBLIC_FIELDS: readonly SettingField[] = []

/**
 * BERTH_STRIPE_API_BASE (e.g. http://127.0.0.1:4242) sends every Stripe API call to another
 * server: the tests' fake Stripe. Unset in production, where the SDK's own base
 * (https://api.stripe.com) is used; Stripe has one base for test and live mode, the key decides.
 */
export function stripeApiOverride(): { host: string; port: number; protocol: 'http' | 'https' } | undefined {
  const raw = process.env.BERTH_STRIPE_API_BASE?.trim()
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new GatewayError('BERTH_STRIPE_API_BASE is set but is not a URL.', 'bad_configuration')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GatewayError('BERTH_STRIPE_API_BASE must be an http:// or https:// URL.', 'bad_configuration')
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https'
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol }
}

/** The secret key, checked for shape and for agreeing with the gateway's test-mode switch. */
export function secretKey(settings: GatewaySettings): string {
  const key = settings.secrets.secretKey?.trim()
  if (!key) throw new GatewayError('Stripe is not configured: the secret key is missing.', 'not_configured')
  const match = /^(sk|rk)_(test|live)_\S+$/.exec(key)
  if (!match)
    throw new GatewayError(
      'The Stripe secret key should start with sk_live_, sk_test_, rk_live_ or rk_test_.',
      'bad_key',
    )
  const isTestKey = match[2] === 'test'
  if (isTestKey !== settings.isTestMode) {
    throw new GatewayError(
      settings.isTestMode
        ? 'Test mode is on but the Stripe key is a live key.'
        : 'Test mode is off but the Stripe key is a test key.',
      'mode_mismatch',
    )
  }
  return key
}

export function webhookSecret(settings: GatewaySettings): string {
  const secret = settings.secrets.webhookSecret?.trim()
  if (!secret)
    throw new GatewayError(
      'Stripe is not configured: the webhook signing secret is missing.',
      'not_configured',
    )
  if (!secret.startsWith('whsec_'))
    throw new GatewayError('The Stripe webhook signing secret should start with whsec_.', 'bad_key')
  return secret
}

// One SDK client per key (and API base): the SDK keeps its HTTP agent between calls.
const clients = new Map<string, Stripe>()

export function stripeClient(settings: GatewaySettings): Stripe {
  const key = secretKey(settings)
  const override = stripeApiOverride()
  const cacheKey = `${override ? `${override.protocol}://${override.host}:${override.port}` : ''}\n${key}`
  let client = clients.get(cacheKey)
  if (!client) {
    if (clients.size >= 16) clients.clear()
    client = new Stripe(key, {
      ...override,
      // POSTs are retried with the SDK's (or our) idempotency key, so a retry cannot charge twice.
      maxNetworkRetries: 2,
      timeout: 30_000,
      telemetry: false,
      appInfo: { name: 'Berth' },
    })
    clients.set(cacheKey, client)
  }
  return client
}

/** Any failure of a Stripe call → GatewayError with a message staff can read. */
export function stripeError(error: unknown, action: string): GatewayError {
  if (error instanceof GatewayError) return error
  if (error instanceof Stripe.errors.StripeError) {
    const code = error.code ?? error.type
    switch (error.type) {
      case 'StripeAuthenticationError':
        return new GatewayError('Stripe refused the secret key: check it in the gateway settings.', code, {
          cause: error,
        })
      case 'StripePermissionError':
        return new GatewayError(
          `The Stripe key may not ${action}: give the restricted key that permission.`,
          code,
          { cause: error },
        )
      case 'StripeConnectionError':
        return new GatewayError(`Could not reach Stripe to ${action}; try again in a moment.`, code, {
          cause: error,
        })
      case 'StripeRateLimitError':
        return new GatewayError(
          `Stripe is rate limiting requests; could not ${action}. Try again shortly.`,
          code,
          { cause: error },
        )
      case 'StripeAPIError':
        return new GatewayError(
          `Stripe had an internal error and could not ${action}; try again later.`,
          code,
          { cause: error },
        )
      default:
        // Stripe's own messages ("Charge ch_… has already been refunded.") are written for people.
        return new GatewayError(`Stripe could not ${action}: ${error.message}`, code, { cause: error })
    }
  }
  return new GatewayError(`Stripe could not ${action}: unexpected error.`, undefined, { cause: error })
}

export async function callStripe<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw stripeError(error, action)
  }
}
