import { z } from 'zod'

/** A URL slug: lower-case ASCII letters, digits and single hyphens, at most 80 characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const pageSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(80, 'Slug must be at most 80 characters')
  .regex(SLUG_PATTERN, 'Use lower-case letters, digits and single hyphens, e.g. "reset-your-password"')

/**
 * A slug from a title: accents folded ("Café" → "cafe"), everything else that is not a letter or
 * digit becomes one hyphen, cut at 80 characters on a word boundary. Empty when nothing is left.
 */
export function slugify(title: string): string {
  const folded = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (folded.length <= 80) return folded
  const cut = folded.slice(0, 80)
  const lastHyphen = cut.lastIndexOf('-')
  return (lastHyphen > 40 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, '')
}
