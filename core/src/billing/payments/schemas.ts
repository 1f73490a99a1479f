import { z } from 'zod'
import { positiveMinorUnitsSchema } from '../../money'

const uuid = z.string().trim().uuid('Choose an existing record.')
const gatewayId = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9_-]+$/, 'Unknown payment method.')

export const updateGatewayConfigInput = z.object({
  gateway: gatewayId,
  displayName: z.string().trim().min(1, 'Give the payment method a name.').max(80).optional(),
  isEnabled: z.boolean().optional(),
  isTestMode: z.boolean().optional(),
  sortOrder: z.coerce.number().int().min(0).max(1000).optional(),
  /** secret fields by key: a string sets it, '' or undefined keeps it, null clears it */
  secrets: z.record(z.string(), z.string().max(4000).nullable()).optional(),
  /** non-secret fields by key: null clears one */
  publicConfig: z
    .record(z.string(), z.union([z.string().max(1000), z.number(), z.boolean()]).nullable())
    .optional(),
})
export type UpdateGatewayConfigInput = z.input<typeof updateGatewayConfigInput>

export const gatewayIdInput = z.object({ gateway: gatewayId })

export const startPaymentInput = z.object({ invoiceId: uuid, gateway: gatewayId })
export type StartPaymentInput = z.input<typeof startPaymentInput>

export const completePaymentInput = z
  .object({
    gateway: gatewayId,
    /** our PaymentSession id (the `ps` parameter of the return URL) */
    paymentSessionId: uuid.optional(),
    /** the gateway's checkout id (Stripe session id, PayPal order id, test checkout id) */
    gatewaySessionId: z.string().trim().min(1).max(300).optional(),
    /** the return URL's query parameters, as the gateway sent them */
    query: z.record(z.string(), z.string()).default({}),
  })
  .refine((v) => v.paymentSessionId || v.gatewaySessionId, {
    message: 'Which payment is this?',
    path: ['gatewaySessionId'],
  })
export type CompletePaymentInput = z.input<typeof completePaymentInput>

export const refundPaymentInput = z.object({
  transactionId: uuid,
  /** minor units; left out = everything still refundable */
  amount: positiveMinorUnitsSchema.optional(),
  reason: z.string().trim().min(3, 'Give a reason (at least 3 characters).').max(500),
})
export type RefundPaymentInput = z.input<typeof refundPaymentInput>

export const receiveWebhookInput = z.object({
  provider: z.string().trim().min(1).max(40),
  rawBody: z.string().max(1_000_000),
  headers: z.record(z.string(), z.string().optional()),
  ip: z.string().max(100).nullable().optional(),
})
export type ReceiveWebhookInput = z.input<typeof receiveWebhookInput>
