import type { PaymentGateway } from '../payment-gateway'

// Placeholder until the real adapter lands: every call refuses, so nothing pretends to work.
const notYet = async (): Promise<never> => {
  throw new Error('the PayPal adapter is not implemented yet')
}

export const paypalGateway: PaymentGateway = {
  id: 'paypal',
  displayName: 'PayPal',
  secretFields: [],
  publicFields: [],
  createCheckout: notYet,
  completeCheckout: notYet,
  verifyWebhook: notYet,
  refund: notYet,
  testConnection: notYet,
}
