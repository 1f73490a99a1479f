import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { createAnnouncement, deleteAnnouncement, updateAnnouncement } from './manage-announcements'
import {
  announcementsRss,
  getAnnouncement,
  latestAnnouncements,
  listAnnouncements,
  xml,
} from './read-announcements'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const day = (iso: string) => new Date(`${iso}T09:00:00Z`)

describe('announcements', () => {
  it('validates, makes slugs, refuses duplicates and people without support.manage, audits', async () => {
    const bad = await fail(createAnnouncement(admin, { title: ' ', body: '', publishedAt: 'not a date' }))
    expect(bad.fieldErrors()).toMatchObject({
      title: 'Title is required',
      body: 'Body is required',
      publishedAt: expect.any(String),
    })
    const a = await createAnnouncement(admin, { title: 'New data centre in Frankfurt!', body: 'Hello.' })
    expect(a).toMatchObject({ slug: 'new-data-centre-in-frankfurt', isPublished: false, publishedAt: null })
    expect((await fail(createAnnouncement(admin, { title: 'x', slug: a.slug, body: 'y' }))).code).toBe(
      'DUPLICATE',
    )
    const support = (await makeStaff('Read-only')).ctx
    await expect(updateAnnouncement(support, a.id, { title: 'Hacked' })).toBeRefusedWith('FORBIDDEN')
    await expect(deleteAnnouncement((await makeClient()).ctx, a.id)).toBeRefusedWith('FORBIDDEN')
    // publishing a draft without a date publishes it now
    const published = await updateAnnouncement(admin, a.id, { isPublished: true })
    expect(published.publishedAt).toBeInstanceOf(Date)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'announcement.update', targetId: a.id },
    })
    expect(audit.after).toMatchObject({ isPublished: true })
    await deleteAnnouncement(admin, a.id)
    expect(await db.auditEvent.count({ where: { action: 'announcement.delete', targetId: a.id } })).toBe(1)
  })

  it('lists published ones newest first, paginated; drafts and future ones are not shown', async () => {
    const now = day('2030-06-15')
    const titles = ['First', 'Second', 'Third']
    for (const [i, title] of titles.entries())
      await createAnnouncement(admin, {
        title: `Pager ${title}`,
        body: 'b',
        isPublished: true,
        publishedAt: day(`2030-06-0${i + 1}`),
      })
    const draft = await createAnnouncement(admin, {
      title: 'Pager draft',
      body: 'b',
      publishedAt: day('2030-06-10'),
    })
    const future = await createAnnouncement(admin, {
      title: 'Pager future',
      body: 'b',
      isPublished: true,
      publishedAt: day('2030-07-01'),
    })
    const page1 = await listAnnouncements(db, { page: 1, perPage: 2 }, now)
    expect(page1.items.map((i) => i.title)).toEqual(['Pager Third', 'Pager Second'])
    expect((await listAnnouncements(db, { page: 2, perPage: 2 }, now)).items[0]!.title).toBe('Pager First')
    expect((await latestAnnouncements(db, 1, now))[0]!.title).toBe('Pager Third')
    await expect(getAnnouncement(db, draft.slug, now)).toBeRefusedWith('NOT_FOUND')
    await expect(getAnnouncement(db, future.slug, now)).toBeRefusedWith('NOT_FOUND')
    expect((await getAnnouncement(db, future.slug, day('2030-07-02'))).title).toBe('Pager future')
  })

  it('builds RSS 2.0 with escaped text, sanitized descriptions and absolute links', async () => {
    const now = day('2031-01-10')
    await createAnnouncement(admin, {
      title: 'Tom & Jerry\'s <b>"sale"</b> ]]> \u0001',
      body: 'Hi <script>alert(1)</script> [x](javascript:alert(2)) **bold**',
      isPublished: true,
      publishedAt: day('2031-01-09'),
    })
    const feed = await announcementsRss(db, { now, siteName: 'Acme & Co' })
    expect(feed).toContain(
      '<title>Tom &amp; Jerry&apos;s &lt;b&gt;&quot;sale&quot;&lt;/b&gt; ]]&gt; </title>',
    )
    expect(feed).toContain('<title>Acme &amp; Co announcements</title>')
    expect(feed).toMatch(/<link>https?:\/\/[^<]+\/announcements\/tom-jerry-s-b-sale-b<\/link>/)
    expect(feed).not.toMatch(/<script|alert\(1\)|javascript:/)
    expect(feed).toContain('&lt;strong&gt;bold&lt;/strong&gt;')
    expect(feed).not.toMatch(/[\u0000-\u0008]/)
    expect(xml('a\u0000b<')).toBe('ab&lt;')
  })
})
