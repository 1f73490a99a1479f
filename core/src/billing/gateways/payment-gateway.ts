/**
 * The PaymentGateway port. Each gateway is one folder under core/src/billing/gateways/<id>/ that
 * exports a `PaymentGateway`, registered in ./registry.ts. Core's billing code only speaks these
 * normalized shapes; nothing outside a gateway's folder knows its API.
 *
 * Amounts are integer minor units (bigint) with an ISO 4217 currency code, upper-case.
 */
export interface GatewaySettings {
  isTestMode: boolean
  /** Decrypted secret settings (API keys, webhook secrets), by field key. */
  secrets: Record<string, string>
  /** Non-secret settings, by field key. */
  publicConfig: Record<string, unknown>
}

export interface SettingField {
  key: string
  label: string
  help?: string
  isRequired: boolean
}

export interface CheckoutRequest {
  /** Our PaymentSession id: idempotency key and metadata at the gateway, so events map back. */
  paymentSessionId: string
  invoiceId: string
  invoiceNumber: string
  clientId: string
  clientEmail: string
  currency: string
  amount: bigint
  /** digits after the decimal point of the currency (gateways that take decimal strings need it) */
  exponent: number
  description: string
  returnUrl: string
  cancelUrl: string
}

export interface CheckoutStarted {
  gatewaySessionId: string
  /** where to send the browser */
  redirectUrl: string
}

/** What happened at the gateway, normalized. One webhook or return can carry several. */
export type GatewayEvent =
  | {
      kind: 'payment.succeeded'
      gatewayTransactionId: string
      gatewaySessionId?: string
      paymentSessionId?: string
      amount: bigint
      currency: string
      fee: bigint
      occurredAt: Date
    }
  | { kind: 'payment.pending'; gatewaySessionId?: string; paymentSessionId?: string; reason?: string }
  | { kind: 'payment.failed'; gatewaySessionId?: string; paymentSessionId?: string; reason: string }
  | {
      kind: 'refund.succeeded'
      gatewayRefundId: string
      /** the payment the refund belongs to (same id as payment.succeeded's gatewayTransactionId) */
      gatewayTransactionId: string
      amount: bigint
      currency: string
      occurredAt: Date
    }
  | {
      kind: 'dispute.opened' | 'dispute.updated' | 'dispute.closed'
      gatewayDisputeId: string
      gatewayTransactionId: string
      amount: bigint
      currency: string
      status: 'OPEN' | 'UNDER_REVIEW' | 'WON' | 'LOST'
      reason?: string
      evidenceDueAt?: Date
    }

export interface VerifiedWebhook {
  /** the gateway's own event id: unique per provider, the inbox key */
  eventId: string
  type: string
  payload: unknown
  events: GatewayEvent[]
}

export interface RefundRequest {
  gatewayTransactionId: string
  amount: bigint
  currency: string
  exponent: number
  reason?: string
  /** stable per refund attempt, so a retried call cannot refund twice */
  idempotencyKey: string
}

export interface RefundResult {
  gatewayRefundId: string
  status: 'succeeded' | 'pending' | 'failed'
}

export interface PaymentGateway {
  /** the folder name, stored in Transaction.gateway and GatewayConfig.gateway */
  readonly id: string
  readonly displayName: string
  readonly secretFields: readonly SettingField[]
  readonly publicFields: readonly SettingField[]
  /** true only for the demo gateway that moves no real money: refused in production */
  readonly isDemoOnly?: boolean
  /**
   * The event types to subscribe the gateway's webhook to (what verifyWebhook understands), shown
   * to staff with the webhook address; empty when there is no webhook to set up.
   */
  readonly webhookEvents: readonly string[]
  createCheckout(settings: GatewaySettings, request: CheckoutRequest): Promise<CheckoutStarted>
  /**
   * The browser came back from the gateway. Confirm (Stripe: retrieve the session) or capture
   * (PayPal Orders v2) and report what happened, exactly as a webhook would; core applies events
   * idempotently, so the return URL and the webhook may both report the same payment.
   */
  completeCheckout(
    settings: GatewaySettings,
    input: { gatewaySessionId: string; query: Record<string, string> },
  ): Promise<GatewayEvent[]>
  /** Verifies the signature (throws WebhookSignatureError) and parses the event. */
  verifyWebhook(
    settings: GatewaySettings,
    input: { rawBody: string; headers: Record<string, string | undefined> },
  ): Promise<VerifiedWebhook>
  /**
   * The events of a webhook verified earlier, from the `payload` verifyWebhook returned and the
   * inbox stored (staff reprocessing a FAILED event). May ask the gateway's API, as verifyWebhook does.
   */
  eventsOfStoredWebhook(settings: GatewaySettings, payload: unknown): Promise<GatewayEvent[]>
  refund(settings: GatewaySettings, request: RefundRequest): Promise<RefundResult>
  testConnection(settings: GatewaySettings): Promise<void>
}

/** A webhook whose signature is missing, wrong, or too old (replay). */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError'
}

/** The gateway answered with an error (declined refund, bad key...); the message is safe to show staff. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError'
  constructor(
    message: string,
    readonly gatewayCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
