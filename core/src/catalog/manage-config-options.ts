import type { DbClient } from '@berth/prisma'
import { requirePermission } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { priceRowsForJson, replacePrices } from './prices'
import {
  configOptionChoiceInput,
  configOptionGroupInput,
  configOptionInput,
  updateConfigOptionChoiceInput,
  updateConfigOptionGroupInput,
  updateConfigOptionInput,
  uuidSchema,
} from './schemas'

/**
 * Configurable options (staff, `catalog.manage`): a group of options shared by any number of
 * products; each option is a dropdown, radio, yes/no or quantity; each choice has its own prices
 * per cycle and currency. A yes/no option has one choice (the price of "yes"); a quantity option
 * has one choice (the price per unit).
 */
const groupFields = { id: true, name: true, description: true } as const
const optionFields = {
  id: true,
  groupId: true,
  name: true,
  moduleKey: true,
  type: true,
  minQuantity: true,
  maxQuantity: true,
  unit: true,
  sortOrder: true,
  isHidden: true,
} as const
const choiceFields = {
  id: true,
  optionId: true,
  label: true,
  moduleValue: true,
  sortOrder: true,
  isHidden: true,
} as const

async function linkProducts(db: DbClient, groupId: string, productIds: readonly string[]) {
  const unique = [...new Set(productIds)]
  if ((await db.product.count({ where: { id: { in: unique } } })) !== unique.length)
    throw new DomainError('VALIDATION_FAILED', 'Choose existing products.', { field: 'productIds' })
  await db.productConfigOptionGroup.deleteMany({ where: { groupId } })
  if (unique.length)
    await db.productConfigOptionGroup.createMany({
      data: unique.map((productId) => ({ productId, groupId })),
    })
}

export async function createConfigOptionGroup(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const { productIds, ...data } = parseInput(configOptionGroupInput, raw)
  return inTransaction(ctx, async (tx) => {
    const group = await tx.db.configOptionGroup.create({ data, select: groupFields })
    if (productIds) await linkProducts(tx.db, group.id, productIds)
    await recordAuditEvent(tx, {
      action: 'catalog.option-group.create',
      targetType: 'ConfigOptionGroup',
      targetId: group.id,
      after: { ...group, productIds: productIds ?? [] },
    })
    return group
  })
}

export async function updateConfigOptionGroup(ctx: Ctx, groupId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, groupId)
  const { productIds, ...data } = parseInput(updateConfigOptionGroupInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.configOptionGroup.findUnique({ where: { id }, select: groupFields })
    if (!before) throw new DomainError('NOT_FOUND', 'This option group does not exist.')
    const after = await tx.db.configOptionGroup.update({ where: { id }, data, select: groupFields })
    if (productIds) await linkProducts(tx.db, id, productIds)
    const diff = diffFields(before as Record<string, unknown>, data)
    if (productIds) (diff.after as Record<string, unknown>).productIds = productIds
    if (Object.keys(diff.after).length)
      await recordAuditEvent(tx, {
        action: 'catalog.option-group.update',
        targetType: 'ConfigOptionGroup',
        targetId: id,
        ...diff,
      })
    return after
  })
}

async function assertOptionsUnused(
  db: DbClient,
  where: { optionId?: { in: string[] } | string; choiceId?: string },
  what: string,
) {
  const used = await db.serviceConfigOption.count({ where })
  if (used > 0) throw new DomainError('IN_USE', `${used} service(s) use this ${what}: hide it instead.`)
}

export async function deleteConfigOptionGroup(ctx: Ctx, groupId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, groupId)
  await inTransaction(ctx, async (tx) => {
    const group = await tx.db.configOptionGroup.findUnique({
      where: { id },
      select: { ...groupFields, options: { select: { id: true } } },
    })
    if (!group) throw new DomainError('NOT_FOUND', 'This option group does not exist.')
    await assertOptionsUnused(tx.db, { optionId: { in: group.options.map((o) => o.id) } }, 'option group')
    await tx.db.configOptionGroup.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'catalog.option-group.delete',
      targetType: 'ConfigOptionGroup',
      targetId: id,
      before: { name: group.name },
    })
  })
}

export async function createConfigOption(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const input = parseInput(configOptionInput, raw)
  const data = input.type === 'QUANTITY' ? input : { ...input, minQuantity: 0, maxQuantity: 0 }
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.db.configOptionGroup.findUnique({ where: { id: data.groupId }, select: { id: true } })))
      throw new DomainError('VALIDATION_FAILED', 'Choose an existing option group.', { field: 'groupId' })
    const option = await tx.db.configOption.create({ data, select: optionFields })
    await recordAuditEvent(tx, {
      action: 'catalog.option.create',
      targetType: 'ConfigOption',
      targetId: option.id,
      after: option,
    })
    return option
  })
}

export async function updateConfigOption(ctx: Ctx, optionId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, optionId)
  const input = parseInput(updateConfigOptionInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.configOption.findUnique({ where: { id }, select: optionFields })
    if (!before) throw new DomainError('NOT_FOUND', 'This option does not exist.')
    const min = input.minQuantity ?? before.minQuantity
    const max = input.maxQuantity ?? before.maxQuantity
    if (before.type === 'QUANTITY' && (max < 1 || min > max))
      throw new DomainError(
        'VALIDATION_FAILED',
        'The minimum must be between 0 and the maximum, and the maximum at least 1.',
        { field: 'minQuantity' },
      )
    const data = before.type === 'QUANTITY' ? input : { ...input, minQuantity: 0, maxQuantity: 0 }
    const after = await tx.db.configOption.update({ where: { id }, data, select: optionFields })
    const diff = diffFields(before as Record<string, unknown>, data)
    if (Object.keys(diff.after).length)
      await recordAuditEvent(tx, {
        action: 'catalog.option.update',
        targetType: 'ConfigOption',
        targetId: id,
        ...diff,
      })
    return after
  })
}

export async function deleteConfigOption(ctx: Ctx, optionId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, optionId)
  await inTransaction(ctx, async (tx) => {
    const option = await tx.db.configOption.findUnique({ where: { id }, select: optionFields })
    if (!option) throw new DomainError('NOT_FOUND', 'This option does not exist.')
    await assertOptionsUnused(tx.db, { optionId: id }, 'option')
    await tx.db.configOption.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'catalog.option.delete',
      targetType: 'ConfigOption',
      targetId: id,
      before: option,
    })
  })
}

export async function createConfigOptionChoice(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const { prices, ...data } = parseInput(configOptionChoiceInput, raw)
  return inTransaction(ctx, async (tx) => {
    const option = await tx.db.configOption.findUnique({
      where: { id: data.optionId },
      select: { type: true, _count: { select: { choices: true } } },
    })
    if (!option)
      throw new DomainError('VALIDATION_FAILED', 'Choose an existing option.', { field: 'optionId' })
    if ((option.type === 'YES_NO' || option.type === 'QUANTITY') && option._count.choices > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `A ${option.type === 'YES_NO' ? 'yes/no' : 'quantity'} option has a single choice that carries its price: edit that one.`,
        { field: 'optionId' },
      )
    }
    const choice = await tx.db.configOptionChoice.create({ data, select: choiceFields })
    await replacePrices(tx.db, { configOptionChoiceId: choice.id }, prices)
    await recordAuditEvent(tx, {
      action: 'catalog.choice.create',
      targetType: 'ConfigOptionChoice',
      targetId: choice.id,
      after: { ...choice, prices: priceRowsForJson(prices) },
    })
    return choice
  })
}

export async function updateConfigOptionChoice(ctx: Ctx, choiceId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, choiceId)
  const input = parseInput(updateConfigOptionChoiceInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.configOptionChoice.findUnique({ where: { id }, select: choiceFields })
    if (!before) throw new DomainError('NOT_FOUND', 'This choice does not exist.')
    const after = await tx.db.configOptionChoice.update({ where: { id }, data: input, select: choiceFields })
    const diff = diffFields(before as Record<string, unknown>, input)
    if (Object.keys(diff.after).length)
      await recordAuditEvent(tx, {
        action: 'catalog.choice.update',
        targetType: 'ConfigOptionChoice',
        targetId: id,
        ...diff,
      })
    return after
  })
}

export async function deleteConfigOptionChoice(ctx: Ctx, choiceId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, choiceId)
  await inTransaction(ctx, async (tx) => {
    const choice = await tx.db.configOptionChoice.findUnique({ where: { id }, select: choiceFields })
    if (!choice) throw new DomainError('NOT_FOUND', 'This choice does not exist.')
    await assertOptionsUnused(tx.db, { choiceId: id }, 'choice')
    await tx.db.configOptionChoice.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'catalog.choice.delete',
      targetType: 'ConfigOptionChoice',
      targetId: id,
      before: choice,
    })
  })
}
