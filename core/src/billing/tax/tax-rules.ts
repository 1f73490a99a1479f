import { z } from 'zod'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import {
  COUNTRY_CODES,
  EU_COUNTRY_CODES,
  DomainError,
  inTransaction,
  parseInput,
  type Ctx,
} from '../../shared'
import { formatPercent } from '../../money'

/**
 * Staff manage the tax rules that resolveTaxRates reads (docs/decisions/0012-money-and-tax.md):
 * a name, where it applies (every country, one country, or one state of it), a rate, a level (1,
 * or 2 after level 1, compound or not) and the EU VAT flag (dropped for reverse charge). Rates are
 * entered as percentage text ("20", "8.875") and stored as integer millionths (200000, 88750): the
 * text is parsed as digits, never through a float. Changing a rule never touches published invoices
 * (their tax lines are copies); drafts pick the change up when they are saved or published.
 */

/** Percent text → millionths: "20" → 200000, "8.875" → 88750, "0.0001" → 1. At most 4 decimals, 0 to 100. */
export function parsePercent(text: string): number | string {
  const t = text.trim().replace(/\s*%$/, '')
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(t)
  if (!m)
    return /^\d{1,3}\.\d{5,}$/.test(t)
      ? 'Use at most 4 decimals (e.g. 8.875).'
      : 'Enter a percentage such as 20 or 8.875.'
  const millionths = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
  if (millionths > 1_000_000) return 'A rate cannot be more than 100%.'
  return millionths
}

const percentText = z.string().transform((text, ctx) => {
  const parsed = parsePercent(text)
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed })
    return z.NEVER
  }
  return parsed
})

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v)

const country = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (c) => (COUNTRY_CODES as readonly string[]).includes(c),
      'Choose a country, or leave it empty for every country.',
    )
    .nullable(),
)
const state = z.preprocess(blankToNull, z.string().trim().max(60, 'At most 60 characters.').nullable())

const taxRuleFields = {
  name: z.string().trim().min(1, 'Name the tax (e.g. VAT).').max(80, 'At most 80 characters.'),
  country,
  state,
  /** percentage as typed: "20", "8.875" */
  ratePercent: percentText,
  level: z.coerce.number().int('Level 1 or 2.').min(1, 'Level 1 or 2.').max(2, 'Level 1 or 2.'),
  isCompound: z.boolean(),
  isEuVat: z.boolean(),
  isActive: z.boolean(),
}

type RuleShape = {
  country: string | null
  state: string | null
  level: number
  isCompound: boolean
  isEuVat: boolean
}

function ruleIssues(rule: RuleShape, ctx: z.RefinementCtx) {
  if (rule.state && !rule.country)
    ctx.addIssue({ code: 'custom', path: ['state'], message: 'A state rule needs its country.' })
  if (rule.isCompound && rule.level !== 2)
    ctx.addIssue({
      code: 'custom',
      path: ['isCompound'],
      message: 'Only a level 2 rule can be compound (applied on top of level 1 taxes).',
    })
  if (rule.isEuVat && (!rule.country || !(EU_COUNTRY_CODES as readonly string[]).includes(rule.country))) {
    ctx.addIssue({
      code: 'custom',
      path: ['isEuVat'],
      message: 'Only a rule for an EU member state can be EU VAT.',
    })
  }
}

export const createTaxRuleInput = z
  .object({
    ...taxRuleFields,
    country: taxRuleFields.country.default(null),
    state: taxRuleFields.state.default(null),
    level: taxRuleFields.level.default(1),
    isCompound: taxRuleFields.isCompound.default(false),
    isEuVat: taxRuleFields.isEuVat.default(false),
    isActive: taxRuleFields.isActive.default(true),
  })
  .superRefine((v, ctx) => ruleIssues(v, ctx))
export type CreateTaxRuleInput = z.input<typeof createTaxRuleInput>

export const updateTaxRuleInput = z.object({
  id: z.string().trim().uuid('Choose an existing tax rule.'),
  name: taxRuleFields.name.optional(),
  country: taxRuleFields.country.optional(),
  state: taxRuleFields.state.optional(),
  ratePercent: taxRuleFields.ratePercent.optional(),
  level: taxRuleFields.level.optional(),
  isCompound: taxRuleFields.isCompound.optional(),
  isEuVat: taxRuleFields.isEuVat.optional(),
  isActive: taxRuleFields.isActive.optional(),
})
export type UpdateTaxRuleInput = z.input<typeof updateTaxRuleInput>

export interface TaxRuleView {
  id: string
  name: string
  country: string | null
  state: string | null
  /** millionths */
  rate: number
  /** "20", "8.875" */
  ratePercent: string
  level: number
  isCompound: boolean
  isEuVat: boolean
  isActive: boolean
  createdAt: Date
  updatedAt: Date
}

const select = {
  id: true,
  name: true,
  country: true,
  state: true,
  rate: true,
  level: true,
  isCompound: true,
  isEuVat: true,
  isActive: true,
  createdAt: true,
  updatedAt: true,
} as const

function view(row: Omit<TaxRuleView, 'ratePercent'>): TaxRuleView {
  return { ...row, ratePercent: formatPercent(row.rate) }
}

const audited = (r: Omit<TaxRuleView, 'ratePercent' | 'createdAt' | 'updatedAt' | 'id'>) => ({
  name: r.name,
  country: r.country,
  state: r.state,
  rate: r.rate,
  level: r.level,
  isCompound: r.isCompound,
  isEuVat: r.isEuVat,
  isActive: r.isActive,
})

const notFound = () => new DomainError('NOT_FOUND', 'This tax rule does not exist.')

/** Staff (`billing.view`) list every tax rule: the rates the console offers, by country, state and level. */
export async function listTaxRules(ctx: Ctx): Promise<TaxRuleView[]> {
  requirePermission(ctx.actor, 'billing.view')
  const rows = await ctx.db.taxRule.findMany({
    select,
    orderBy: [{ country: 'asc' }, { state: 'asc' }, { level: 'asc' }, { name: 'asc' }],
  })
  return rows.map(view)
}

/** Staff (`billing.manage`) add a tax rule. */
export async function createTaxRule(ctx: Ctx, raw: unknown): Promise<TaxRuleView> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(createTaxRuleInput, raw)
  return inTransaction(ctx, async (tx) => {
    const { ratePercent, ...rest } = input
    const row = await tx.db.taxRule.create({ data: { ...rest, rate: ratePercent }, select })
    await recordAuditEvent(tx, {
      action: 'tax.rule.create',
      targetType: 'TaxRule',
      targetId: row.id,
      after: audited(row),
    })
    return view(row)
  })
}

/** Staff (`billing.manage`) change a tax rule; fields left out keep their value. */
export async function updateTaxRule(ctx: Ctx, raw: unknown): Promise<TaxRuleView> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(updateTaxRuleInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.taxRule.findUnique({ where: { id: input.id }, select })
    if (!before) throw notFound()
    const { id, ratePercent, ...fields } = input
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
    const next = { ...before, ...patch, rate: ratePercent ?? before.rate }
    // The combination is checked as it will be stored (a level change can make "compound" wrong).
    const combined = z
      .object({})
      .superRefine((_, c) => ruleIssues(next, c))
      .safeParse({})
    if (!combined.success) {
      const issues = combined.error.issues.map((i) => ({
        field: i.path.map(String).join('.') || 'form',
        message: i.message,
      }))
      throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { issues, field: issues[0]!.field })
    }
    const row = await tx.db.taxRule.update({ where: { id }, data: { ...patch, rate: next.rate }, select })
    await recordAuditEvent(tx, {
      action: 'tax.rule.update',
      targetType: 'TaxRule',
      targetId: id,
      before: audited(before),
      after: audited(row),
    })
    return view(row)
  })
}

/**
 * Staff (`billing.manage`) delete a tax rule. Invoices keep their tax lines (copies of name and
 * rate), so nothing published changes; set the rule inactive instead to keep it for later.
 */
export async function deleteTaxRule(ctx: Ctx, raw: unknown): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'billing.manage')
  const { id } = parseInput(z.object({ id: z.string().trim().uuid('Choose an existing tax rule.') }), raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.taxRule.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    await tx.db.taxRule.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'tax.rule.delete',
      targetType: 'TaxRule',
      targetId: id,
      before: audited(before),
    })
    return { id }
  })
}
