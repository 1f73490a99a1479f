import { requirePermission } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { productGroupInput, updateProductGroupInput, uuidSchema } from './schemas'

const groupFields = {
  id: true,
  name: true,
  slug: true,
  headline: true,
  description: true,
  sortOrder: true,
  isHidden: true,
} as const

const slugTaken = () =>
  new DomainError('DUPLICATE', 'Another product group already uses this slug.', { field: 'slug' })
const notFound = () => new DomainError('NOT_FOUND', 'This product group does not exist.')

export async function createProductGroup(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const input = parseInput(productGroupInput, raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const group = await tx.db.productGroup.create({ data: input, select: groupFields })
      await recordAuditEvent(tx, {
        action: 'catalog.group.create',
        targetType: 'ProductGroup',
        targetId: group.id,
        after: group,
      })
      return group
    })
  } catch (error) {
    if (isUniqueViolation(error, 'slug')) throw slugTaken()
    throw error
  }
}

export async function updateProductGroup(ctx: Ctx, groupId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, groupId)
  const input = parseInput(updateProductGroupInput, raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.productGroup.findUnique({ where: { id }, select: groupFields })
      if (!before) throw notFound()
      const after = await tx.db.productGroup.update({ where: { id }, data: input, select: groupFields })
      const diff = diffFields(before as Record<string, unknown>, input)
      if (Object.keys(diff.after).length)
        await recordAuditEvent(tx, {
          action: 'catalog.group.update',
          targetType: 'ProductGroup',
          targetId: id,
          ...diff,
        })
      return after
    })
  } catch (error) {
    if (isUniqueViolation(error, 'slug')) throw slugTaken()
    throw error
  }
}

/** Deletes an empty group; a group with products is refused (move or delete them first). */
export async function deleteProductGroup(ctx: Ctx, groupId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuidSchema, groupId)
  await inTransaction(ctx, async (tx) => {
    const group = await tx.db.productGroup.findUnique({
      where: { id },
      select: { ...groupFields, _count: { select: { products: true } } },
    })
    if (!group) throw notFound()
    if (group._count.products > 0)
      throw new DomainError(
        'IN_USE',
        `This group still has ${group._count.products} product(s): move or delete them first.`,
      )
    await tx.db.productGroup.delete({ where: { id } })
    const { _count, ...shown } = group
    await recordAuditEvent(tx, {
      action: 'catalog.group.delete',
      targetType: 'ProductGroup',
      targetId: id,
      before: shown,
    })
  })
}
