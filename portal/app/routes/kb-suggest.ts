import type { LoaderFunctionArgs } from '@remix-run/node'
import { suggestKbArticles } from '@berth/core'
import { getDb } from '@berth/prisma'
import { isSuggestAllowed } from '~/kb/kb.server'

/**
 * `GET /kb/suggest?q=…`: up to 5 published articles matching what a client is typing (the
 * new-ticket page asks as the subject changes), as JSON `[{ title, slug, snippet }]`; `snippet` is
 * plain text and `snippetHtml` the same with only <mark> tags. 429 past 60 requests a minute per IP.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!isSuggestAllowed(context.requestInfo.ip))
    return Response.json({ error: 'Too many requests.' }, { status: 429, headers: { 'Retry-After': '60' } })
  const q = new URL(request.url).searchParams.get('q') ?? ''
  const hits = q.trim().length < 3 ? [] : await suggestKbArticles(getDb(), q)
  return Response.json(
    hits.map((h) => ({ title: h.title, slug: h.slug, snippet: h.snippet, snippetHtml: h.snippetHtml })),
    { headers: { 'Cache-Control': 'public, max-age=60' } },
  )
}
