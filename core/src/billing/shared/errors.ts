/**
 * A gateway event that cannot be applied yet (a refund or dispute for a payment not recorded yet,
 * a payment for a checkout we have not stored yet). The webhook is marked FAILED and answered with
 * 500 so the gateway delivers it again later (docs/decisions/0015-payment-application.md).
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError'
}
