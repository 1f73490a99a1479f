import { z } from 'zod'
import { isCountryCode } from '../shared'

/**
 * Input schemas of the account use cases. Apps parse form data with these (or let the use case do
 * it) so the same rules and messages apply at every door.
 */
const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : null))

export const emailSchema = z
  .string({ message: 'Email is required' })
  .trim()
  .toLowerCase()
  .min(1, 'Email is required')
  .max(254, 'Email must be at most 254 characters')
  .email('Enter a valid email address')

export const PASSWORD_MIN = 10
export const passwordSchema = z
  .string({ message: 'Password is required' })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(200, 'Password must be at most 200 characters')

export const countrySchema = z
  .string({ message: 'Country is required' })
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'Choose a country from the list')

export const phoneSchema = z
  .string({ message: 'Phone is required' })
  .trim()
  .min(1, 'Phone is required')
  .regex(/^\+?[0-9 ()\-.]{6,24}$/, 'Enter a phone number of digits, spaces and + - ( )')

export const addressFields = {
  companyName: optionalText('Company', 120),
  address1: requiredText('Address', 200),
  address2: optionalText('Address line 2', 200),
  city: requiredText('City', 100),
  state: optionalText('State or region', 100),
  postcode: optionalText('Postcode', 20),
  country: countrySchema,
  phone: phoneSchema,
}

export const nameFields = {
  firstName: requiredText('First name', 60),
  lastName: requiredText('Last name', 60),
}

export const registerInput = z.object({
  ...nameFields,
  email: emailSchema,
  password: passwordSchema,
  ...addressFields,
})
export type RegisterInput = z.input<typeof registerInput>

export const loginInput = z.object({
  email: emailSchema,
  password: z.string({ message: 'Password is required' }).min(1, 'Password is required').max(200),
})
export type LoginInput = z.input<typeof loginInput>

export const forgotPasswordInput = z.object({ email: emailSchema })

export const resetPasswordInput = z
  .object({
    token: z.string().min(1, 'The reset link is incomplete').max(200),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })

export const updateProfileInput = z.object({ ...nameFields, ...addressFields })
export type UpdateProfileInput = z.input<typeof updateProfileInput>

export const changeEmailInput = z.object({
  email: emailSchema,
  currentPassword: z.string().min(1, 'Enter your current password to confirm').max(200),
})

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(200),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })
