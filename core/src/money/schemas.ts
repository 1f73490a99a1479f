import { z } from 'zod'
import { MAX_AMOUNT } from './money'

/**
 * An amount in minor units as it arrives from a form or JSON: a bigint, a safe integer, or a
 * string of digits ("1234" = 12.34 USD). Money crosses JSON as strings (STYLE rule 5).
 */
export const minorUnitsSchema = z
  .union([
    z.bigint(),
    z.number().int('Use whole minor units (cents).').refine(Number.isSafeInteger, 'The amount is too large.'),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,19}$/, 'Use whole minor units (cents), e.g. "1234".'),
  ])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_AMOUNT && v >= -MAX_AMOUNT, 'The amount is too large.')

export const positiveMinorUnitsSchema = minorUnitsSchema.refine(
  (v) => v > 0n,
  'The amount must be more than zero.',
)

export const currencyCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD.'))
