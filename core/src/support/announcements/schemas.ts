import { z } from 'zod'
import { pageSlugSchema } from '../../shared'

const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)

/** Staff (support.manage): an announcement. publishedAt defaults to the moment it is first published. */
export const announcementInput = z.object({
  title: requiredText('Title', 200),
  slug: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    pageSlugSchema.optional(),
  ),
  body: requiredText('Body', 100_000),
  isPublished: z.boolean().default(false),
  publishedAt: z.preprocess(
    (v) => (v === '' || v === null ? null : v),
    z.coerce.date({ message: 'Give a date, e.g. 2026-12-04 09:00' }).nullish(),
  ),
})
export type AnnouncementInput = z.input<typeof announcementInput>

export const announcementPageInput = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  perPage: z.coerce.number().int().min(1).max(50).default(10),
})
