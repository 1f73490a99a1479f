/** The public types of the fake PayPal (index.ts re-exports them). */
export interface FakePayPalOptions {
  clientId?: string
  clientSecret?: string
  /** the webhook the fake signs events for (PayPal's webhook id) */
  webhookId?: string
  /** when set, every event the fake generates is signed and POSTed there, in order */
  webhookUrl?: string
  /** access token lifetime (PayPal: 32400 s) */
  tokenLifetimeSeconds?: number
  /** the account setting "block payments with a duplicate invoice ID" */
  uniqueInvoiceIds?: boolean
}

export type Json = Record<string, unknown>
export interface Money {
  currency_code: string
  value: string
}

export interface RecordedPayPalRequest {
  method: string
  path: string
  paypalRequestId?: string
  prefer?: string
  body: unknown
}

export interface SignedPayPalWebhook {
  body: string
  headers: Record<string, string>
}

export type CaptureOutcome = 'COMPLETED' | 'PENDING' | 'DECLINED' | 'INSTRUMENT_DECLINED'
