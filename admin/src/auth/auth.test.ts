import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, sessionIdForToken, updateStaff } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, REQUEST, TEST_PASSWORD } from '@berth/tests/support/factories'
import { AdminClient, signedIn, startAdmin, type RunningAdmin } from '../test-support/admin-client'

let admin: RunningAdmin
beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

/** How express-session signs a sid with SESSION_SECRET (cookie-signature). */
const sign = (sid: string) =>
  `s:${sid}.${createHmac('sha256', process.env.SESSION_SECRET!).update(sid).digest('base64').replace(/=+$/, '')}`
const cookieValue = (c: AdminClient) => decodeURIComponent(c.cookies.get('berth_admin') ?? '')
/** express-session's cookie is `s:<sid>.<signature>`; the row id is sha256(sid). */
const sidOf = (c: AdminClient) => cookieValue(c).slice(2, cookieValue(c).lastIndexOf('.'))

describe('staff login and logout', () => {
  it('the login page is branded Berth and needs no session', async () => {
    const res = await new AdminClient(admin.baseUrl).get('/admin/login')
    expect(res.status).toBe(200)
    expect(res.text).toContain('<title>Berth</title>')
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('signs a staff member in with a PostgreSQL session and out again', async () => {
    const db = getDb()
    const staff = await makeStaff('Support')
    const client = new AdminClient(admin.baseUrl)
    const res = await client.login(staff.email, staff.password)
    expect(res.status).toBe(302)
    expect(res.location).toBe('/admin')

    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('berth_admin='))!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).toMatch(/Path=\/admin/)
    expect(setCookie).not.toMatch(/Secure/i) // ADMIN_URL is http in tests

    // Only the sha256 of the cookie's token is stored, at the ADMIN door, for this staff member.
    const sid = sidOf(client)
    expect(cookieValue(client)).toBe(sign(sid))
    expect(await db.session.findUnique({ where: { id: sid } })).toBeNull()
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionIdForToken(sid) } })
    expect(row).toMatchObject({
      door: 'ADMIN',
      staffId: staff.staffId,
      userId: null,
      ip: expect.any(String),
      userAgent: expect.any(String),
    })

    const home = await client.get('/admin')
    expect(home.status).toBe(200)
    expect(home.text).toContain(staff.email)

    // A sign-out another site starts (an <img> on a sibling subdomain) only gets a confirmation page.
    const forged = await client.get('/admin/logout', { 'sec-fetch-site': 'same-site' })
    expect(forged.status).toBe(200)
    expect(forged.text).toContain('<form method="post">')
    expect(await db.session.findUnique({ where: { id: row.id } })).not.toBeNull()
    expect((await client.get('/admin')).status).toBe(200)
    expect((await client.post('/admin/logout', {}, { origin: 'https://evil.example' })).status).toBe(403)
    expect(await db.session.findUnique({ where: { id: row.id } })).not.toBeNull()

    // The console's own "Sign out" link.
    const out = await client.get('/admin/logout', { 'sec-fetch-site': 'same-origin' })
    expect(out.status).toBe(302)
    expect(out.location).toBe('/admin/login')
    expect(await db.session.findUnique({ where: { id: row.id } })).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'staff.logout', actorId: staff.staffId } })).toBe(1)
    expect((await client.get('/admin')).location).toBe('/admin/login')
  })

  it("signs out with the confirmation page's button (a POST from the console)", async () => {
    const db = getDb()
    const staff = await makeStaff('Billing')
    const client = new AdminClient(admin.baseUrl)
    expect((await client.login(staff.email, staff.password)).status).toBe(302)
    const sessionRow = sessionIdForToken(sidOf(client))
    const out = await client.post('/admin/logout')
    expect(out.status).toBe(302)
    expect(out.location).toBe('/admin/login')
    expect(await db.session.findUnique({ where: { id: sessionRow } })).toBeNull()
  })

  it('answers a wrong password and an unknown email the same generic way', async () => {
    const staff = await makeStaff('Billing')
    const wrong = await new AdminClient(admin.baseUrl).login(staff.email, 'not the password at all')
    const unknown = await new AdminClient(admin.baseUrl).login(
      'nobody-here@example.test',
      'not the password at all',
    )
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
    const message = (html: string) => /"errorMessage":"([^"]*)"/.exec(html)?.[1]
    expect(message(wrong.text)).toBe('invalidCredentials')
    expect(message(unknown.text)).toBe(message(wrong.text))
    expect(wrong.text).toContain('Email or password is incorrect.')
  })

  it('refuses a client login at the admin door', async () => {
    const client = await makeClient()
    const res = await new AdminClient(admin.baseUrl).login(client.email, client.password)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await getDb().session.count({ where: { userId: client.userId } })).toBe(0)
  })

  it('explains throttling on the login page', async () => {
    const staff = await makeStaff('Read-only')
    const browser = new AdminClient(admin.baseUrl)
    for (let i = 0; i < 5; i++) await browser.login(staff.email, `wrong password ${i}`)
    const res = await browser.login(staff.email, staff.password)
    expect(res.status).toBe(400)
    expect(res.text).toMatch(/Too many attempts/)
    expect(browser.cookies.has('berth_admin')).toBe(false)
  })

  it('a portal session or cookie opens nothing in the console', async () => {
    const db = getDb()
    const client = await makeClient()
    const portalToken = await createSession(db, { door: 'PORTAL', userId: client.userId, ...REQUEST })
    // The portal's own cookie, and the same token under the admin cookie name, unsigned and signed
    // with the real secret (as if the portal and admin shared it): the ADMIN door never reads a PORTAL row.
    const signed = encodeURIComponent(sign(portalToken))
    for (const cookie of [
      `berth_portal=${portalToken}`,
      `berth_admin=${portalToken}`,
      `berth_admin=${signed}`,
    ]) {
      for (const path of ['/admin', '/admin/api/resources/Client/actions/list', '/admin/api/dashboard']) {
        const res = await fetch(`${admin.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' })
        expect(res.status, `${cookie} ${path}`).toBe(302)
        expect(res.headers.get('location')).toBe('/admin/login')
      }
    }
    expect(await db.session.count({ where: { id: sessionIdForToken(portalToken) } })).toBe(1)
  })

  it('a disabled staff member is signed out on their next request', async () => {
    const db = getDb()
    const staff = await makeStaff('Billing')
    const browser = await signedIn(admin.baseUrl, staff.email, staff.password)
    expect((await browser.list('Client')).status).toBe(200)
    // Flip the status under the session (no session clean-up): the per-request reload alone must stop it.
    await db.staff.update({ where: { id: staff.staffId }, data: { status: 'DISABLED' } })
    const res = await browser.list('Client')
    expect(res.status).toBe(302)
    expect(res.location).toBe('/admin/login')
    expect(await db.session.count({ where: { staffId: staff.staffId } })).toBe(0)
  })

  it('disabling through core ends the session too, and a deleted member is signed out', async () => {
    const db = getDb()
    const superAdmin = await makeStaff('Super admin')
    const a = await makeStaff('Support')
    const b = await makeStaff('Support')
    const browserA = await signedIn(admin.baseUrl, a.email, a.password)
    const browserB = await signedIn(admin.baseUrl, b.email, b.password)
    await updateStaff(superAdmin.ctx, a.staffId, { status: 'DISABLED' })
    expect((await browserA.get('/admin')).location).toBe('/admin/login')
    await db.staff.delete({ where: { id: b.staffId } })
    expect((await browserB.get('/admin/api/dashboard')).location).toBe('/admin/login')
  })

  it('a changed role takes effect on the next request', async () => {
    const db = getDb()
    const staff = await makeStaff('Read-only')
    const browser = await signedIn(admin.baseUrl, staff.email, staff.password)
    expect((await browser.list('Staff')).status).toBe(200)
    const support = await db.role.findUniqueOrThrow({ where: { name: 'Support' } })
    await db.staff.update({ where: { id: staff.staffId }, data: { roleId: support.id } })
    expect((await browser.list('Staff')).status).toBe(403)
    const home = await browser.get('/admin')
    expect(home.text).toContain('Support')
  })

  it('gives a new session id at login, so an earlier id never becomes a signed-in one', async () => {
    const staff = await makeStaff('Support')
    const browser = await signedIn(admin.baseUrl, staff.email, TEST_PASSWORD)
    const first = sidOf(browser)
    const again = await browser.login(staff.email, TEST_PASSWORD)
    expect(again.status).toBe(302)
    expect(sidOf(browser)).not.toBe(first)
    expect(await getDb().session.count({ where: { id: sessionIdForToken(first) } })).toBe(0)
  })
})
