import { z } from 'zod'
import { isTemplateName } from '@berth/emails'
import { currencyCodeSchema, minorUnitsSchema } from '../money'
import { BILLING_CYCLES } from './pricing/billing-cycles'
import { partialUpdate, withoutDefault } from '../shared'

/** Input schemas of the catalog use cases (staff, `catalog.manage`). Amounts are minor units. */
export const uuidSchema = z.string().trim().uuid('Choose an existing record.')

const name = (label: string, max = 120) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null))

export const slugSchema = z
  .string({ message: 'Slug is required' })
  .trim()
  .toLowerCase()
  .min(1, 'Slug is required')
  .max(80, 'Slug must be at most 80 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens, e.g. "vps-2gb"')

export const billingCycleSchema = z.enum(BILLING_CYCLES, { message: 'Choose a billing cycle' })

const nonNegativeAmount = minorUnitsSchema.refine((v) => v >= 0n, 'Prices cannot be negative.')

export const priceRowSchema = z.object({
  currency: currencyCodeSchema,
  cycle: billingCycleSchema,
  amount: nonNegativeAmount,
  setupFee: nonNegativeAmount.default(0n),
})

/** Every price of one product, addon or option choice; a cycle left out is not offered. */
export const priceRowsSchema = z
  .array(priceRowSchema)
  .max(100)
  .superRefine((rows, ctx) => {
    const seen = new Set<string>()
    rows.forEach((r, i) => {
      const key = `${r.currency}:${r.cycle}`
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'cycle'],
          message: `${r.cycle} in ${r.currency} is listed twice`,
        })
      seen.add(key)
    })
  })
export type PriceRowsInput = z.input<typeof priceRowsSchema>

export const productGroupInput = z.object({
  name: name('Name'),
  slug: slugSchema,
  headline: optionalText(200),
  description: optionalText(5000),
  sortOrder: z.coerce.number().int().min(0).max(100_000).default(0),
  isHidden: z.boolean().default(false),
})
export type ProductGroupInput = z.input<typeof productGroupInput>
export const updateProductGroupInput = partialUpdate(productGroupInput)

export const productTypeSchema = z.enum(['SHARED_HOSTING', 'RESELLER', 'VPS', 'DEDICATED', 'SAAS', 'OTHER'], {
  message: 'Choose a product type',
})

const welcomeEmailSchema = z
  .string()
  .trim()
  .nullable()
  .transform((v) => (v ? v : null))
  .refine(
    (v) => v === null || (isTemplateName(v) && v.startsWith('welcome')),
    'Choose a welcome email template',
  )

const productFields = {
  groupId: uuidSchema,
  type: productTypeSchema,
  name: name('Name'),
  slug: slugSchema,
  description: optionalText(10_000),
  features: z
    .array(z.string().trim().min(1).max(200, 'A feature must be at most 200 characters'))
    .max(40, 'At most 40 features')
    .default([]),
  isHidden: z.boolean().default(false),
  isRetired: z.boolean().default(false),
  stockControl: z.boolean().default(false),
  stockQuantity: z.coerce
    .number()
    .int('Stock must be a whole number')
    .min(0, 'Stock cannot be negative')
    .max(1_000_000)
    .default(0),
  domainRequirement: z.enum(['NONE', 'HOSTNAME', 'DOMAIN']).default('NONE'),
  autoSetup: z.enum(['ON_ORDER', 'ON_PAYMENT', 'ON_ACCEPT', 'NEVER']).default('ON_PAYMENT'),
  isTaxable: z.boolean().default(true),
  /** the email sent when the service becomes active (null: none) */
  welcomeEmail: welcomeEmailSchema.default('welcome'),
  provisioningModule: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null)),
  moduleSettings: z.record(z.string(), z.unknown()).default({}),
  serverGroupId: uuidSchema.nullish().transform((v) => v ?? null),
  sortOrder: z.coerce.number().int().min(0).max(100_000).default(0),
}

export const createProductInput = z.object({
  ...productFields,
  prices: priceRowsSchema.optional(),
  configOptionGroupIds: z.array(uuidSchema).max(50).optional(),
})
export type CreateProductInput = z.input<typeof createProductInput>

export const updateProductInput = z.object({
  groupId: productFields.groupId.optional(),
  type: productFields.type.optional(),
  name: productFields.name.optional(),
  slug: productFields.slug.optional(),
  description: optionalText(10_000).optional(),
  features: z.array(z.string().trim().min(1).max(200)).max(40).optional(),
  isHidden: z.boolean().optional(),
  isRetired: z.boolean().optional(),
  stockControl: z.boolean().optional(),
  stockQuantity: z.coerce
    .number()
    .int('Stock must be a whole number')
    .min(0, 'Stock cannot be negative')
    .max(1_000_000)
    .optional(),
  domainRequirement: withoutDefault(productFields.domainRequirement).optional(),
  autoSetup: withoutDefault(productFields.autoSetup).optional(),
  isTaxable: z.boolean().optional(),
  welcomeEmail: welcomeEmailSchema.optional(),
  provisioningModule: productFields.provisioningModule.optional(),
  moduleSettings: z.record(z.string(), z.unknown()).optional(),
  serverGroupId: uuidSchema.nullish(),
  sortOrder: withoutDefault(productFields.sortOrder).optional(),
  configOptionGroupIds: z.array(uuidSchema).max(50).optional(),
})
export type UpdateProductInput = z.input<typeof updateProductInput>

export const priceOwnerSchema = z.union([
  z.object({ productId: uuidSchema }),
  z.object({ addonId: uuidSchema }),
  z.object({ configOptionChoiceId: uuidSchema }),
])
export type PriceOwner = z.output<typeof priceOwnerSchema>

export const setPricesInput = z.object({ owner: priceOwnerSchema, prices: priceRowsSchema })
export type SetPricesInput = z.input<typeof setPricesInput>

export const configOptionGroupInput = z.object({
  name: name('Name'),
  description: optionalText(2000),
  productIds: z.array(uuidSchema).max(500).optional(),
})
export type ConfigOptionGroupInput = z.input<typeof configOptionGroupInput>
export const updateConfigOptionGroupInput = partialUpdate(configOptionGroupInput)

export const configOptionTypeSchema = z.enum(['DROPDOWN', 'RADIO', 'YES_NO', 'QUANTITY'], {
  message: 'Choose an option type',
})

const optionFields = {
  name: name('Name'),
  moduleKey: optionalText(80),
  type: configOptionTypeSchema,
  minQuantity: z.coerce.number().int().min(0).max(100_000).default(0),
  maxQuantity: z.coerce.number().int().min(0).max(100_000).default(0),
  unit: optionalText(40),
  sortOrder: z.coerce.number().int().min(0).max(100_000).default(0),
  isHidden: z.boolean().default(false),
}

function quantityRange(
  v: { type?: string; minQuantity?: number; maxQuantity?: number },
  ctx: z.RefinementCtx,
) {
  if (v.type === 'QUANTITY' && v.minQuantity !== undefined && v.maxQuantity !== undefined) {
    if (v.maxQuantity < 1)
      ctx.addIssue({ code: 'custom', path: ['maxQuantity'], message: 'The maximum must be at least 1' })
    if (v.minQuantity > v.maxQuantity)
      ctx.addIssue({
        code: 'custom',
        path: ['minQuantity'],
        message: 'The minimum cannot be above the maximum',
      })
  }
}

export const configOptionInput = z.object({ groupId: uuidSchema, ...optionFields }).superRefine(quantityRange)
export type ConfigOptionInput = z.input<typeof configOptionInput>
export const updateConfigOptionInput = z.object({
  name: optionFields.name.optional(),
  moduleKey: optionalText(80).optional(),
  minQuantity: z.coerce.number().int().min(0).max(100_000).optional(),
  maxQuantity: z.coerce.number().int().min(0).max(100_000).optional(),
  unit: optionalText(40).optional(),
  sortOrder: z.coerce.number().int().min(0).max(100_000).optional(),
  isHidden: z.boolean().optional(),
})

export const configOptionChoiceInput = z.object({
  optionId: uuidSchema,
  label: name('Label'),
  moduleValue: optionalText(200),
  sortOrder: z.coerce.number().int().min(0).max(100_000).default(0),
  isHidden: z.boolean().default(false),
  prices: priceRowsSchema.default([]),
})
export type ConfigOptionChoiceInput = z.input<typeof configOptionChoiceInput>
export const updateConfigOptionChoiceInput = z.object({
  label: name('Label').optional(),
  moduleValue: optionalText(200).optional(),
  sortOrder: z.coerce.number().int().min(0).max(100_000).optional(),
  isHidden: z.boolean().optional(),
})

export const addonInput = z.object({
  name: name('Name'),
  description: optionalText(2000),
  isHidden: z.boolean().default(false),
  isTaxable: z.boolean().default(true),
  showOnOrder: z.boolean().default(true),
  sortOrder: z.coerce.number().int().min(0).max(100_000).default(0),
  productIds: z.array(uuidSchema).max(500).default([]),
  prices: priceRowsSchema.optional(),
})
export type AddonInput = z.input<typeof addonInput>
export const updateAddonInput = z.object({
  name: name('Name').optional(),
  description: optionalText(2000).optional(),
  isHidden: z.boolean().optional(),
  isTaxable: z.boolean().optional(),
  showOnOrder: z.boolean().optional(),
  sortOrder: z.coerce.number().int().min(0).max(100_000).optional(),
  productIds: z.array(uuidSchema).max(500).optional(),
})

export const promoCodeSchema = z
  .string({ message: 'Enter a promotion code' })
  .trim()
  .toUpperCase()
  .min(3, 'A code has at least 3 characters')
  .max(40, 'A code has at most 40 characters')
  .regex(/^[A-Z0-9_-]+$/, 'Use letters, digits, - and _')

const promotionFields = {
  code: promoCodeSchema,
  description: optionalText(500),
  kind: z.enum(['PERCENT', 'FIXED'], { message: 'Choose percent or fixed amount' }),
  /** millionths: 10% = 100000 */
  percent: z.coerce
    .number()
    .int('Use millionths: 10% = 100000')
    .min(1, 'The percentage must be above 0')
    .max(1_000_000, 'At most 100%')
    .nullish(),
  amounts: z
    .array(
      z.object({
        currency: currencyCodeSchema,
        amount: minorUnitsSchema.refine((v) => v > 0n, 'The amount must be more than zero.'),
      }),
    )
    .max(50)
    .default([]),
  appliesToSetup: z.boolean().default(false),
  isRecurring: z.boolean().default(false),
  recurringCycles: z.coerce.number().int().min(1, 'At least one payment').max(1000).nullish(),
  cycles: z.array(billingCycleSchema).max(7).default([]),
  productIds: z.array(uuidSchema).max(500).default([]),
  startsAt: z.coerce.date().nullish(),
  endsAt: z.coerce.date().nullish(),
  maxUses: z.coerce.number().int().min(1, 'At least one use').max(10_000_000).nullish(),
  oncePerClient: z.boolean().default(false),
  newClientsOnly: z.boolean().default(false),
  isActive: z.boolean().default(true),
}

function promotionRules(
  v: {
    kind?: string
    percent?: number | null
    amounts?: { currency: string }[]
    startsAt?: Date | null
    endsAt?: Date | null
  },
  ctx: z.RefinementCtx,
) {
  if (v.kind === 'PERCENT' && !v.percent)
    ctx.addIssue({ code: 'custom', path: ['percent'], message: 'Enter the percentage' })
  if (v.kind === 'FIXED' && !v.amounts?.length)
    ctx.addIssue({
      code: 'custom',
      path: ['amounts'],
      message: 'Enter the amount off in at least one currency',
    })
  if (v.amounts && new Set(v.amounts.map((a) => a.currency)).size !== v.amounts.length)
    ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'One amount per currency' })
  if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt)
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start' })
}

export const promotionInput = z.object(promotionFields).superRefine(promotionRules)
export type PromotionInput = z.input<typeof promotionInput>
export const updatePromotionInput = z
  .object({
    description: promotionFields.description.optional(),
    percent: promotionFields.percent,
    amounts: withoutDefault(promotionFields.amounts).optional(),
    appliesToSetup: z.boolean().optional(),
    isRecurring: z.boolean().optional(),
    recurringCycles: promotionFields.recurringCycles,
    cycles: z.array(billingCycleSchema).max(7).optional(),
    productIds: z.array(uuidSchema).max(500).optional(),
    startsAt: promotionFields.startsAt,
    endsAt: promotionFields.endsAt,
    maxUses: promotionFields.maxUses,
    oncePerClient: z.boolean().optional(),
    newClientsOnly: z.boolean().optional(),
    isActive: z.boolean().optional(),
  })
  .superRefine(promotionRules)
