import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listKbCategories, listPopularKbArticles, searchKb } from '@berth/core'
import { getDb } from '@berth/prisma'

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page?.q ? `${page.q} · Knowledgebase · Berth` : 'Knowledgebase · Berth' },
]

/**
 * `/kb`: the knowledgebase home (visible categories with their article counts, the most read
 * articles) for visitors and clients alike; `/kb?q=…` shows ranked search results instead, each
 * with a snippet whose matching words core wrapped in <mark> (everything else escaped by core).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 200)
  if (q) {
    const results = await searchKb(db, { q })
    return { q, results, categories: [], popular: [] }
  }
  const [categories, popular] = await Promise.all([listKbCategories(db), listPopularKbArticles(db)])
  return {
    q,
    results: null,
    categories: categories.filter((c) => c.articleCount > 0 || categories.some((d) => d.parentId === c.id)),
    popular,
  }
}

export function SearchBox({ q }: { q: string }) {
  return (
    <Form method="get" action="/kb" role="search" className="kb-search">
      <label htmlFor="kb-q">Search the knowledgebase</label>
      <input
        id="kb-q"
        name="q"
        type="search"
        defaultValue={q}
        maxLength={200}
        placeholder="e.g. reset password"
      />
      <button type="submit">Search</button>
    </Form>
  )
}

export default function Knowledgebase() {
  const { q, results, categories, popular } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        {results ? (
          <p className="crumb">
            <Link to="/kb">Knowledgebase</Link>
          </p>
        ) : null}
        <h1>{results ? 'Search results' : 'Knowledgebase'}</h1>
        <p className="lead">Answers to common questions about hosting, domains, email and billing.</p>
      </div>
      <SearchBox q={q} />
      {results ? (
        <section className="card" aria-label="Search results">
          {results.length === 0 ? (
            <div className="empty">
              <p className="empty-title">No articles match “{q}”</p>
              <p className="muted">
                Try other words, browse the <Link to="/kb">categories</Link>, or open a support ticket.
              </p>
            </div>
          ) : (
            <ol className="kb-results">
              {results.map((r) => (
                <li key={r.slug}>
                  <h2>
                    {/* titleHtml and snippetHtml: escaped text with only core's <mark> tags */}
                    <Link to={`/kb/${r.slug}`} dangerouslySetInnerHTML={{ __html: r.titleHtml }} />
                  </h2>
                  <p className="kb-snippet" dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : (
        <div className="columns">
          <section className="card panel" aria-labelledby="kb-categories">
            <h2 id="kb-categories">Categories</h2>
            {categories.length === 0 ? (
              <p className="muted">There are no articles yet.</p>
            ) : (
              <ul className="kb-categories">
                {categories.map((c) => (
                  <li key={c.id}>
                    <Link to={`/kb/category/${c.slug}`}>{c.name}</Link>{' '}
                    <span className="muted">({c.articleCount})</span>
                    {c.description ? <p className="muted">{c.description}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {popular.length ? (
            <section className="card panel" aria-labelledby="kb-popular">
              <h2 id="kb-popular">Popular articles</h2>
              <ul>
                {popular.map((a) => (
                  <li key={a.slug}>
                    <Link to={`/kb/${a.slug}`}>{a.title}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      )}
    </>
  )
}
