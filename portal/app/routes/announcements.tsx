import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listAnnouncements } from '@berth/core'
import { getDb } from '@berth/prisma'
import { Pagination } from '~/components/pagination'
import { longDate } from '~/kb/kb.server'

export const meta: MetaFunction = () => [
  { title: 'Announcements · Berth' },
  {
    tagName: 'link',
    rel: 'alternate',
    type: 'application/rss+xml',
    title: 'Announcements',
    href: '/announcements.rss',
  },
]

/** `/announcements`: published announcements, newest first, ten a page (visitors too). */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = new URL(request.url).searchParams.get('page') ?? '1'
  const list = await listAnnouncements(getDb(), { page })
  return {
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    items: list.items.map((a) => ({ ...a, publishedAt: longDate(a.publishedAt) })),
  }
}

export default function Announcements() {
  const { items, page, pageCount, total } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>Announcements</h1>
        <p className="lead">
          News about our services, maintenance and new features. <a href="/announcements.rss">RSS feed</a>
        </p>
      </div>
      <section className="card">
        {items.length === 0 ? (
          <div className="empty">
            <p className="empty-title">No announcements yet</p>
          </div>
        ) : (
          <ul className="kb-results">
            {items.map((a) => (
              <li key={a.slug}>
                <h2>
                  <Link to={`/announcements/${a.slug}`}>{a.title}</Link>
                </h2>
                <p className="muted">{a.publishedAt}</p>
                <p>{a.excerpt}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Pagination
        page={page}
        pages={pageCount}
        href={(p) => `/announcements?page=${p}`}
        label={`${total} announcements`}
      />
    </>
  )
}
