import { announcementsRss } from '@berth/core'
import { getDb } from '@berth/prisma'

/** `GET /announcements.rss`: the RSS 2.0 feed (absolute links from PORTAL_URL), built by core. */
export async function loader() {
  const xml = await announcementsRss(getDb())
  return new Response(xml, {
    headers: {
      'Content-Type': 'application/rss+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
