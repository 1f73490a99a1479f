import { z } from 'zod'
import { configurationRequestSchema } from '../catalog'
import { dateOnlySchema } from '../billing'

export const serviceIdSchema = z.string().trim().uuid('Choose an existing service.')

export const suspendServiceInput = z.object({
  serviceId: serviceIdSchema,
  reason: z.string().trim().min(1, 'Give a reason').max(500),
  /** set by the overdue automation: paying the overdue invoice unsuspends the service */
  forNonPayment: z.boolean().default(false),
})

export const serviceActionInput = z.object({
  serviceId: serviceIdSchema,
  reason: z.string().trim().max(500).optional(),
})

export const cancellationInput = z.object({
  serviceId: serviceIdSchema,
  type: z.enum(['IMMEDIATE', 'END_OF_PERIOD'], { message: 'Choose when to cancel' }),
  reason: z.string().trim().min(3, 'Tell us why (at least 3 characters)').max(2000),
})

export const packageChangeInput = z.object({
  serviceId: serviceIdSchema,
  productId: z.string().trim().uuid('Choose a product.'),
  /** the new configuration's options (optionId → choice / yes-no / quantity); the cycle stays */
  options: configurationRequestSchema.shape.options,
})

export const changeBillingCycleInput = z.object({
  serviceId: serviceIdSchema,
  cycle: z.enum(['MONTHLY', 'QUARTERLY', 'SEMI_ANNUAL', 'ANNUAL', 'BIENNIAL', 'TRIENNIAL'], {
    message: 'Choose a recurring billing cycle',
  }),
})

export const changeNextDueDateInput = z.object({ serviceId: serviceIdSchema, nextDueDate: dateOnlySchema })

export const listServicesInput = z.object({
  clientId: z.string().trim().uuid().optional(),
  status: z.enum(['PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'CANCELLED', 'FRAUD']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})
