import {
  flat,
  NotFoundError,
  type ActionContext,
  type ActionRequest,
  type RecordActionResponse,
} from 'adminjs'
import { DomainError, inTransaction, setPrices, type Ctx } from '@berth/core'
import type { Db } from '@berth/prisma'
import { formInput, toAdminError, type FieldMap, type FormFields } from '../actions/core-actions'
import { ctxFor } from '../auth/current-admin'
import { moduleSettingsFromForm } from './module-form'
import { activeCurrencies, parsePricing, type PriceRowInput } from './pricing'

/** The product form → core's createProduct / updateProduct input (and the pricing table's rows). */
export const PRODUCT_FIELDS: FormFields = {
  groupId: 'text',
  type: 'text',
  name: 'text',
  slug: 'text',
  description: 'text',
  features: 'list',
  isHidden: 'boolean',
  isRetired: 'boolean',
  stockControl: 'boolean',
  stockQuantity: 'text',
  domainRequirement: 'text',
  autoSetup: 'text',
  isTaxable: 'boolean',
  welcomeEmail: 'text',
  provisioningModule: 'text',
  serverGroupId: 'text',
  sortOrder: 'text',
  configOptionGroupIds: 'list',
}

/** Core field → form property, for errors (core says groupId, the form has the `group` picker). */
export const PRODUCT_FIELD_MAP: FieldMap = {
  groupId: 'group',
  serverGroupId: 'serverGroup',
  prices: 'pricing',
}

/** The welcome email picker's "none" (AdminJS selects cannot hold null). */
export const NO_EMAIL = 'none'

/** `currentModule`: on an edit that does not send the module, the product's own (its secrets are recognised by it). */
export function productInput(
  payload: Record<string, unknown> | undefined,
  currentModule: string | null = null,
): Record<string, unknown> {
  const input = formInput(payload, PRODUCT_FIELDS, PRODUCT_FIELD_MAP)
  const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload ?? {})
  if (Array.isArray(input.features))
    input.features = (input.features as string[]).map((f) => f.trim()).filter(Boolean)
  if (Array.isArray(input.configOptionGroupIds))
    input.configOptionGroupIds = (input.configOptionGroupIds as string[]).filter(Boolean)
  if (input.serverGroupId === '') input.serverGroupId = null
  if (input.welcomeEmail === NO_EMAIL || input.welcomeEmail === '') input.welcomeEmail = null
  if (input.provisioningModule === '') input.provisioningModule = null
  const module =
    input.provisioningModule === undefined ? currentModule : (input.provisioningModule as string | null)
  if (Object.hasOwn(data, 'moduleSettings'))
    input.moduleSettings = moduleSettingsFromForm(module, data.moduleSettings)
  return input
}

/** The pricing table part of a form, parsed (undefined when the form has no table). */
export async function pricingInput(
  db: Db,
  payload: Record<string, unknown> | undefined,
): Promise<PriceRowInput[] | undefined> {
  const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload ?? {})
  if (!Object.hasOwn(data, 'pricing')) return undefined
  return parsePricing(data.pricing, await activeCurrencies(db))
}

const key = (rows: readonly { currency: string; cycle: string; amount: bigint; setupFee: bigint }[]) =>
  rows
    .map((r) => `${r.currency}:${r.cycle}:${r.amount}:${r.setupFee}`)
    .sort()
    .join('|')

export type Owner = { productId: string } | { addonId: string } | { configOptionChoiceId: string }

/** Sets an owner's prices through core, unless they are exactly the stored ones (no empty audit event). */
export async function savePricesIfChanged(ctx: Ctx, owner: Owner, rows: PriceRowInput[]): Promise<boolean> {
  const stored = await ctx.db.price.findMany({
    where: owner,
    select: { currencyCode: true, cycle: true, amount: true, setupFee: true },
  })
  if (key(stored.map((p) => ({ ...p, currency: p.currencyCode }))) === key(rows)) return false
  await setPrices(ctx, { owner, prices: rows })
  return true
}

/** Runs a change and a price change in one transaction (a refused price leaves the change undone too). */
export function withPrices(
  ctx: Ctx,
  owner: Owner,
  rows: PriceRowInput[] | undefined,
  change: (tx: Ctx) => Promise<unknown>,
): Promise<unknown> {
  return inTransaction(ctx, async (tx) => {
    await change(tx)
    if (rows) await savePricesIfChanged(tx, owner, rows)
  })
}

/**
 * The "Prices" action of products and addons: GET shows the pricing table filled from the record,
 * POST parses it (core's parseAmount per currency) and saves it with core's setPrices. A bad cell is
 * a field error on that cell and nothing is written.
 */
export function setPricesHandler(db: Db, ownerOf: (id: string) => Owner) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'setPrices')
    if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) }
    const id = String(record.id())
    try {
      const rows = await pricingInput(db, request.payload)
      if (rows === undefined)
        throw new DomainError(
          'VALIDATION_FAILED',
          'The pricing table was not sent. Reload the page and try again.',
          { field: 'pricing' },
        )
      await setPrices(ctxFor(db, request), { owner: ownerOf(id), prices: rows })
    } catch (error) {
      toAdminError(error, { prices: 'pricing' }, response as never)
    }
    const reloaded = await context.resource.findOne(id, context)
    return {
      record: (reloaded ?? record).toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: 'The prices were saved.', type: 'success' },
    }
  }
}
