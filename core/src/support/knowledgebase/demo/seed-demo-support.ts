import { createAnnouncement } from '../../announcements'
import type { Ctx } from '../../../shared'
import { createKbArticle, updateKbArticle } from '../manage-kb-articles'
import { createKbCategory } from '../manage-kb-categories'
import { DEMO_ANNOUNCEMENTS, KB_ARTICLES, KB_CATEGORIES } from './kb-corpus'

/** Publishes the knowledgebase corpus through the use cases (validated and audited like staff edits). */
export async function seedKbCorpus(
  ctx: Ctx,
  only?: ReadonlySet<string>,
): Promise<{ categoryIds: Map<string, string>; articleIds: Map<string, string> }> {
  const categoryIds = new Map<string, string>()
  for (const [sortOrder, c] of KB_CATEGORIES.entries()) {
    const row = await createKbCategory(ctx, { ...c, sortOrder })
    categoryIds.set(c.slug, row.id)
  }
  const articleIds = new Map<string, string>()
  for (const a of only ? KB_ARTICLES.filter((x) => only.has(x.slug)) : KB_ARTICLES) {
    const row = await createKbArticle(ctx, {
      categoryId: categoryIds.get(a.category)!,
      title: a.title,
      slug: a.slug,
      body: a.body,
      isPublished: true,
    })
    articleIds.set(a.slug, row.id)
  }
  return { categoryIds, articleIds }
}

/** The demo publishes a dozen of the corpus's articles (two per category): enough to browse and search. */
const DEMO_ARTICLES = new Set([
  'reset-client-area-password',
  'open-a-support-ticket',
  'point-domain-to-nameservers',
  'dns-propagation',
  'add-a-record-cname',
  'not-receiving-email',
  'spf-dkim-dmarc',
  'set-up-email-client',
  'install-ssl-certificate',
  'redirect-http-to-https',
  'mixed-content-warnings',
  'log-in-to-cpanel',
  'change-php-version',
  'payment-methods',
  'renewal-invoices',
])

/** The demo's knowledgebase, a few "see also" links, and two announcements. */
export async function seedDemoSupport(ctx: Ctx, now = new Date()): Promise<void> {
  const { articleIds } = await seedKbCorpus(ctx, DEMO_ARTICLES)
  const relate: [string, string[]][] = [
    ['point-domain-to-nameservers', ['dns-propagation', 'add-a-record-cname']],
    ['not-receiving-email', ['spf-dkim-dmarc', 'set-up-email-client']],
    ['install-ssl-certificate', ['redirect-http-to-https', 'mixed-content-warnings']],
  ]
  for (const [from, to] of relate) {
    await updateKbArticle(ctx, articleIds.get(from)!, { relatedIds: to.map((slug) => articleIds.get(slug)!) })
  }
  for (const a of DEMO_ANNOUNCEMENTS) {
    await createAnnouncement(ctx, {
      title: a.title,
      slug: a.slug,
      body: a.body,
      isPublished: true,
      publishedAt: new Date(now.getTime() - a.daysAgo * 86_400_000),
    })
  }
}
