import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, tableCounts, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { logIn, sessionRowExists, sessionToken } from '../../test/fixtures'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, Visitor } from '../../test/visitor'

const portal = usePortalServer()
const visitor = () => new Visitor(() => portal.url)
const db = getDb()

describe('/login', () => {
  it('gives the same generic answer for a wrong password and an unknown email, with no session', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/login')
    const before = await tableCounts()
    const wrong = await v.post('/login', { email: c.email, password: 'not the password' })
    const unknown = await v.post('/login', { email: uniqueEmail('nobody'), password: 'not the password' })
    for (const page of [wrong, unknown]) {
      expect(page.status).toBe(401)
      expect(alerts(page)).toEqual(['Email or password is incorrect.'])
      expect(field(page, 'login', 'password').invalid).toBe(false)
    }
    expect(field(wrong, 'login', 'email').value).toBe(c.email)
    expect((await tableCounts()).sessions).toBe(before.sessions)
    expect(v.cookies.has('berth_portal')).toBe(false)
  })

  it('shows a malformed email on its field (422)', async () => {
    const v = visitor()
    await v.get('/login')
    const page = await v.post('/login', { email: 'nope', password: 'x' })
    expect(page.status).toBe(422)
    expect(field(page, 'login', 'email')).toMatchObject({
      invalid: true,
      error: 'Enter a valid email address',
    })
  })

  it('throttles repeated failures with 429, Retry-After and a form-level message', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/login')
    for (let i = 0; i < 5; i++)
      expect((await v.post('/login', { email: c.email, password: `wrong ${i}` })).status).toBe(401)
    const page = await v.post('/login', { email: c.email, password: TEST_PASSWORD })
    expect(page.status).toBe(429)
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(alerts(page).join(' ')).toMatch(/Too many attempts/)
  })

  it('refuses a missing or wrong CSRF token with 403 before checking anything', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/login')
    const attempts = await db.loginAttempt.count()
    expect((await v.post('/login', { email: c.email, password: TEST_PASSWORD }, { csrf: null })).status).toBe(
      403,
    )
    expect(
      (await v.post('/login', { email: c.email, password: TEST_PASSWORD }, { csrf: 'forged' })).status,
    ).toBe(403)
    expect(await db.loginAttempt.count()).toBe(attempts)
    expect(v.cookies.has('berth_portal')).toBe(false)
  })

  it('logs in with a fresh session token, replacing any session the browser had', async () => {
    const c = await makeClient()
    const v = visitor()
    await logIn(v, c.email, c.password)
    const first = sessionToken(v)
    expect(await sessionRowExists(first)).toBe(true)
    // Log out and in again: a new token every time, the old row gone.
    await v.get('/')
    expect((await v.post('/logout', {})).status).toBe(302)
    await logIn(v, c.email, c.password)
    const second = sessionToken(v)
    expect(second).not.toBe(first)
    expect(await sessionRowExists(first)).toBe(false)
    expect(await sessionRowExists(second)).toBe(true)
    const row = await db.session.findFirstOrThrow({ where: { userId: c.userId } })
    expect(row).toMatchObject({ door: 'PORTAL', userAgent: 'node' })
    expect(row.ip).toBe('127.0.0.1')
  })

  it('goes back to a relative redirectTo, and home for anything pointing off the site', async () => {
    const c = await makeClient()
    const cases: [string, string][] = [
      ['/account', '/account'],
      ['//evil.example/x', '/'],
      ['https://evil.example/', '/'],
      ['/\\evil.example', '/'],
      ['javascript:alert(1)', '/'],
    ]
    for (const [redirectTo, expected] of cases) {
      const v = visitor()
      await v.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`)
      const page = await v.post('/login', { email: c.email, password: c.password, redirectTo })
      expect(page.status, redirectTo).toBe(302)
      expect(page.location, redirectTo).toBe(expected)
    }
  })
})

describe('guards', () => {
  it('sends visitors to the login page, remembering where they were going', async () => {
    const v = visitor()
    expect((await v.get('/')).location).toBe('/login')
    expect((await v.get('/account')).location).toBe('/login?redirectTo=%2Faccount')
    const before = await tableCounts()
    // A POST to a members' page from a visitor is redirected too, and writes nothing.
    await v.get('/login')
    const page = await v.post('/account', { intent: 'profile', firstName: 'X' })
    expect(page.status).toBe(302)
    expect(page.location).toBe('/login?redirectTo=%2Faccount')
    expect(await tableCounts()).toEqual(before)
  })

  it('sends a logged-in client away from the login page', async () => {
    const c = await makeClient()
    const v = visitor()
    await logIn(v, c.email, c.password)
    expect((await v.get('/login')).location).toBe('/')
  })

  it('logs a client out at once when staff disable the account, deleting the session row', async () => {
    const c = await makeClient()
    const v = visitor()
    await logIn(v, c.email, c.password)
    const token = sessionToken(v)
    expect((await v.get('/')).status).toBe(200)
    await db.client.update({ where: { id: c.clientId }, data: { status: 'CLOSED' } })
    const page = await v.get('/')
    expect(page.status).toBe(302)
    expect(page.location).toBe('/login')
    expect(await sessionRowExists(token)).toBe(false)
    expect(v.cookies.has('berth_portal')).toBe(false)
  })

  it('treats a forged or unknown session cookie as a visitor', async () => {
    const v = visitor()
    v.cookies.set('berth_portal', 'forged.value')
    expect((await v.get('/')).location).toBe('/login')
  })
})

describe('/logout', () => {
  it('is POST only: a GET does not end the session', async () => {
    const c = await makeClient()
    const v = visitor()
    await logIn(v, c.email, c.password)
    const page = await v.get('/logout')
    expect(page.status).toBe(302)
    expect(await sessionRowExists(sessionToken(v))).toBe(true)
  })

  it('refuses a missing CSRF token and keeps the session', async () => {
    const c = await makeClient()
    const v = visitor()
    await logIn(v, c.email, c.password)
    await v.get('/')
    expect((await v.post('/logout', {}, { csrf: null })).status).toBe(403)
    expect(await sessionRowExists(sessionToken(v))).toBe(true)
  })

  it('deletes the session row, clears the cookie and says so on the login page', async () => {
    const c = await makeClient()
    const v = visitor()
    await logIn(v, c.email, c.password)
    const token = sessionToken(v)
    await v.get('/')
    const page = await v.post('/logout', {})
    expect(page.status).toBe(302)
    expect(page.location).toBe('/login')
    expect(await sessionRowExists(token)).toBe(false)
    expect(v.cookies.has('berth_portal')).toBe(false)
    expect(await db.auditEvent.count({ where: { action: 'user.logout', targetId: c.userId } })).toBe(1)
    expect(alerts(await v.get('/login'))).toContain('You are logged out.')
    expect((await v.get('/')).location).toBe('/login')
  })
})
