import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getKbArticle, recordKbArticleView, voteKbArticle } from '@berth/core'
import { getDb } from '@berth/prisma'
import { requireValidForm } from '~/auth/csrf.server'
import { getAuth } from '~/auth/principal.server'
import { CsrfInput } from '~/components/hidden-fields'
import { portalConfig } from '~/config.server'
import { refuse } from '~/forms/refusal.server'
import { longDate, notFoundAs404, viewedArticles, viewedCookie, viewKey } from '~/kb/kb.server'

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.title} · Knowledgebase · Berth` : 'Knowledgebase · Berth' },
]

/**
 * `/kb/:slug`: a published article (visitors too), its Markdown rendered by core's sanitizer,
 * related articles, and "Was this helpful?". A view is counted once per browser and 6 hours.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const article = await getKbArticle(db, params.slug ?? '').catch(notFoundAs404)
  const viewed = viewedArticles(request)
  const key = viewKey(article.id)
  const headers = new Headers()
  if (!viewed.includes(key)) {
    await recordKbArticleView(db, article.id)
    headers.append('Set-Cookie', viewedCookie([...viewed, key], portalConfig().secureCookies))
  }
  return data(
    {
      title: article.title,
      slug: article.slug,
      html: article.html,
      category: article.category,
      updated: longDate(article.updatedAt),
      helpfulYes: article.helpfulYes,
      related: article.related,
    },
    { headers },
  )
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await getAuth(args)
  try {
    const result = await voteKbArticle(auth.ctx, { slug: args.params.slug, isHelpful: form.get('helpful') })
    return {
      ok: true as const,
      message: result.isCounted
        ? 'Thank you for your feedback.'
        : 'You have already rated this article. Thank you.',
    }
  } catch (error) {
    return refuse(error, { fields: [] })
  }
}

export default function KbArticle() {
  const article = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/kb">Knowledgebase</Link> ›{' '}
          <Link to={`/kb/category/${article.category.slug}`}>{article.category.name}</Link>
        </p>
        <h1>{article.title}</h1>
        <p className="muted">Updated {article.updated}</p>
      </div>
      <article className="card prose" dangerouslySetInnerHTML={{ __html: article.html }} />
      <section className="card kb-vote" aria-labelledby="kb-vote">
        {outcome ? (
          <p role="status">{outcome.ok ? outcome.message : outcome.formError}</p>
        ) : (
          <Form method="post" className="inline-form">
            <CsrfInput />
            <h2 id="kb-vote">Was this helpful?</h2>
            <button type="submit" name="helpful" value="yes">
              Yes
            </button>{' '}
            <button type="submit" name="helpful" value="no" className="secondary">
              No
            </button>
            {article.helpfulYes ? (
              <span className="muted"> {article.helpfulYes} found this helpful.</span>
            ) : null}
          </Form>
        )}
      </section>
      {article.related.length ? (
        <section className="card panel" aria-labelledby="kb-related">
          <h2 id="kb-related">Related articles</h2>
          <ul>
            {article.related.map((r) => (
              <li key={r.slug}>
                <Link to={`/kb/${r.slug}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="muted">
        Still stuck? <Link to="/tickets/new">Open a support ticket</Link>.
      </p>
    </>
  )
}
