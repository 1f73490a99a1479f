import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKbArticle, createKbCategory, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { makeStaff, tableCounts } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * The knowledgebase and announcement screens through the AdminJS API, as the forms send them: new
 * and edit go through core (slug made from the title, related articles by slug, field errors on the
 * form, nothing written on a refusal), and the Markdown body comes back as data, never as markup.
 */
let admin: RunningAdmin
let browser: AdminClient
let ctx: Ctx
const db = getDb()

beforeAll(async () => {
  admin = await startAdmin()
  const me = await makeStaff('Support')
  browser = await signedIn(admin.baseUrl, me.email, me.password)
  ctx = await superAdmin()
})
afterAll(async () => {
  await admin.close()
})

describe('KB articles in the console', () => {
  it('creates an article with a slug from its title and related articles by slug, audited as the staff member', async () => {
    const category = await createKbCategory(ctx, { name: `Console ${uid()}` })
    const other = await createKbArticle(ctx, { categoryId: category.id, title: `Other ${uid()}`, body: 'x' })
    const title = `Configure DNS ${uid()}`
    const res = await browser.resourceAction('KbArticle', 'new', {
      category: category.id,
      title,
      slug: '',
      body: '# Steps\n\n<script>alert(1)</script>',
      isPublished: true,
      relatedSlugs: `${other.slug}\n`,
    })
    expect(res.status, res.text.slice(0, 300)).toBe(200)
    expect(res.json.notice.type).toBe('success')
    const row = await db.kbArticle.findFirstOrThrow({ where: { title }, include: { related: true } })
    expect(row.slug).toBe(title.toLowerCase().replace(/ /g, '-'))
    expect(row.related.map((r) => r.relatedId)).toEqual([other.id])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'kb.article.create', targetId: row.id },
    })
    expect(audit.actorType).toBe('STAFF')

    const shown = await browser.show('KbArticle', row.id)
    expect(shown.json.record.params.relatedSlugs).toBe(other.slug)
    expect(shown.json.record.params.body).toContain('<script>alert(1)</script>') // data for React, escaped on display
  })

  it('puts core field errors on the form and writes nothing', async () => {
    const category = await createKbCategory(ctx, { name: `Errors ${uid()}` })
    const before = {
      ...(await tableCounts()),
      articles: await db.kbArticle.count(),
      audit: await db.auditEvent.count(),
    }
    const res = await browser.resourceAction('KbArticle', 'new', {
      category: category.id,
      title: 'Has a bad slug',
      slug: 'Bad Slug!',
      body: '',
      relatedSlugs: 'no-such-article',
    })
    expect(res.status).toBe(200)
    const errors = res.json.record.errors as Record<string, { message: string }>
    expect(Object.keys(errors).sort()).toEqual(['body', 'slug'])
    expect({
      ...(await tableCounts()),
      articles: await db.kbArticle.count(),
      audit: await db.auditEvent.count(),
    }).toEqual(before)
    const unknown = await browser.resourceAction('KbArticle', 'new', {
      category: category.id,
      title: `Unknown related ${uid()}`,
      body: 'ok',
      relatedSlugs: 'no-such-article',
    })
    expect(unknown.json.record.errors.relatedSlugs.message).toMatch(
      /No article has the slug "no-such-article"/,
    )
    expect(await db.kbArticle.count()).toBe(before.articles)
  })

  it('refuses a Read-only member with 403 and nothing written', async () => {
    const me = await makeStaff('Read-only')
    const readOnly = await signedIn(admin.baseUrl, me.email, me.password)
    const before = await db.announcement.count()
    const res = await readOnly.resourceAction('Announcement', 'new', { title: 'Nope', body: 'x' })
    expect(res.status).toBe(403)
    expect(await db.announcement.count()).toBe(before)
    expect((await readOnly.list('Announcement')).status).toBe(200)
  })
})
