/** The `intent` of the "send me a new confirmation link" button (dashboard banner, account page). */
export const RESEND_INTENT = 'resend-verification'
