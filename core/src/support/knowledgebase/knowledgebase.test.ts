import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, REQUEST } from '@berth/tests/support/factories'
import { superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { anonymousCtx, type Ctx } from '../../shared'
import { seedKbCorpus } from './demo/seed-demo-support'
import { createKbArticle, deleteKbArticle, updateKbArticle } from './manage-kb-articles'
import { createKbCategory, deleteKbCategory, updateKbCategory } from './manage-kb-categories'
import { getKbArticle, getKbCategory, listKbCategories, recordKbArticleView } from './read-kb'
import { searchKb, suggestKbArticles } from './search-kb'
import { voteKbArticle } from './vote-kb-article'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()

async function category(ctx: Ctx = admin, overrides: Record<string, unknown> = {}) {
  return createKbCategory(ctx, { name: `Category ${uid()}`, ...overrides })
}

async function article(categoryId: string, overrides: Record<string, unknown> = {}) {
  return createKbArticle(admin, {
    categoryId,
    title: `Article ${uid()}`,
    body: 'Some **helpful** text.',
    isPublished: true,
    ...overrides,
  })
}

// The corpus is published once for this file (its own database); ranking tests search it.
await seedKbCorpus(admin)

describe('knowledgebase staff CRUD', () => {
  it('makes slugs from titles, validates them, refuses duplicates, and audits every change', async () => {
    const cat = await category(admin, { name: 'Café & Domains' })
    expect(cat.slug).toBe('cafe-domains')
    const a = await article(cat.id, { title: 'Wie ändere ich DNS?   (Schnell)' })
    expect(a.slug).toBe('wie-andere-ich-dns-schnell')
    expect(await db.auditEvent.count({ where: { action: 'kb.article.create', targetId: a.id } })).toBe(1)

    const bad = await fail(article(cat.id, { slug: 'Not a slug!', title: '' }))
    expect(bad.code).toBe('VALIDATION_FAILED')
    expect(bad.fieldErrors()).toMatchObject({ slug: expect.any(String), title: 'Title is required' })

    const dup = await fail(article(cat.id, { slug: a.slug }))
    expect(dup.code).toBe('DUPLICATE')
    expect(dup.field).toBe('slug')

    const updated = await updateKbArticle(admin, a.id, { title: 'Change DNS quickly', slug: '' })
    expect(updated.slug).toBe('change-dns-quickly')
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'kb.article.update', targetId: a.id },
    })
    expect(audit.before).toMatchObject({ title: 'Wie ändere ich DNS?   (Schnell)' })
    expect(audit.after).toMatchObject({ title: 'Change DNS quickly', slug: 'change-dns-quickly' })

    // a category with articles cannot be deleted; an empty one can
    await expect(deleteKbCategory(admin, cat.id)).toBeRefusedWith('IN_USE')
    await deleteKbArticle(admin, a.id)
    await deleteKbCategory(admin, cat.id)
    expect(await db.kbCategory.findUnique({ where: { id: cat.id } })).toBeNull()
  })

  it('refuses writes without support.manage, and writes nothing', async () => {
    const readOnly = (await makeStaff('Read-only')).ctx
    const before = await db.kbCategory.count()
    await expect(category(readOnly)).toBeRefusedWith('FORBIDDEN')
    const client = await makeClient()
    await expect(category(client.ctx)).toBeRefusedWith('FORBIDDEN')
    expect(await db.kbCategory.count()).toBe(before)
  })

  it('keeps related articles valid: existing, not itself, in order; drafts are left out for visitors', async () => {
    const cat = await category()
    const a = await article(cat.id)
    const b = await article(cat.id)
    const draft = await article(cat.id, { isPublished: false })
    expect((await fail(updateKbArticle(admin, a.id, { relatedIds: [a.id] }))).field).toBe('relatedIds')
    const missing = '00000000-0000-4000-8000-000000000000'
    expect((await fail(updateKbArticle(admin, a.id, { relatedIds: [missing] }))).field).toBe('relatedIds')
    await updateKbArticle(admin, a.id, { relatedIds: [draft.id, b.id] })
    const shown = await getKbArticle(db, a.slug)
    expect(shown.related).toEqual([{ title: b.title, slug: b.slug }])
  })
})

describe('what visitors see', () => {
  it('hides drafts and articles in hidden categories (or under a hidden parent)', async () => {
    const cat = await category()
    const draft = await article(cat.id, { isPublished: false })
    await expect(getKbArticle(db, draft.slug)).toBeRefusedWith('NOT_FOUND')

    const parent = await category()
    const child = await category(admin, { parentId: parent.id })
    const inChild = await article(child.id)
    expect((await getKbArticle(db, inChild.slug)).title).toBe(inChild.title)
    await updateKbCategory(admin, parent.id, { isHidden: true })
    await expect(getKbArticle(db, inChild.slug)).toBeRefusedWith('NOT_FOUND')
    await expect(getKbCategory(db, child.slug)).toBeRefusedWith('NOT_FOUND')
    const listed = (await listKbCategories(db)).map((c) => c.slug)
    expect(listed).not.toContain(parent.slug)
    expect(listed).not.toContain(child.slug)
    // nor can search find them
    expect((await searchKb(db, { q: inChild.title })).map((h) => h.slug)).not.toContain(inChild.slug)
    expect((await searchKb(db, { q: draft.title })).map((h) => h.slug)).not.toContain(draft.slug)
  })

  it('counts published articles per category and renders Markdown without scripts', async () => {
    const cat = await category()
    await article(cat.id)
    await article(cat.id, { isPublished: false })
    const xss = await article(cat.id, {
      body: 'Hi <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))',
    })
    const summary = (await listKbCategories(db)).find((c) => c.id === cat.id)!
    expect(summary.articleCount).toBe(2)
    const shown = await getKbArticle(db, xss.slug)
    expect(shown.html).not.toMatch(/<script|onerror|javascript:/i)
  })

  it('counts views', async () => {
    const cat = await category()
    const a = await article(cat.id)
    await recordKbArticleView(db, a.id)
    await recordKbArticleView(db, a.id)
    expect((await getKbArticle(db, a.slug)).views).toBe(2)
  })
})

describe('search', () => {
  const top = async (q: string) => (await searchKb(db, { q }))[0]?.slug

  it.each([
    ['reset password', 'reset-client-area-password'],
    ['point domain nameservers', 'point-domain-to-nameservers'],
    ['ssl certificate install', 'install-ssl-certificate'],
    ['email not receiving', 'not-receiving-email'],
    ['transfer domain EPP code', 'transfer-a-domain'],
    ['emails going to spam', 'spf-dkim-dmarc'],
    ['change php version', 'change-php-version'],
  ])('ranks the matching article first for "%s"', async (q, slug) => {
    expect(await top(q)).toBe(slug)
  })

  it('highlights matches with <mark> and escapes everything else', async () => {
    const cat = await category()
    const a = await article(cat.id, {
      title: 'Zanzibar <img src=x onerror=alert(1)> guide',
      body: 'The zanzibar setting <script>alert("x")</script> & more "quotes" \u0001 here.',
    })
    const hit = (await searchKb(db, { q: 'zanzibar' })).find((h) => h.slug === a.slug)!
    expect(hit.titleHtml).toContain('<mark>Zanzibar</mark>')
    expect(hit.snippetHtml).toContain('<mark>zanzibar</mark>')
    for (const html of [hit.titleHtml, hit.snippetHtml]) {
      const withoutMarks = html.replace(/<\/?mark>/g, '')
      expect(withoutMarks).not.toMatch(/[<>]/)
    }
    // a query made of markup or tsquery syntax is just words
    expect(await searchKb(db, { q: `'):* | !& <script>` })).toEqual(
      expect.arrayContaining([expect.objectContaining({ slug: expect.any(String) })]),
    )
    expect(await searchKb(db, { q: ' !!! ' })).toEqual([])
  })

  it('suggests while typing: the last word may be unfinished', async () => {
    const hits = await suggestKbArticles(db, 'reset pass')
    expect(hits[0]?.slug).toBe('reset-client-area-password')
    expect(hits.length).toBeLessThanOrEqual(5)
  })
})

describe('helpful votes', () => {
  it('count once per voter; the database refuses a second vote row', async () => {
    const cat = await category()
    const a = await article(cat.id)
    const visitor = anonymousCtx(db, { ip: '198.51.100.9', userAgent: 'Firefox' })
    expect(await voteKbArticle(visitor, { slug: a.slug, isHelpful: 'yes' })).toEqual({
      isCounted: true,
      helpfulYes: 1,
      helpfulNo: 0,
    })
    // the same visitor again, even changing their mind: not counted
    expect((await voteKbArticle(visitor, { slug: a.slug, isHelpful: 'no' })).isCounted).toBe(false)
    // another visitor, and a logged-in client (keyed by user, whatever their address)
    await voteKbArticle(anonymousCtx(db, { ip: '198.51.100.10', userAgent: 'Firefox' }), {
      slug: a.slug,
      isHelpful: false,
    })
    const client = await makeClient()
    await voteKbArticle(client.ctx, { slug: a.slug, isHelpful: true })
    await voteKbArticle(
      { ...client.ctx, request: { ...REQUEST, ip: '192.0.2.99' } },
      { slug: a.slug, isHelpful: true },
    )
    const shown = await getKbArticle(db, a.slug)
    expect([shown.helpfulYes, shown.helpfulNo]).toEqual([2, 1])
    expect(await db.kbVote.count({ where: { articleId: a.id } })).toBe(3)
    // concurrent repeats: the primary key settles the race
    const racer = anonymousCtx(db, { ip: '198.51.100.11', userAgent: 'curl' })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => voteKbArticle(racer, { slug: a.slug, isHelpful: true })),
    )
    expect(results.filter((r) => r.isCounted)).toHaveLength(1)
    expect((await getKbArticle(db, a.slug)).helpfulYes).toBe(3)
    // and inserting a duplicate row directly fails
    const row = await db.kbVote.findFirstOrThrow({ where: { articleId: a.id } })
    await expect(db.kbVote.create({ data: { ...row } })).rejects.toThrow()
  })

  it('refuses votes on drafts', async () => {
    const cat = await category()
    const draft = await article(cat.id, { isPublished: false })
    const visitor = anonymousCtx(db, { ip: '198.51.100.12', userAgent: 'x' })
    await expect(voteKbArticle(visitor, { slug: draft.slug, isHelpful: true })).toBeRefusedWith('NOT_FOUND')
  })
})
