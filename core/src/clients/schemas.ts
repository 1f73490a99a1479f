import { z } from 'zod'
import { addressFields, emailSchema, nameFields, passwordSchema } from '../accounts'

export const clientStatusSchema = z.enum(['ACTIVE', 'INACTIVE', 'CLOSED'], {
  message: 'Choose Active, Inactive or Closed',
})

const staffOnlyFields = {
  taxId: z
    .string()
    .trim()
    .max(40, 'Tax ID must be at most 40 characters')
    .optional()
    .transform((v) => v || null),
  isTaxExempt: z.boolean().optional(),
  notes: z
    .string()
    .trim()
    .max(5000)
    .optional()
    .transform((v) => v || null),
  currencyCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Choose a currency')
    .optional(),
}

export const createClientInput = z.object({
  ...nameFields,
  email: emailSchema,
  password: passwordSchema.optional().or(z.literal('').transform(() => undefined)),
  ...addressFields,
  ...staffOnlyFields,
})

export const updateClientInput = z.object({ ...addressFields, ...staffOnlyFields }).partial()

export const updateClientUserInput = z.object({ ...nameFields, email: emailSchema }).partial()
