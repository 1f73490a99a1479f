import { mkdtempSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeDepartment } from '@berth/tests/support/desk-factories'
import { loggedInClient } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { field, type Page, type Visitor } from '../../test/visitor'

// Attachments of this file go to a directory of its own (read on the store's first use).
const filesDir = mkdtempSync(join(tmpdir(), 'berth-portal-tickets-'))
process.env.FILE_STORE_DIR = filesDir

/**
 * Support tickets over HTTP: the forms with their labelled fields, multipart uploads, the thread
 * rendered inert whatever the client typed, downloads that are always downloads, and another
 * client's ticket or attachment answered with the same bare 404 as a number that never existed.
 */
const portal = usePortalServer()
const db = getDb()
let departmentId: string

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3])
const XSS_SUBJECT = '<img src=x onerror=alert(1)>Subject'
const XSS_BODY =
  'Hi <script>alert("body")</script> [click](javascript:alert(2)) <a href="x" onclick="alert(3)">x</a>'

beforeAll(async () => {
  departmentId = (await makeDepartment({ name: 'Technical Support' })).id
})

async function blobs(): Promise<number> {
  return (await readdir(filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length
}

/** Posts a multipart form the way a browser does, with the CSRF token of the last page. */
async function postMultipart(
  visitor: Visitor,
  path: string,
  fields: Record<string, string>,
  files: { name: string; bytes: Uint8Array; type?: string }[] = [],
): Promise<Page> {
  const form = new FormData()
  form.set('csrf', visitor.csrf)
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files)
    form.append(
      'attachments',
      new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }),
      f.name,
    )
  if (!files.length) form.append('attachments', new Blob([]), '') // an empty file input, as browsers send it
  return visitor.request(path, { method: 'POST', body: form, headers: { Origin: portal.url } })
}

async function openTicketAs(
  visitor: Visitor,
  subject = 'Mail is down',
  files = [{ name: 'shot.png', bytes: PNG, type: 'image/png' }],
) {
  await visitor.get('/tickets/new')
  const page = await postMultipart(
    visitor,
    '/tickets/new',
    { departmentId, subject, message: XSS_BODY },
    files,
  )
  expect(page.status, page.html.slice(0, 500)).toBe(302)
  const number = page.location!.split('/').pop()!
  return number
}

describe('/tickets/new', () => {
  it('has the labelled fields Department, Subject, Message, Attachments and Related service', async () => {
    const a = await loggedInClient(portal)
    const page = await a.visitor.get('/tickets/new')
    expect(page.status).toBe(200)
    expect(field(page, 'ticket', 'departmentId').label).toBe('Department')
    expect(field(page, 'ticket', 'subject').label).toBe('Subject')
    expect(field(page, 'ticket', 'message').label).toBe('Message')
    expect(field(page, 'ticket', 'attachments').label).toBe('Attachments (optional)')
    expect(page.$('form[enctype="multipart/form-data"]').length).toBe(1)
    expect(page.$('a[href="/tickets"]').length).toBeGreaterThan(0) // the navigation entry
  })

  it('opens a ticket with an attachment; the thread renders the subject and body inert; the download is a download', async () => {
    const a = await loggedInClient(portal)
    const number = await openTicketAs(a.visitor, XSS_SUBJECT)
    const page = await a.visitor.get(`/tickets/${number}`)
    expect(page.status).toBe(200)
    // The markup typed by the client is text or gone: no element, handler or javascript: URL from it.
    expect(page.$('main img, main script, main iframe').length).toBe(0)
    const handlers = page
      .$('main *')
      .toArray()
      .flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}))
      .filter((name) => name.startsWith('on'))
    expect(handlers).toEqual([])
    expect(page.$('main a[href^="javascript"]').length).toBe(0)
    expect(
      page
        .$('.markdown a')
        .map((_, el) => page.$(el).attr('rel'))
        .get(),
    ).toEqual(['noopener nofollow', 'noopener nofollow'])
    expect(page.$('.markdown').first().text()).toContain('Hi')

    const link = page.$('ul.attachments a').first()
    expect(link.text()).toBe('shot.png')
    const res = await fetch(`${portal.url}${link.attr('href')}`, {
      headers: { Cookie: a.visitor.cookieHeader() },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="shot.png"/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true)

    const list = await a.visitor.get('/tickets')
    expect(list.$(`a[href="/tickets/${number}"]`).text()).toBe(XSS_SUBJECT)
    expect(list.$('main img').length).toBe(0)
    const dashboard = await a.visitor.get('/')
    expect(dashboard.$('a[href="/tickets"] .tile-value').text()).toBe('1')
  })

  it('refuses a dangerous file with the message on the Attachments field, and stores nothing', async () => {
    const a = await loggedInClient(portal)
    const before = { tickets: await db.ticket.count(), blobs: await blobs() }
    await a.visitor.get('/tickets/new')
    const page = await postMultipart(
      a.visitor,
      '/tickets/new',
      { departmentId, subject: 'Look', message: 'See file' },
      [{ name: 'cat.php.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) }],
    )
    expect(page.status).toBe(422)
    expect(field(page, 'ticket', 'attachments').error).toMatch(/\.php part/)
    expect(field(page, 'ticket', 'subject').value).toBe('Look')
    expect({ tickets: await db.ticket.count(), blobs: await blobs() }).toEqual(before)
  })

  it('takes attachments past the 64 KB form limit, and refuses a body past the attachment allowance with 413', async () => {
    const a = await loggedInClient(portal)
    const big = new Uint8Array(300 * 1024)
    big.set(PNG)
    const number = await openTicketAs(a.visitor, 'Big screenshot', [
      { name: 'big.png', bytes: big, type: 'image/png' },
    ])
    const t = await db.ticket.findUniqueOrThrow({
      where: { publicNumber: number },
      select: { messages: { select: { attachments: { select: { size: true } } } } },
    })
    expect(t.messages[0]!.attachments[0]!.size).toBe(300 * 1024)

    const before = { tickets: await db.ticket.count(), blobs: await blobs() }
    await a.visitor.get('/tickets/new')
    // 5 files × 5 MB + 256 KB is the most a ticket form may send (default settings).
    const huge = Array.from({ length: 6 }, (_, i) => ({
      name: `${i}.png`,
      bytes: new Uint8Array(5 * 1024 * 1024),
    }))
    const refused = await postMultipart(
      a.visitor,
      '/tickets/new',
      { departmentId, subject: 'flood', message: 'm' },
      huge,
    ).catch((e: unknown) => e)
    // The server answers 413 and closes the connection (fetch may see the reset first).
    if (!(refused instanceof Error)) expect((refused as Page).status).toBe(413)
    expect({ tickets: await db.ticket.count(), blobs: await blobs() }).toEqual(before)
    // Other forms keep the 64 KB limit.
    const other = await a.visitor.request('/account', {
      method: 'POST',
      body: new URLSearchParams({ csrf: a.visitor.csrf, x: 'y'.repeat(100 * 1024) }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: portal.url },
    })
    expect(other.status).toBe(413)
  })

  it('refuses a post without the CSRF token', async () => {
    const a = await loggedInClient(portal)
    await a.visitor.get('/tickets/new')
    a.visitor.csrf = 'forged'
    const page = await postMultipart(a.visitor, '/tickets/new', { departmentId, subject: 's', message: 'm' })
    expect(page.status).toBe(403)
  })
})

describe('/tickets/:number', () => {
  it('replies (CUSTOMER_REPLY), closes and reopens', async () => {
    const a = await loggedInClient(portal)
    const number = await openTicketAs(a.visitor)
    await a.visitor.get(`/tickets/${number}`)
    const reply = await postMultipart(a.visitor, `/tickets/${number}`, {
      intent: 'reply',
      message: 'More **details**',
    })
    expect(reply.status).toBe(302)
    const page = await a.visitor.get(`/tickets/${number}`)
    expect(page.$('.markdown strong').text()).toBe('details')
    expect((await db.ticket.findUniqueOrThrow({ where: { publicNumber: number } })).status).toBe(
      'CUSTOMER_REPLY',
    )
    expect((await a.visitor.post(`/tickets/${number}`, { intent: 'close' })).status).toBe(302)
    const closed = await a.visitor.get(`/tickets/${number}`)
    expect(closed.$('button:contains("Reopen ticket")').length).toBe(1)
    expect((await a.visitor.post(`/tickets/${number}`, { intent: 'reopen' })).status).toBe(302)
    expect((await db.ticket.findUniqueOrThrow({ where: { publicNumber: number } })).status).toBe('OPEN')
  })

  it('never shows staff internal notes', async () => {
    const a = await loggedInClient(portal)
    const number = await openTicketAs(a.visitor)
    const t = await db.ticket.findUniqueOrThrow({ where: { publicNumber: number } })
    await db.ticketMessage.create({
      data: { ticketId: t.id, authorType: 'STAFF', body: 'INTERNAL-ONLY note', isInternal: true },
    })
    const page = await a.visitor.get(`/tickets/${number}`)
    expect(page.html).not.toContain('INTERNAL-ONLY')
  })

  it('another client gets the same bare 404 for the ticket, its attachment and a reply, and nothing changes', async () => {
    const a = await loggedInClient(portal)
    const b = await loggedInClient(portal)
    const number = await openTicketAs(a.visitor, 'Secret subject of A')
    const mine = await a.visitor.get(`/tickets/${number}`)
    const href = mine.$('ul.attachments a').first().attr('href')!
    const never = await b.visitor.get('/tickets/ZZZ-000000')
    const theirs = await b.visitor.get(`/tickets/${number}`)
    expect(theirs.status).toBe(404)
    expect(never.status).toBe(404)
    expect(theirs.html).not.toContain('Secret subject')
    const same = (html: string) => html.replaceAll(number, 'ZZZ-000000').replace(/nonce="[^"]*"/g, '')
    expect(same(theirs.html)).toBe(same(never.html))
    const file = await fetch(`${portal.url}${href}`, { headers: { Cookie: b.visitor.cookieHeader() } })
    expect(file.status).toBe(404)
    expect(await file.text()).toBe('Not found')
    const t = await db.ticket.findUniqueOrThrow({ where: { publicNumber: number } })
    const messages = await db.ticketMessage.count({ where: { ticketId: t.id } })
    await b.visitor.get('/tickets')
    const reply = await postMultipart(b.visitor, `/tickets/${number}`, { intent: 'reply', message: 'hijack' })
    expect(reply.status).toBe(404)
    expect((await b.visitor.post(`/tickets/${number}`, { intent: 'close' })).status).toBe(404)
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(messages)
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('OPEN')
    // Logged out: to the login page, not the file.
    const anonymous = await fetch(`${portal.url}${href}`, { redirect: 'manual' })
    expect(anonymous.status).toBe(302)
  })
})
