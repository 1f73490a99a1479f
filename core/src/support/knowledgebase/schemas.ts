import { z } from 'zod'
import { pageSlugSchema } from '../../shared'

/** Input schemas of the knowledgebase use cases (staff: support.manage; visitors: search, vote). */
const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)

/** Empty or missing means "make one from the title". */
const optionalSlug = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  pageSlugSchema.optional(),
)

const id = z.string().trim().uuid('Choose an existing record.')

export const kbCategoryInput = z.object({
  name: requiredText('Name', 120),
  slug: optionalSlug,
  description: z
    .string()
    .trim()
    .max(500, 'At most 500 characters')
    .nullish()
    .transform((v) => (v ? v : null)),
  parentId: z.preprocess((v) => (v === '' ? null : v), id.nullish()).transform((v) => v ?? null),
  sortOrder: z.coerce.number().int('A whole number').min(-10000).max(10000).default(0),
  isHidden: z.boolean().default(false),
})
export type KbCategoryInput = z.input<typeof kbCategoryInput>

export const kbArticleInput = z.object({
  categoryId: id,
  title: requiredText('Title', 200),
  slug: optionalSlug,
  body: requiredText('Body', 100_000),
  isPublished: z.boolean().default(false),
  /** "See also" articles, in order; replaces the whole list on update. */
  relatedIds: z.array(id).max(10, 'At most 10 related articles').default([]),
  /** The same list by slug (the admin form's "one slug per line"); wins over relatedIds when given. */
  relatedSlugs: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
      z.array(pageSlugSchema).max(10, 'At most 10 related articles'),
    )
    .optional(),
})
export type KbArticleInput = z.input<typeof kbArticleInput>

export const kbSearchInput = z.object({
  q: z.string().trim().max(200, 'At most 200 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})

export const kbVoteInput = z.object({
  slug: pageSlugSchema,
  isHelpful: z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean()),
})
