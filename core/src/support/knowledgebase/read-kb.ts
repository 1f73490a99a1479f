import type { Db, DbClient } from '@berth/prisma'
import { DomainError, markdownToText, renderMarkdown } from '../../shared'
import { VISIBLE_ARTICLE, VISIBLE_CATEGORY } from './visibility'

type Reader = Db | DbClient

export interface KbCategorySummary {
  id: string
  name: string
  slug: string
  description: string | null
  parentId: string | null
  articleCount: number
}

export interface KbArticleLink {
  title: string
  slug: string
}

/** Visible categories in display order, each with its count of published articles. */
export async function listKbCategories(db: Reader): Promise<KbCategorySummary[]> {
  const rows = await db.kbCategory.findMany({
    where: VISIBLE_CATEGORY,
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      slug: true,
      description: true,
      parentId: true,
      _count: { select: { articles: { where: { isPublished: true } } } },
    },
  })
  return rows.map(({ _count, ...row }) => ({ ...row, articleCount: _count.articles }))
}

/** A visible category with its published articles (most viewed first) and visible sub-categories. */
export async function getKbCategory(db: Reader, slug: string) {
  const category = await db.kbCategory.findFirst({
    where: { slug, ...VISIBLE_CATEGORY },
    select: { id: true, name: true, slug: true, description: true, parentId: true },
  })
  if (!category) throw new DomainError('NOT_FOUND', 'This knowledgebase category does not exist.')
  const [articles, children] = await Promise.all([
    db.kbArticle.findMany({
      where: { categoryId: category.id, isPublished: true },
      orderBy: [{ views: 'desc' }, { title: 'asc' }],
      select: { title: true, slug: true, body: true },
      take: 200,
    }),
    db.kbCategory.findMany({
      where: { parentId: category.id, isHidden: false },
      orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
      select: { name: true, slug: true },
    }),
  ])
  return {
    ...category,
    children,
    articles: articles.map((a) => ({ title: a.title, slug: a.slug, excerpt: excerpt(a.body) })),
  }
}

/** A published, visible article with its body as sanitized HTML and its visible related articles. */
export async function getKbArticle(db: Reader, slug: string) {
  const article = await db.kbArticle.findFirst({
    where: { slug, ...VISIBLE_ARTICLE },
    select: {
      id: true,
      title: true,
      slug: true,
      body: true,
      views: true,
      helpfulYes: true,
      helpfulNo: true,
      updatedAt: true,
      category: { select: { name: true, slug: true } },
      related: {
        where: { related: VISIBLE_ARTICLE },
        orderBy: { position: 'asc' },
        select: { related: { select: { title: true, slug: true } } },
      },
    },
  })
  if (!article) throw new DomainError('NOT_FOUND', 'This knowledgebase article does not exist.')
  const { body, related, ...rest } = article
  return {
    ...rest,
    html: renderMarkdown(body),
    related: related.map((r): KbArticleLink => r.related),
  }
}

/** The most viewed visible articles, for the knowledgebase home page. */
export async function listPopularKbArticles(db: Reader, take = 5): Promise<KbArticleLink[]> {
  return db.kbArticle.findMany({
    where: VISIBLE_ARTICLE,
    orderBy: [{ views: 'desc' }, { title: 'asc' }],
    select: { title: true, slug: true },
    take,
  })
}

/** Counts one view. A plain UPDATE (no updatedAt bump, no row read); the portal skips repeats per browser. */
export async function recordKbArticleView(db: Reader, articleId: string): Promise<void> {
  await db.$executeRaw`UPDATE "KbArticle" SET views = views + 1 WHERE id = ${articleId}::uuid`
}

function excerpt(markdown: string, max = 180): string {
  const text = markdownToText(markdown).replace(/\s+/g, ' ').trim()
  return text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`
}
