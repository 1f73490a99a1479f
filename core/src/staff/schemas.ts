import { z } from 'zod'
import { emailSchema, nameFields, passwordSchema } from '../accounts'
import { isPermission } from '../access'

export const staffStatusSchema = z.enum(['ACTIVE', 'DISABLED'], { message: 'Choose Active or Disabled' })
const roleId = z.string({ message: 'Role is required' }).uuid('Choose a role')

export const createStaffInput = z.object({
  ...nameFields,
  email: emailSchema,
  roleId,
  password: passwordSchema,
})
export const updateStaffInput = z
  .object({
    ...nameFields,
    email: emailSchema,
    roleId,
    status: staffStatusSchema,
    password: passwordSchema.optional().or(z.literal('').transform(() => undefined)),
  })
  .partial()
export const updateOwnStaffProfileInput = z.object({ ...nameFields, email: emailSchema })
export const changeOwnStaffPasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })

const permissionList = z
  .array(z.string().refine(isPermission, { message: 'Unknown permission' }))
  .transform((list) => [...new Set(list)].sort())

export const roleInput = z.object({
  name: z
    .string({ message: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(60, 'Name must be at most 60 characters'),
  description: z
    .string()
    .trim()
    .max(300)
    .optional()
    .transform((v) => v || null),
  permissions: permissionList,
})
export const updateRoleInput = roleInput.partial()

export const staffLoginInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required').max(200),
})
