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
import { announcementInput } from './schemas'

const select = {
  id: true,
  title: true,
  slug: true,
  body: true,
  isPublished: true,
  publishedAt: true,
} as const

function duplicateSlug(error: unknown): never {
  if (isUniqueViolation(error))
    throw new DomainError('DUPLICATE', 'Another announcement has this slug.', { field: 'slug' })
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

/** Staff (support.manage): a new announcement, a draft unless isPublished. */
export async function createAnnouncement(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const input = parseInput(announcementInput, raw)
  const data = {
    ...input,
    slug: slugFrom(input.title, input.slug),
    publishedAt: input.publishedAt ?? (input.isPublished ? new Date() : null),
  }
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.announcement.create({ data, select }).catch(duplicateSlug)
    await recordAuditEvent(tx, {
      action: 'announcement.create',
      targetType: 'Announcement',
      targetId: row.id,
      after: data,
    })
    return row
  })
}

export async function updateAnnouncement(ctx: Ctx, id: string, raw: unknown) {
  requirePermission(ctx.actor, 'support.manage')
  const parsed = parseInput(partialUpdate(announcementInput), raw)
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.announcement.findUnique({ where: { id }, select })
    if (!before) throw new DomainError('NOT_FOUND', 'This announcement does not exist.')
    const data = { ...parsed }
    if ('slug' in given && data.slug === undefined)
      data.slug = slugFrom(data.title ?? before.title, undefined)
    // Publishing for the first time without a date: it is published now.
    if (data.isPublished && !before.publishedAt && !data.publishedAt) data.publishedAt = new Date()
    const row = await tx.db.announcement.update({ where: { id }, data, select }).catch(duplicateSlug)
    const diff = diffFields(before, data)
    await recordAuditEvent(tx, {
      action: 'announcement.update',
      targetType: 'Announcement',
      targetId: id,
      before: diff.before,
      after: diff.after,
    })
    return row
  })
}

export async function deleteAnnouncement(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'support.manage')
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.announcement.findUnique({ where: { id }, select })
    if (!before) throw new DomainError('NOT_FOUND', 'This announcement does not exist.')
    await tx.db.announcement.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'announcement.delete',
      targetType: 'Announcement',
      targetId: id,
      before,
    })
    return { id }
  })
}
