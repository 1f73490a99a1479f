import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getKbCategory } from '@berth/core'
import { getDb } from '@berth/prisma'
import { notFoundAs404 } from '~/kb/kb.server'
import { SearchBox } from './kb'

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.name} · Knowledgebase · Berth` : 'Knowledgebase · Berth' },
]

/** `/kb/category/:slug`: a visible category's published articles; hidden or unknown is a 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  return getKbCategory(getDb(), params.slug ?? '').catch(notFoundAs404)
}

export default function KbCategory() {
  const category = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/kb">Knowledgebase</Link>
        </p>
        <h1>{category.name}</h1>
        {category.description ? <p className="lead">{category.description}</p> : null}
      </div>
      <SearchBox q="" />
      {category.children.length ? (
        <ul className="kb-categories" aria-label="Sub-categories">
          {category.children.map((c) => (
            <li key={c.slug}>
              <Link to={`/kb/category/${c.slug}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <section className="card">
        {category.articles.length === 0 ? (
          <p className="muted">No articles in this category yet.</p>
        ) : (
          <ul className="kb-results">
            {category.articles.map((a) => (
              <li key={a.slug}>
                <h2>
                  <Link to={`/kb/${a.slug}`}>{a.title}</Link>
                </h2>
                <p className="kb-snippet">{a.excerpt}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
