import type { Db, DbClient } from '@berth/prisma'
import { portalLink } from '../../accounts'
import { DomainError, markdownToText, renderMarkdown, parseInput } from '../../shared'
import { announcementPageInput } from './schemas'

type Reader = Db | DbClient

/** Published and due: a future publishedAt schedules an announcement. */
function visible(now: Date) {
  return { isPublished: true, publishedAt: { lte: now } }
}

const listSelect = { title: true, slug: true, body: true, publishedAt: true } as const

export interface AnnouncementSummary {
  title: string
  slug: string
  publishedAt: Date
  excerpt: string
}

function summary(row: {
  title: string
  slug: string
  body: string
  publishedAt: Date | null
}): AnnouncementSummary {
  const text = markdownToText(row.body).replace(/\s+/g, ' ').trim()
  return {
    title: row.title,
    slug: row.slug,
    publishedAt: row.publishedAt!,
    excerpt: text.length <= 240 ? text : `${text.slice(0, 240).replace(/\s+\S*$/, '')}…`,
  }
}

/** Published announcements, newest first, a page at a time. */
export async function listAnnouncements(db: Reader, raw: unknown = {}, now = new Date()) {
  const { page, perPage } = parseInput(announcementPageInput, raw)
  const [rows, total] = await Promise.all([
    db.announcement.findMany({
      where: visible(now),
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * perPage,
      take: perPage,
      select: listSelect,
    }),
    db.announcement.count({ where: visible(now) }),
  ])
  return {
    items: rows.map(summary),
    page,
    perPage,
    total,
    pageCount: Math.max(1, Math.ceil(total / perPage)),
  }
}

/** The newest N, for the client dashboard. */
export async function latestAnnouncements(
  db: Reader,
  take = 3,
  now = new Date(),
): Promise<AnnouncementSummary[]> {
  const rows = await db.announcement.findMany({
    where: visible(now),
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take,
    select: listSelect,
  })
  return rows.map(summary)
}

/** One published announcement with its body as sanitized HTML. */
export async function getAnnouncement(db: Reader, slug: string, now = new Date()) {
  const row = await db.announcement.findFirst({ where: { slug, ...visible(now) }, select: listSelect })
  if (!row) throw new DomainError('NOT_FOUND', 'This announcement does not exist.')
  return { title: row.title, slug: row.slug, publishedAt: row.publishedAt!, html: renderMarkdown(row.body) }
}

/**
 * The RSS 2.0 feed of the 20 newest announcements. Links are absolute, from PORTAL_URL (as emails'
 * links are); every text is XML-escaped, and the item description is the sanitized HTML, escaped.
 */
export async function announcementsRss(
  db: Reader,
  options: { siteName?: string; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date()
  const rows = await db.announcement.findMany({
    where: visible(now),
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take: 20,
    select: listSelect,
  })
  const siteName = options.siteName ?? 'Berth'
  const items = rows.map((row) => {
    const link = portalLink(`announcements/${row.slug}`)
    return [
      '    <item>',
      `      <title>${xml(row.title)}</title>`,
      `      <link>${xml(link)}</link>`,
      `      <guid isPermaLink="true">${xml(link)}</guid>`,
      `      <pubDate>${row.publishedAt!.toUTCString()}</pubDate>`,
      `      <description>${xml(renderMarkdown(row.body))}</description>`,
      '    </item>',
    ].join('\n')
  })
  const self = portalLink('announcements.rss')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${xml(`${siteName} announcements`)}</title>`,
    `    <link>${xml(portalLink('announcements'))}</link>`,
    `    <atom:link href="${xml(self)}" rel="self" type="application/rss+xml"/>`,
    `    <description>${xml(`News and announcements from ${siteName}`)}</description>`,
    `    <lastBuildDate>${(rows[0]?.publishedAt ?? now).toUTCString()}</lastBuildDate>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n')
}

/** XML text and attribute escaping; characters XML 1.0 forbids (most C0 controls) are dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
