import { Prisma, type Db, type DbClient } from '@berth/prisma'
import { parseInput } from '../../shared'
import { kbSearchInput } from './schemas'
import { VISIBLE_ARTICLE_SQL } from './visibility'

export interface KbSearchHit {
  title: string
  slug: string
  /** the title with matching words in <mark>; everything else HTML-escaped */
  titleHtml: string
  /** a fragment of the body with matching words in <mark>; everything else HTML-escaped */
  snippetHtml: string
  /** the same fragment as plain text */
  snippet: string
  rank: number
}

// ts_headline marks matches with these two control characters, which are removed from the text
// first; the text is then HTML-escaped and only they become <mark> and </mark>. So no markup from
// an article (or from the query) can survive into the snippet.
const START = '\u0001'
const STOP = '\u0002'
const MAX_TERMS = 8

/** The words of a query: letters and digits only, so they are safe inside to_tsquery's syntax. */
export function queryTerms(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words.map((w) => w.slice(0, 40)))].slice(0, MAX_TERMS)
}

/**
 * Full-text search over visible articles (docs/decisions/0030). Articles containing every word come
 * first, then those with some; within each, ts_rank_cd over the weighted vector (title A, body B),
 * normalised by document length; views break ties.
 */
export async function searchKb(db: Db | DbClient, raw: unknown): Promise<KbSearchHit[]> {
  const { q, limit } = parseInput(kbSearchInput, raw)
  return runSearch(db, queryTerms(q), limit, false)
}

/** As-you-type suggestions for the new-ticket page: the last word may be unfinished (prefix match). */
export async function suggestKbArticles(db: Db | DbClient, q: string, limit = 5): Promise<KbSearchHit[]> {
  const terms = queryTerms(q.slice(0, 200))
  return runSearch(db, terms, Math.min(Math.max(limit, 1), 10), true)
}

async function runSearch(db: Db | DbClient, terms: string[], limit: number, lastIsPrefix: boolean) {
  if (!terms.length) return []
  const lexemes = terms.map((t, i) => `'${t}'${lastIsPrefix && i === terms.length - 1 ? ':*' : ''}`)
  const anyQuery = lexemes.join(' | ')
  const allQuery = lexemes.join(' & ')
  const rows = await db.$queryRaw<{ title: string; slug: string; rank: number; th: string; bh: string }[]>`
    WITH q AS (
      SELECT to_tsquery('english', ${anyQuery}) AS anyq, to_tsquery('english', ${allQuery}) AS allq
    ), hits AS (
      SELECT a.title, a.slug, a.body, (a.search @@ q.allq) AS complete,
             ts_rank_cd(a.search, q.anyq, 1) AS rank, a.views
        FROM "KbArticle" a JOIN "KbCategory" c ON c.id = a."categoryId", q
       WHERE a.search @@ q.anyq AND ${Prisma.raw(VISIBLE_ARTICLE_SQL)}
       ORDER BY complete DESC, rank DESC, a.views DESC, a.title
       LIMIT ${limit}
    )
    SELECT h.title, h.slug, h.rank::float8 AS rank,
           ts_headline('english', translate(h.title, chr(1) || chr(2), ''), q.anyq,
             'HighlightAll=true, StartSel=' || chr(1) || ', StopSel=' || chr(2)) AS th,
           ts_headline('english',
             regexp_replace(translate(h.body, chr(1) || chr(2), ''), '[#*_\`>|~\\[\\]]+|\\(https?://[^)]*\\)', ' ', 'g'),
             q.anyq,
             'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", StartSel=' || chr(1) || ', StopSel=' || chr(2)) AS bh
      FROM hits h, q
     ORDER BY h.complete DESC, h.rank DESC, h.views DESC, h.title`
  return rows.map((r) => ({
    title: r.title,
    slug: r.slug,
    rank: Number(r.rank),
    titleHtml: markMatches(r.th),
    snippetHtml: markMatches(collapse(r.bh)),
    snippet: collapse(r.bh).replaceAll(START, '').replaceAll(STOP, ''),
  }))
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Escapes everything, then turns only ts_headline's markers into <mark> tags. */
export function markMatches(text: string): string {
  return escapeHtml(text).replaceAll(START, '<mark>').replaceAll(STOP, '</mark>')
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
