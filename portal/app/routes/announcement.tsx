import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getAnnouncement } from '@berth/core'
import { getDb } from '@berth/prisma'
import { longDate, notFoundAs404 } from '~/kb/kb.server'

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.title} · Announcements · Berth` : 'Announcements · Berth' },
]

/** `/announcements/:slug`: one published announcement, its Markdown rendered by core's sanitizer. */
export async function loader({ params }: LoaderFunctionArgs) {
  const a = await getAnnouncement(getDb(), params.slug ?? '').catch(notFoundAs404)
  return { title: a.title, html: a.html, publishedAt: longDate(a.publishedAt) }
}

export default function Announcement() {
  const a = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/announcements">Announcements</Link>
        </p>
        <h1>{a.title}</h1>
        <p className="muted">{a.publishedAt}</p>
      </div>
      <article className="card prose" dangerouslySetInnerHTML={{ __html: a.html }} />
    </>
  )
}
