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
import { kbArticleInput } from './schemas'

const select = {
  id: true,
  categoryId: true,
  title: true,
  slug: true,
  body: true,
  isPublished: true,
} as const

type Tx = Ctx & { db: import('@berth/prisma').DbClient }

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This knowledgebase article does not exist.')
}

function duplicateSlug(error: unknown): never {
  if (isUniqueViolation(error))
    throw new DomainError('DUPLICATE', 'Another article has this slug.', { field: 'slug' })
  throw error
}

function slugFrom(title: string, slug: string | undefined): string {
  const made = slug ?? slugify(title)
  if (!made)
    throw new DomainError('VALIDATION_FAILED', 'Give a slug: the title has no letters or digits.', {
      field: 'slug',
    })
  return made
}

async function checkCategory(tx: Tx, categoryId: string): Promise<void> {
  const found = await tx.db.kbCategory.findUnique({ where: { id: categoryId }, select: { id: true } })
  if (!found)
    throw new DomainError('VALIDATION_FAILED', 'Choose an existing category.', { field: 'categoryId' })
}

/** Replaces the article's "see also" list; every id must be another existing article. */
async function setRelated(tx: Tx, articleId: string, relatedIds: string[]): Promise<string[]> {
  const ids = [...new Set(relatedIds)]
  if (ids.includes(articleId))
    throw new DomainError('VALIDATION_FAILED', 'An article cannot be related to itself.', {
      field: 'relatedIds',
    })
  if (ids.length) {
    const found = await tx.db.kbArticle.count({ where: { id: { in: ids } } })
    if (found !== ids.length)
      throw new DomainError('VALIDATION_FAILED', 'Choose existing articles.', { field: 'relatedIds' })
  }
  await tx.db.kbArticleRelation.deleteMany({ where: { articleId } })
  if (ids.length)
    await tx.db.kbArticleRelation.createMany({
      data: ids.map((relatedId, position) => ({ articleId, relatedId, position })),
    })
  return ids
}

/** Slugs (as staff type them) to ids, in order; an unknown slug is a field error. */
async function idsForSlugs(tx: Tx, slugs: string[]): Promise<string[]> {
  const rows = await tx.db.kbArticle.findMany({
    where: { slug: { in: slugs } },
    select: { id: true, slug: true },
  })
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]))
  const unknown = slugs.filter((s) => !bySlug.has(s))
  if (unknown.length)
    throw new DomainError('VALIDATION_FAILED', `No article has the slug "${unknown[0]}".`, {
      field: 'relatedSlugs',
    })
  return slugs.map((s) => bySlug.get(s)!)
}

async function relatedIdsOf(tx: Tx, articleId: string): Promise<string[]> {
  const rows = await tx.db.kbArticleRelation.findMany({
    where: { articleId },
    orderBy: { position: 'asc' },
    select: { relatedId: true },
  })
  return rows.map((r) => r.relatedId)
}

/** Staff (support.manage): a knowledgebase article in Markdown; the slug is made from the title when empty. */
export async function createKbArticle(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const { relatedIds, relatedSlugs, ...input } = parseInput(kbArticleInput, raw)
  const data = { ...input, slug: slugFrom(input.title, input.slug) }
  return inTransaction(ctx, async (tx) => {
    await checkCategory(tx, data.categoryId)
    const row = await tx.db.kbArticle.create({ data, select }).catch(duplicateSlug)
    const wanted = relatedSlugs ? await idsForSlugs(tx, relatedSlugs) : relatedIds
    const related = await setRelated(tx, row.id, wanted)
    await recordAuditEvent(tx, {
      action: 'kb.article.create',
      targetType: 'KbArticle',
      targetId: row.id,
      after: { ...data, relatedIds: related },
    })
    return { ...row, relatedIds: related }
  })
}

export async function updateKbArticle(ctx: Ctx, id: string, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const { relatedIds, relatedSlugs, ...parsed } = parseInput(partialUpdate(kbArticleInput), raw)
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  return inTransaction(ctx, async (tx) => {
    const found = await tx.db.kbArticle.findUnique({ where: { id }, select })
    if (!found) throw notFound()
    const before = { ...found, relatedIds: await relatedIdsOf(tx, id) }
    const data = { ...parsed }
    // An emptied slug field means "make it again from the (new) title".
    if ('slug' in given && data.slug === undefined) data.slug = slugFrom(data.title ?? found.title, undefined)
    if (data.categoryId) await checkCategory(tx, data.categoryId)
    const row = await tx.db.kbArticle.update({ where: { id }, data, select }).catch(duplicateSlug)
    const wanted = relatedSlugs ? await idsForSlugs(tx, relatedSlugs) : relatedIds
    const related = wanted === undefined ? before.relatedIds : await setRelated(tx, id, wanted)
    const diff = diffFields(before, { ...data, relatedIds: related })
    await recordAuditEvent(tx, {
      action: 'kb.article.update',
      targetType: 'KbArticle',
      targetId: id,
      before: diff.before,
      after: diff.after,
    })
    return { ...row, relatedIds: related }
  })
}

/** Deletes an article with its votes and its links from and to other articles. */
export async function deleteKbArticle(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'support.manage')
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.kbArticle.findUnique({ where: { id }, select })
    if (!before) throw notFound()
    await tx.db.kbArticle.delete({ where: { id } })
    await recordAuditEvent(tx, { action: 'kb.article.delete', targetType: 'KbArticle', targetId: id, before })
    return { id }
  })
}
