import { randomBytes } from 'node:crypto'
import { createAnnouncement, createKbArticle, createKbCategory, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'

/** The knowledgebase and announcement resources in the role × action matrix (role-access.test.ts). */
export const KB_RESOURCE_IDS = ['KbCategory', 'KbArticle', 'Announcement'] as const
export type KbResourceId = (typeof KB_RESOURCE_IDS)[number]

export function isKbResource(id: string): id is KbResourceId {
  return (KB_RESOURCE_IDS as readonly string[]).includes(id)
}

const unique = () => randomBytes(4).toString('hex')
let categoryId: string | undefined

export async function freshKbFixture(ctx: Ctx, resource: KbResourceId): Promise<string> {
  const u = unique()
  switch (resource) {
    case 'KbCategory':
      return (await createKbCategory(ctx, { name: `Category ${u}` })).id
    case 'KbArticle': {
      categoryId ??= (await createKbCategory(ctx, { name: `Articles ${u}` })).id
      return (
        await createKbArticle(ctx, { categoryId, title: `Article ${u}`, body: 'Body.', isPublished: true })
      ).id
    }
    case 'Announcement':
      return (await createAnnouncement(ctx, { title: `News ${u}`, body: 'Body.', isPublished: true })).id
  }
}

export async function makeKbFixtures(ctx: Ctx): Promise<Record<KbResourceId, string>> {
  return {
    KbCategory: await freshKbFixture(ctx, 'KbCategory'),
    KbArticle: await freshKbFixture(ctx, 'KbArticle'),
    Announcement: await freshKbFixture(ctx, 'Announcement'),
  }
}

export async function kbRowOf(resource: KbResourceId, id: string): Promise<Record<string, unknown> | null> {
  const db = getDb()
  switch (resource) {
    case 'KbCategory':
      return db.kbCategory.findUnique({ where: { id } })
    case 'KbArticle':
      return db.kbArticle.findUnique({ where: { id } })
    case 'Announcement':
      return db.announcement.findUnique({ where: { id } })
  }
}

/** A valid "new" form (slugs left empty: core makes them from the title). */
export function kbNewForm(resource: KbResourceId): {
  form: Record<string, string>
  exists: () => Promise<boolean>
} {
  const db = getDb()
  const title = `New ${unique()}`
  switch (resource) {
    case 'KbCategory':
      return {
        form: { name: title, slug: '', description: '', sortOrder: '1' },
        exists: async () => (await db.kbCategory.count({ where: { name: title } })) === 1,
      }
    case 'KbArticle':
      return {
        form: { category: categoryId!, title, slug: '', body: '# Hello', isPublished: 'true' },
        exists: async () => (await db.kbArticle.count({ where: { title } })) === 1,
      }
    case 'Announcement':
      return {
        form: { title, slug: '', body: 'Hello', isPublished: 'true', publishedAt: '' },
        exists: async () => (await db.announcement.count({ where: { title } })) === 1,
      }
  }
}

export const KB_EDIT_FIELDS: Record<KbResourceId, string> = {
  KbCategory: 'name',
  KbArticle: 'title',
  Announcement: 'title',
}
