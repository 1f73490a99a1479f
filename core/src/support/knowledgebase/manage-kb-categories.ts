import { requirePermission } from '../../access'
import { diffFields, recordAuditEvent } from '../../audit'
import {
  DomainError,
  isUniqueViolation,
  inTransaction,
  parseInput,
  partialUpdate,
  slugify,
  type Ctx,
} from '../../shared'
import { kbCategoryInput } from './schemas'

const select = {
  id: true,
  name: true,
  slug: true,
  description: true,
  parentId: true,
  sortOrder: true,
  isHidden: true,
} as const

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This knowledgebase category does not exist.')
}

function duplicateSlug(error: unknown): never {
  if (isUniqueViolation(error))
    throw new DomainError('DUPLICATE', 'Another category has this slug.', { field: 'slug' })
  throw error
}

function slugFrom(name: string, slug: string | undefined): string {
  const made = slug ?? slugify(name)
  if (!made)
    throw new DomainError('VALIDATION_FAILED', 'Give a slug: the name has no letters or digits.', {
      field: 'slug',
    })
  return made
}

/** Categories are one level deep: a parent must exist and must itself be top-level. */
async function checkParent(ctx: Ctx, id: string | null, parentId: string | null): Promise<void> {
  if (!parentId) return
  if (parentId === id)
    throw new DomainError('VALIDATION_FAILED', 'A category cannot be its own parent.', { field: 'parentId' })
  const parent = await ctx.db.kbCategory.findUnique({ where: { id: parentId }, select: { parentId: true } })
  if (!parent)
    throw new DomainError('VALIDATION_FAILED', 'Choose an existing category.', { field: 'parentId' })
  if (parent.parentId)
    throw new DomainError('VALIDATION_FAILED', 'Choose a top-level category as the parent.', {
      field: 'parentId',
    })
}

/** Staff (support.manage): a knowledgebase category; the slug is made from the name when empty. */
export async function createKbCategory(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(kbCategoryInput, raw)
  const data = { ...input, slug: slugFrom(input.name, input.slug) }
  return inTransaction(ctx, async (tx) => {
    await checkParent(tx, null, data.parentId)
    const row = await tx.db.kbCategory.create({ data, select }).catch(duplicateSlug)
    await recordAuditEvent(tx, {
      action: 'kb.category.create',
      targetType: 'KbCategory',
      targetId: row.id,
      after: data,
    })
    return row
  })
}

export async function updateKbCategory(ctx: Ctx, id: string, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const parsed = parseInput(partialUpdate(kbCategoryInput), raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.kbCategory.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    const data = { ...parsed }
    // An emptied slug field means "make it again from the (new) name".
    if ('slug' in raw_(raw) && data.slug === undefined)
      data.slug = slugFrom(data.name ?? before.name, undefined)
    if (data.parentId !== undefined) {
      await checkParent(tx, id, data.parentId)
      if (data.parentId && (await tx.db.kbCategory.count({ where: { parentId: id } })))
        throw new DomainError(
          'VALIDATION_FAILED',
          'This category has sub-categories: it must stay top-level.',
          {
            field: 'parentId',
          },
        )
    }
    const row = await tx.db.kbCategory.update({ where: { id }, data, select }).catch(duplicateSlug)
    const diff = diffFields(before, data)
    await recordAuditEvent(tx, {
      action: 'kb.category.update',
      targetType: 'KbCategory',
      targetId: id,
      before: diff.before,
      after: diff.after,
    })
    return row
  })
}

/** Only an empty category can be deleted (move or delete its articles and sub-categories first). */
export async function deleteKbCategory(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'support.manage')
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.kbCategory.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    const [articles, children] = await Promise.all([
      tx.db.kbArticle.count({ where: { categoryId: id } }),
      tx.db.kbCategory.count({ where: { parentId: id } }),
    ])
    if (articles || children)
      throw new DomainError(
        'IN_USE',
        'This category has articles or sub-categories: move them first, or hide it.',
      )
    await tx.db.kbCategory.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'kb.category.delete',
      targetType: 'KbCategory',
      targetId: id,
      before,
    })
    return { id }
  })
}

function raw_(raw: unknown): Record<string, unknown> {
  return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
}
