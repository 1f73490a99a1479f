import { z } from 'zod'
import type { RegisterInput } from '../accounts'
import { configurationRequestSchema, promoCodeSchema } from '../catalog'
import { CREDIT_GATEWAY, findGateway, MANUAL_GATEWAY } from '../billing'
import { currencyCodeSchema, minorUnitsSchema } from '../money'

/** How a request names a cart: a visitor by the token in its cookie, a client by id (or its own). */
export const cartRefSchema = z.object({
  token: z.string().trim().min(20).max(200).optional(),
  cartId: z.string().trim().uuid().optional(),
})
export type CartRef = z.input<typeof cartRefSchema>

export const openCartInput = z.object({
  token: z.string().trim().min(20).max(200).optional(),
  currency: currencyCodeSchema.optional(),
})

export const addCartItemInput = configurationRequestSchema.extend({
  cart: cartRefSchema,
  productId: z.string().trim().uuid('Choose a product.'),
})
export type AddCartItemInput = z.input<typeof addCartItemInput>

export const updateCartItemInput = z.object({
  cart: cartRefSchema,
  itemId: z.string().trim().uuid(),
  cycle: configurationRequestSchema.shape.cycle.optional(),
  options: configurationRequestSchema.shape.options.optional(),
  addonIds: z.array(z.string()).max(50).optional(),
  domain: configurationRequestSchema.shape.domain,
})

/** What the cart keeps for a domain besides its name and years (CartItem.options of a DOMAIN_* item). */
const eppCodeSchema = z
  .string({ message: 'Enter the EPP (transfer) code.' })
  .trim()
  .min(1, 'Enter the EPP (transfer) code from your current registrar.')
  .max(255, 'An EPP code has at most 255 characters.')
  .regex(/^[\x21-\x7e]+$/, 'An EPP code has no spaces or accented letters: copy it exactly.')

const domainYearsSchema = z.coerce
  .number({ message: 'Choose a number of years.' })
  .int('Whole years only.')
  .min(1, 'At least 1 year.')
  .max(10, 'At most 10 years.')

/** Nameserver lines as typed; empty lines are dropped, none at all means the defaults. */
const cartNameserversSchema = z
  .array(z.string().trim().max(253, 'A nameserver has at most 253 characters.'))
  .max(20, 'Enter at most 13 nameservers.')
  .transform((lines) => lines.filter((l) => l !== ''))

export const addDomainToCartInput = z.object({
  cart: cartRefSchema,
  action: z.enum(['register', 'transfer'], { message: 'Choose to register or to transfer the domain.' }),
  name: z
    .string({ message: 'Enter a domain name.' })
    .trim()
    .min(1, 'Enter a domain name.')
    .max(253, 'A domain name has at most 253 characters.'),
  /** default: the TLD's minimum */
  years: domainYearsSchema.optional(),
  eppCode: eppCodeSchema.optional(),
  nameservers: cartNameserversSchema.optional(),
  idProtection: z.boolean().optional(),
})
export type AddDomainToCartInput = z.input<typeof addDomainToCartInput>

export const updateDomainCartItemInput = z.object({
  cart: cartRefSchema,
  itemId: z.string().trim().uuid(),
  years: domainYearsSchema.optional(),
  eppCode: eppCodeSchema.optional(),
  nameservers: cartNameserversSchema.optional(),
  idProtection: z.boolean().optional(),
})
export type UpdateDomainCartItemInput = z.input<typeof updateDomainCartItemInput>

export const removeCartItemInput = z.object({ cart: cartRefSchema, itemId: z.string().trim().uuid() })
export const applyPromoCodeInput = z.object({ cart: cartRefSchema, code: promoCodeSchema })
export const cartOnlyInput = z.object({ cart: cartRefSchema })
export const cartSummaryInput = z.object({
  cart: cartRefSchema,
  /** a visitor's country (and state) to estimate tax; a client's own address is used otherwise */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  state: z.string().trim().max(100).optional(),
})

export const quoteProductInput = configurationRequestSchema.extend({
  productId: z.string().trim().uuid('Choose a product.'),
  currency: currencyCodeSchema,
  promoCode: z.string().trim().max(40).optional(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  state: z.string().trim().max(100).optional(),
})

export const paymentMethodSchema = z
  .string({ message: 'Choose a payment method' })
  .trim()
  .refine(
    (m) => m === MANUAL_GATEWAY || m === CREDIT_GATEWAY || !!findGateway(m),
    'Choose a payment method from the list',
  )

export const checkoutInput = z.object({
  cart: cartRefSchema,
  /** a visitor registers in place; a logged-in client leaves this out */
  newClient: z
    .custom<RegisterInput>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
      'Enter your details',
    )
    .optional(),
  acceptTerms: z.literal(true, { message: 'Please accept the terms of service' }),
  paymentMethod: paymentMethodSchema,
  /** the total the client saw, in minor units: a different recomputed total is PRICE_CHANGED */
  expectedTotal: minorUnitsSchema.optional(),
  /** one per checkout form: a double submit returns the same order */
  idempotencyKey: z.string().trim().min(16, 'The form is incomplete: reload the page').max(100),
  notes: z.string().trim().max(2000).optional(),
})
export type CheckoutInput = z.input<typeof checkoutInput>

export const listOrdersInput = z.object({
  clientId: z.string().trim().uuid().optional(),
  status: z.enum(['PENDING', 'ACTIVE', 'FRAUD', 'CANCELLED']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

export const orderActionInput = z.object({
  orderId: z.string().trim().uuid('Choose an existing order.'),
  reason: z.string().trim().max(500).optional(),
})
