import { randomId, type FakeResponse } from '../http'
import { notFound } from './errors'
import { makeSigningKeys } from './signature'
import type { CaptureOutcome, FakePayPalOptions, Json, RecordedPayPalRequest } from './types'

export const paypalId = () => randomId(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

export interface OrderState {
  order: Json
  unit: Json
  amount: bigint
  currency: string
  outcome: CaptureOutcome
  /** the experience context's return and cancel URLs */
  context: { return_url?: string; cancel_url?: string }
}
export interface CaptureState {
  capture: Json
  orderId: string
  amount: bigint
  refunded: bigint
  currency: string
}

/** Everything one fake PayPal remembers: its settings, tokens, orders, captures, and what it recorded. */
export class PayPalState {
  readonly options: FakePayPalOptions
  readonly clientId: string
  readonly clientSecret: string
  readonly webhookId: string
  readonly tokenLifetime: number
  readonly keys = makeSigningKeys()
  readonly merchant = { email_address: 'merchant@berth.example', merchant_id: 'C7CYMKZDG8D6E' }
  /** the server's address, once it listens (links, cert URL) */
  base = ''

  readonly tokens = new Map<string, number>() // access token → expiry (ms)
  readonly orders = new Map<string, OrderState>()
  readonly captures = new Map<string, CaptureState>()
  readonly refunds = new Map<string, Json>()
  readonly disputes = new Map<string, Json>()
  readonly replies = new Map<string, FakeResponse>() // `${path}\n${PayPal-Request-Id}` → first answer
  readonly transmissions = new Map<string, { signature: string; time: string }>()
  readonly requests: RecordedPayPalRequest[] = []
  readonly events: Json[] = []
  readonly deliveries: { eventId: string; status: number | 'error'; body: string }[] = []
  readonly serverErrors: unknown[] = []
  tokenRequests = 0
  nextRefundStatus: 'COMPLETED' | 'PENDING' = 'COMPLETED'
  deliveryQueue = Promise.resolve()

  constructor(initialOptions: FakePayPalOptions) {
    this.options = { ...initialOptions }
    this.clientId =
      this.options.clientId ??
      'AfakeBerthClientId0000000000000000000000000000000000000000000000000000000000000'
    this.clientSecret =
      this.options.clientSecret ??
      'EfakeBerthClientSecret00000000000000000000000000000000000000000000000000000000'
    this.webhookId = this.options.webhookId ?? '1JE4291016473214C'
    this.tokenLifetime = this.options.tokenLifetimeSeconds ?? 32_400
  }

  certUrl = () => `${this.base}/v1/notifications/certs/CERT-360caa42-fca2a594-berthfake`

  order = (id: string): OrderState => {
    const found = this.orders.get(id)
    if (!found) throw notFound()
    return found
  }

  capture = (id: string): CaptureState => {
    const found = this.captures.get(id)
    if (!found) throw notFound()
    return found
  }
}
