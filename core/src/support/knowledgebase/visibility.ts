import type { Prisma } from '@berth/prisma'

/**
 * What visitors may see, in one place: a published article in a category that is not hidden and
 * whose parent (if any) is not hidden either. Drafts and hidden categories answer NOT_FOUND.
 */
export const VISIBLE_CATEGORY = {
  isHidden: false,
  OR: [{ parentId: null }, { parent: { isHidden: false } }],
} satisfies Prisma.KbCategoryWhereInput

export const VISIBLE_ARTICLE = {
  isPublished: true,
  category: VISIBLE_CATEGORY,
} satisfies Prisma.KbArticleWhereInput

/** The same rule in SQL, for the raw search queries (`a` is KbArticle, `c` its KbCategory). */
export const VISIBLE_ARTICLE_SQL = `a."isPublished" AND NOT c."isHidden" AND (c."parentId" IS NULL OR NOT EXISTS (
  SELECT 1 FROM "KbCategory" p WHERE p.id = c."parentId" AND p."isHidden"))`
