import * as cheerio from 'cheerio'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAnnouncement, createKbArticle, createKbCategory, seedKbCorpus, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { loggedInClient } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { Visitor } from '../../test/visitor'

/**
 * The knowledgebase and announcements over HTTP, as a visitor without an account: listing,
 * search with highlighted snippets, an article with its vote form (CSRF, once per voter), drafts
 * and hidden categories as 404s, XSS payloads inert, the suggestion JSON and the RSS feed.
 */
const portal = usePortalServer()
const db = getDb()
let admin: Ctx
const XSS_BODY = [
  'Before <script>window.__pwned = 1</script> after.',
  '<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a>',
  '<iframe src="https://evil.example"></iframe> <svg onload=alert(3)></svg>',
  '[link](javascript:alert(4)) <div style="background:url(javascript:alert(5))" onclick="alert(6)">x</div>',
].join('\n\n')

/** No element that runs code: no script/iframe/svg/object, no on* attribute, no javascript: URL. */
function assertInert(html: string) {
  const $ = cheerio.load(html)
  expect($('script, iframe, svg, object, embed, style').length).toBe(0)
  $('*').each((_, el) => {
    for (const [name, value] of Object.entries((el as { attribs?: Record<string, string> }).attribs ?? {})) {
      expect(name).not.toMatch(/^on/i)
      expect(`${name}=${value}`).not.toMatch(/^(href|src|style)=.*javascript:/i)
    }
  })
  expect(html).not.toMatch(/<script[\s>]/i)
}

beforeAll(async () => {
  admin = await superAdmin()
  await seedKbCorpus(admin)
})

describe('/kb', () => {
  it('lists the categories with their counts and finds articles with highlighted snippets', async () => {
    const visitor = new Visitor(() => portal.url)
    const home = await visitor.get('/kb')
    expect(home.status).toBe(200)
    expect(home.$('.kb-categories a').first().text()).toBe('Getting started')
    expect(home.$('.kb-categories').text()).toContain('Billing FAQ')

    const results = await visitor.get('/kb?q=reset+password')
    expect(results.status).toBe(200)
    const first = results.$('.kb-results li').first()
    expect(first.find('a').attr('href')).toBe('/kb/reset-client-area-password')
    expect(first.find('a mark').length).toBeGreaterThan(0)
    expect(first.find('.kb-snippet mark').first().text().toLowerCase()).toMatch(/reset|password/)

    const none = await visitor.get('/kb?q=zzqxj')
    expect(none.$('.empty-title').text()).toContain('No articles match')
  })

  it('shows a published article, counts one view per browser, and takes one vote per voter with CSRF', async () => {
    const visitor = new Visitor(() => portal.url)
    const page = await visitor.get('/kb/not-receiving-email')
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe('I am not receiving email')
    expect(page.$('article.prose ol li').length).toBe(4)
    await visitor.get('/kb/not-receiving-email')
    const row = await db.kbArticle.findUniqueOrThrow({ where: { slug: 'not-receiving-email' } })
    expect(row.views).toBe(1)

    // no token: refused before anything is written
    const forged = await visitor.post('/kb/not-receiving-email', { helpful: 'yes' }, { csrf: null })
    expect(forged.status).toBe(403)
    expect(await db.kbVote.count({ where: { articleId: row.id } })).toBe(0)

    const voted = await visitor.post('/kb/not-receiving-email', { helpful: 'yes' })
    expect(voted.status).toBe(200)
    expect(voted.$('[role="status"]').text()).toContain('Thank you')
    const again = await visitor.post('/kb/not-receiving-email', { helpful: 'no' })
    expect(again.$('[role="status"]').text()).toContain('already rated')
    const after = await db.kbArticle.findUniqueOrThrow({ where: { id: row.id } })
    expect([after.helpfulYes, after.helpfulNo]).toEqual([1, 0])
  })

  it('answers 404 for drafts, hidden categories and unknown slugs', async () => {
    const hidden = await createKbCategory(admin, { name: 'Staff only', isHidden: true })
    const inHidden = await createKbArticle(admin, {
      categoryId: hidden.id,
      title: 'Internal escalation runbook',
      body: 'Internal.',
      isPublished: true,
    })
    const open = await createKbCategory(admin, { name: 'Drafts here' })
    const draft = await createKbArticle(admin, {
      categoryId: open.id,
      title: 'Unfinished draft',
      body: 'Draft.',
    })
    const visitor = new Visitor(() => portal.url)
    expect((await visitor.get(`/kb/${inHidden.slug}`)).status).toBe(404)
    expect((await visitor.get(`/kb/${draft.slug}`)).status).toBe(404)
    expect((await visitor.get(`/kb/category/${hidden.slug}`)).status).toBe(404)
    expect((await visitor.get('/kb/no-such-article')).status).toBe(404)
    const search = await visitor.get('/kb?q=internal+escalation+runbook')
    expect(search.html).not.toContain(inHidden.slug)
  })

  it('renders XSS payloads in an article inert, in the page and in search results', async () => {
    const cat = await createKbCategory(admin, { name: 'Payloads' })
    const a = await createKbArticle(admin, {
      categoryId: cat.id,
      title: 'Quokka <script>alert(7)</script> <img src=x onerror=alert(8)>',
      body: `Quokka setup. ${XSS_BODY}`,
      isPublished: true,
    })
    const visitor = new Visitor(() => portal.url)
    const page = await visitor.get(`/kb/${a.slug}`)
    expect(page.status).toBe(200)
    assertInert(page.$('main').html() ?? page.html)
    expect(page.$('h1').text()).toContain('<script>alert(7)</script>') // shown as text
    const results = await visitor.get('/kb?q=quokka')
    const list = results.$('.kb-results').html() ?? ''
    expect(list).toContain('<mark>Quokka</mark>')
    assertInert(list)
    expect(list).toContain('&lt;script&gt;')
  })
})

describe('/kb/suggest', () => {
  it('answers JSON suggestions for a partly typed subject, nothing for under 3 letters', async () => {
    const res = await fetch(`${portal.url}/kb/suggest?q=${encodeURIComponent('ssl certif')}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as { title: string; slug: string; snippet: string }[]
    expect(body[0]).toMatchObject({ slug: 'install-ssl-certificate', title: 'Install an SSL certificate' })
    expect(body[0]!.snippet).not.toContain('<')
    expect(body.length).toBeLessThanOrEqual(5)
    const short = await fetch(`${portal.url}/kb/suggest?q=ss`)
    expect(await short.json()).toEqual([])
  })
})

describe('/announcements', () => {
  it('lists published ones newest first, hides drafts, renders bodies inert, and serves an escaped RSS feed', async () => {
    const older = await createAnnouncement(admin, {
      title: 'Older news',
      body: 'Old.',
      isPublished: true,
      publishedAt: '2026-01-02T10:00:00Z',
    })
    const newer = await createAnnouncement(admin, {
      title: 'Prices & "plans" <b>change</b>',
      body: `New prices. ${XSS_BODY}`,
      isPublished: true,
      publishedAt: '2026-03-04T10:00:00Z',
    })
    const draft = await createAnnouncement(admin, { title: 'Secret launch', body: 'Not yet.' })
    const visitor = new Visitor(() => portal.url)
    const list = await visitor.get('/announcements')
    const titles = list
      .$('.kb-results h2')
      .map((_, el) => list.$(el).text())
      .get()
    expect(titles.indexOf(newer.title)).toBeLessThan(titles.indexOf(older.title))
    expect(titles).not.toContain('Secret launch')
    expect((await visitor.get(`/announcements/${draft.slug}`)).status).toBe(404)
    const page = await visitor.get(`/announcements/${newer.slug}`)
    expect(page.status).toBe(200)
    assertInert(page.$('article').html() ?? '')

    const rss = await fetch(`${portal.url}/announcements.rss`)
    expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/)
    const xml = await rss.text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/)
    expect(xml).toContain('<title>Prices &amp; &quot;plans&quot; &lt;b&gt;change&lt;/b&gt;</title>')
    expect(xml).toMatch(new RegExp(`<link>https?://[^<]+/announcements/${newer.slug}</link>`))
    expect(xml).not.toContain('Secret launch')
    expect(xml).not.toMatch(/<script|<img|<iframe/i) // any markup in a description is escaped
    expect(xml).toContain('<pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate>')
  })
})

describe('the client dashboard', () => {
  it('shows the latest published announcements', async () => {
    const latest = await createAnnouncement(admin, {
      title: `Dashboard news ${Date.now()}`,
      body: 'Fresh.',
      isPublished: true,
    })
    const { visitor } = await loggedInClient(portal)
    const home = await visitor.get('/')
    expect(home.status).toBe(200)
    const panel = home.$('[aria-labelledby="panel-announcements"]')
    expect(panel.find('a').first().text()).toBe(latest.title)
    expect(panel.find('a').first().attr('href')).toBe(`/announcements/${latest.slug}`)
  })
})

describe('/kb/suggest limit', () => {
  it('answers 429 with Retry-After past 60 requests a minute from one address', async () => {
    const statuses: number[] = []
    // 130: more than two windows' worth, so a window that ends mid-loop still leaves one over the limit
    for (let i = 0; i < 130; i++) {
      const res = await fetch(`${portal.url}/kb/suggest?q=ab`)
      statuses.push(res.status)
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('60')
      await res.arrayBuffer()
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(statuses.slice(0, 55).every((s) => s === 200)).toBe(true)
  })
})
