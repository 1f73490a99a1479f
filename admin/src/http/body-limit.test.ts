import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, tableCounts } from '@berth/tests/support/factories'
import { MB, sendLargeBody, uploadTempFiles } from '@berth/tests/support/large-body'
import { ADMIN_ORIGIN, signedIn, startAdmin, type RunningAdmin } from '../test-support/admin-client'

/**
 * Request bodies on the console: counted and held before the session, the Origin check and
 * AdminJS's express-formidable read them; multipart only for signed-in members; no file parts.
 */
let admin: RunningAdmin
beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

const BOUNDARY = 'berthboundary'
const MULTIPART = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, Origin: ADMIN_ORIGIN }
const FILE_PART = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`

function multipartForm(fields: Record<string, string>, file?: string): string {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  if (file !== undefined) parts.push(`${FILE_PART}${file}\r\n`)
  return `${parts.join('')}--${BOUNDARY}--\r\n`
}

describe('request bodies on the console', () => {
  it('refuses a 50 MB multipart POST to /admin/login without a session early (403), memory flat, no temp file', async () => {
    const tempBefore = uploadTempFiles()
    const before = await tableCounts()
    const answer = await sendLargeBody(admin.baseUrl, '/admin/login', {
      totalBytes: 50 * MB,
      prefix: FILE_PART,
      headers: MULTIPART,
    })
    expect(answer.status).toBe(403)
    expect(answer.bytesSent).toBeLessThan(answer.totalBytes / 2)
    expect(answer.rssGrowth).toBeLessThan(30 * MB)
    expect(uploadTempFiles()).toEqual(tempBefore)
    expect(await tableCounts()).toEqual(before)
  })

  it('refuses a 50 MB multipart POST to an admin API action without a session, with or without a made-up cookie', async () => {
    const tempBefore = uploadTempFiles()
    const before = await tableCounts()
    for (const cookie of [undefined, 'berth_admin=not-a-session']) {
      const headers: Record<string, string> = { ...MULTIPART, ...(cookie ? { Cookie: cookie } : {}) }
      const answer = await sendLargeBody(admin.baseUrl, '/admin/api/resources/Client/actions/new', {
        totalBytes: 50 * MB,
        prefix: FILE_PART,
        headers,
      })
      // No cookie: 403 unread. A cookie that is no session: held up to the signed-in limit (1 MB), then 413.
      expect([403, 413], String(cookie)).toContain(answer.status)
      expect(answer.bytesSent, String(cookie)).toBeLessThan(answer.totalBytes / 2)
      expect(answer.rssGrowth, String(cookie)).toBeLessThan(30 * MB)
    }
    // A small multipart body with a made-up cookie: read, then refused as not signed in.
    const small = await sendLargeBody(admin.baseUrl, '/admin/api/resources/Client/actions/new', {
      totalBytes: Buffer.byteLength(multipartForm({ email: 'x@example.test' })),
      prefix: multipartForm({ email: 'x@example.test' }),
      headers: { ...MULTIPART, Cookie: 'berth_admin=not-a-session' },
    })
    expect(small.status).toBe(403)
    expect(uploadTempFiles()).toEqual(tempBefore)
    expect(await tableCounts()).toEqual(before)
  })

  it('refuses a 50 MB chunked urlencoded POST to /admin/login with 413 past the login form limit', async () => {
    const answer = await sendLargeBody(admin.baseUrl, '/admin/login', {
      totalBytes: 50 * MB,
      prefix: 'email=a%40example.test&password=',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ADMIN_ORIGIN },
    })
    expect(answer.status).toBe(413)
    expect(answer.bytesSent).toBeLessThan(answer.totalBytes / 2)
    expect(answer.rssGrowth).toBeLessThan(30 * MB)
  })

  it('limits a signed-in member too: 50 MB multipart gets 413 early, a file part 400 without a temp file, a plain multipart form works', async () => {
    const superAdmin = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, superAdmin.email, superAdmin.password)
    const headers = { ...MULTIPART, Cookie: browser.cookieHeader() }
    const tempBefore = uploadTempFiles()

    const huge = await sendLargeBody(admin.baseUrl, '/admin/api/resources/Client/actions/new', {
      totalBytes: 50 * MB,
      prefix: FILE_PART,
      headers,
    })
    expect(huge.status).toBe(413)
    expect(huge.bytesSent).toBeLessThan(huge.totalBytes / 2)
    expect(huge.rssGrowth).toBeLessThan(30 * MB)

    const client = await makeClient()
    const before = await tableCounts()
    const withFile = multipartForm({ confirm: 'yes' }, 'x'.repeat(10_000))
    const upload = await sendLargeBody(
      admin.baseUrl,
      `/admin/api/resources/Client/records/${client.clientId}/disable`,
      { totalBytes: Buffer.byteLength(withFile), prefix: withFile, headers },
    )
    expect(upload.status).toBe(400)
    expect(uploadTempFiles()).toEqual(tempBefore)
    expect(await tableCounts()).toEqual(before)
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.clientId } })).status).toBe('ACTIVE')

    // AdminJS's own forms post multipart (FormData) without files: still accepted.
    const form = multipartForm({ confirm: 'yes' })
    const ok = await sendLargeBody(
      admin.baseUrl,
      `/admin/api/resources/Client/records/${client.clientId}/disable`,
      { totalBytes: Buffer.byteLength(form), prefix: form, headers },
    )
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.text).notice.type).toBe('success')
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.clientId } })).status).toBe(
      'INACTIVE',
    )
  })
})
