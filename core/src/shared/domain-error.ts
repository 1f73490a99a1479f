/**
 * The one error type of the domain. Apps map `code` to an HTTP status through `httpStatusFor`
 * and show `message` to people; `field` names the form field at fault, when there is one.
 */
export const DOMAIN_ERROR_CODES = {
  // Input did not pass validation (zod); `issues` holds every field's message.
  VALIDATION_FAILED: 422,
  // The actor may not do this (missing permission, or someone else's data).
  FORBIDDEN: 403,
  // The thing does not exist, or the actor may not know that it does.
  NOT_FOUND: 404,
  // Login failed: unknown email, wrong password or disabled account, deliberately indistinguishable.
  INVALID_CREDENTIALS: 401,
  // Too many attempts for this account or address; `retryAfterSeconds` says when to try again.
  RATE_LIMITED: 429,
  // Registration or email change to an address another account already uses.
  EMAIL_TAKEN: 409,
  // The host requires a confirmed email address (setting portal.requireEmailVerification) first.
  EMAIL_NOT_VERIFIED: 403,
  // A single-use link was used already, has expired, or never existed.
  TOKEN_INVALID: 400,
  // The current password given to confirm a change is wrong.
  WRONG_PASSWORD: 400,
  // The session is unknown or expired.
  UNAUTHENTICATED: 401,
  // A role still has staff, or is built in, and cannot be deleted or renamed.
  ROLE_IN_USE: 409,
  // A role or staff name/email collides with an existing one.
  DUPLICATE: 409,
  // The change would lock the last Super admin out, or a staff member out of their own account.
  LAST_SUPER_ADMIN: 409,
  // A state change that the current state does not allow.
  INVALID_TRANSITION: 409,
  // Production mode refuses something that is for demos only.
  NOT_IN_PRODUCTION: 403,
  // Catalog/orders: the product has no stock left for this order.
  OUT_OF_STOCK: 409,
  // Checkout: the total recomputed on the server differs from the one the client saw (expectedTotal).
  PRICE_CHANGED: 409,
  // Cart/checkout: the promotion code is unknown, expired, used up, or does not apply to this order or client.
  PROMO_INVALID: 422,
  // Catalog: the row is still used (a group with products, a product with services) and cannot be deleted.
  IN_USE: 409,
  // Provisioning: the module call failed (host unreachable, refused, timed out); the service keeps its state.
  PROVISIONING_FAILED: 502,
  // Billing: a payment, credit or cancellation aimed at an invoice that is already paid.
  INVOICE_ALREADY_PAID: 409,
  // Billing: the invoice cannot take this payment (draft, cancelled, refunded, or credit on an add-funds invoice).
  INVOICE_NOT_PAYABLE: 409,
  // Billing: cancelling an invoice that has payments or applied credit on it (refund them first).
  INVOICE_HAS_PAYMENTS: 409,
  // Billing: spending more account credit than the client has.
  INSUFFICIENT_CREDIT: 409,
  // Billing: a refund larger than what the payment has left after earlier refunds.
  REFUND_EXCEEDS_PAID: 409,
  // Billing: amounts in two different currencies met (a payment in EUR for a USD invoice).
  CURRENCY_MISMATCH: 422,
  // Billing: the payment gateway refused or failed the call; the message is safe to show.
  GATEWAY_ERROR: 502,
  // Billing: the gateway is unknown, disabled, not configured, or not allowed here (demo-only in production).
  GATEWAY_NOT_AVAILABLE: 409,
} as const

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES

export interface FieldIssue {
  field: string
  message: string
}

export class DomainError extends Error {
  override readonly name = 'DomainError'
  readonly code: DomainErrorCode
  readonly field: string | undefined
  readonly issues: FieldIssue[]
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { field?: string; issues?: FieldIssue[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field = options.field
    this.issues = options.issues ?? (options.field ? [{ field: options.field, message }] : [])
    this.retryAfterSeconds = options.retryAfterSeconds
  }

  /** Field name → message, for forms. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const issue of this.issues) out[issue.field] ??= issue.message
    return out
  }
}

export function httpStatusFor(error: DomainError): number {
  return DOMAIN_ERROR_CODES[error.code]
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError
}
