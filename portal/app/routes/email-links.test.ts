import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, tableCounts, uniqueEmail } from '@berth/tests/support/factories'
import { liveLinkToken, logIn, sessionRowExists, sessionToken } from '../../test/fixtures'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, Visitor } from '../../test/visitor'

const portal = usePortalServer()
const visitor = () => new Visitor(() => portal.url)
const db = getDb()
const SENT = /If an account exists for that address, we have sent a link/

describe('/forgot-password', () => {
  it('gives the same answer for a known and an unknown address; only the known one gets a link', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/forgot-password')
    const known = await v.post('/forgot-password', { email: c.email, website: '' })
    const unknown = await v.post('/forgot-password', { email: uniqueEmail('ghost'), website: '' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    expect(alerts(known).join(' ')).toMatch(SENT)
    expect(alerts(unknown)).toEqual(alerts(known))
    expect(await db.emailLog.count({ where: { userId: c.userId, template: 'password-reset' } })).toBe(1)
  })

  it('shows a malformed address on its field (422) and writes nothing', async () => {
    const v = visitor()
    await v.get('/forgot-password')
    const before = await tableCounts()
    const page = await v.post('/forgot-password', { email: 'nope', website: '' })
    expect(page.status).toBe(422)
    expect(field(page, 'forgot', 'email')).toMatchObject({
      invalid: true,
      error: 'Enter a valid email address',
      value: 'nope',
    })
    expect(await tableCounts()).toEqual(before)
  })

  it('answers a filled honeypot like anyone else, but sends nothing', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/forgot-password')
    const before = await tableCounts()
    const attempts = await db.loginAttempt.count()
    const page = await v.post('/forgot-password', { email: c.email, website: 'http://spam.example' })
    expect(page.status).toBe(200)
    expect(alerts(page).join(' ')).toMatch(SENT)
    expect(await tableCounts()).toEqual(before)
    expect(await db.loginAttempt.count()).toBe(attempts)
  })

  it('refuses a missing CSRF token with 403 and sends nothing', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/forgot-password')
    const before = await tableCounts()
    expect((await v.post('/forgot-password', { email: c.email, website: '' }, { csrf: null })).status).toBe(
      403,
    )
    expect(await tableCounts()).toEqual(before)
  })

  it('throttles repeated requests for one address with 429', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/forgot-password')
    for (let i = 0; i < 3; i++)
      expect((await v.post('/forgot-password', { email: c.email, website: '' })).status).toBe(200)
    const page = await v.post('/forgot-password', { email: c.email, website: '' })
    expect(page.status).toBe(429)
    expect(alerts(page).join(' ')).toMatch(/Too many attempts/)
  })
})

describe('/reset-password', () => {
  async function clientWithResetLink() {
    const c = await makeClient()
    const v = visitor()
    await v.submit('/forgot-password', { email: c.email, website: '' })
    return { c, token: await liveLinkToken(c.userId, 'password-reset') }
  }

  it('explains a bad or missing link and offers a new one', async () => {
    for (const path of ['/reset-password', '/reset-password?token=not-a-real-token']) {
      const page = await visitor().get(path)
      expect(page.status).toBe(200)
      expect(page.$('h1').text()).toBe('This link does not work any more')
      expect(page.$('a[href="/forgot-password"]').length).toBeGreaterThan(0)
      expect(page.$('input[type="password"]').length).toBe(0)
    }
  })

  it('refuses a mismatch on the confirm field (422), leaving the link usable', async () => {
    const { c, token } = await clientWithResetLink()
    const v = visitor()
    const form = await v.get(`/reset-password?token=${token}`)
    expect(field(form, 'reset', 'password').label).toBe('New password')
    expect(field(form, 'reset', 'confirmPassword').label).toBe('Confirm password')
    const hash = (await db.user.findUniqueOrThrow({ where: { id: c.userId } })).passwordHash
    const page = await v.post(`/reset-password?token=${token}`, {
      token,
      password: 'a new password here',
      confirmPassword: 'not the same one',
    })
    expect(page.status).toBe(422)
    expect(field(page, 'reset', 'confirmPassword')).toMatchObject({
      invalid: true,
      error: 'The passwords do not match',
    })
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).passwordHash).toBe(hash)
    expect(await liveLinkToken(c.userId, 'password-reset')).toBe(token)
  })

  it('sets the password, ends every session, sends the browser to log in, and spends the link', async () => {
    const { c, token } = await clientWithResetLink()
    const other = visitor()
    await logIn(other, c.email, c.password)
    const v = visitor()
    await v.get(`/reset-password?token=${token}`)
    const page = await v.post(`/reset-password?token=${token}`, {
      token,
      password: 'a new password here',
      confirmPassword: 'a new password here',
    })
    expect(page.status).toBe(302)
    expect(page.location).toBe('/login')
    expect(await sessionRowExists(sessionToken(other))).toBe(false)
    const login = await v.get('/login')
    expect(alerts(login).join(' ')).toMatch(/password is changed/)
    await logIn(v, c.email, 'a new password here')
    // The same link a second time: a clear refusal.
    const again = visitor()
    await again.get('/login')
    const reused = await again.post(`/reset-password?token=${token}`, {
      token,
      password: 'another password 123',
      confirmPassword: 'another password 123',
    })
    expect(reused.status).toBe(400)
    expect(reused.$('h1').text()).toBe('This link does not work any more')
    expect(reused.$('a[href="/forgot-password"]').length).toBeGreaterThan(0)
  })
})

describe('/verify-email', () => {
  it('does not use the token on GET (mail scanners), and verifies on the button POST', async () => {
    const c = await makeClient()
    const token = await liveLinkToken(c.userId, 'verify-email')
    const v = visitor()
    const page = await v.get(`/verify-email?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.$('form button').text()).toMatch(/Confirm/)
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    const done = await v.post(`/verify-email?token=${token}`, { token })
    expect(done.status).toBe(200)
    expect(done.$('h1').text()).toBe('Email address confirmed')
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeInstanceOf(
      Date,
    )
  })

  it('explains a used, wrong or missing link (400) and changes nothing', async () => {
    const c = await makeClient()
    const v = visitor()
    await v.get('/verify-email?token=abc')
    const before = await tableCounts()
    const page = await v.post('/verify-email?token=abc', { token: 'abc' })
    expect(page.status).toBe(400)
    expect(page.$('h1').text()).toBe('This link does not work')
    expect(alerts(page).join(' ')).toMatch(/invalid or has expired/)
    expect(await tableCounts()).toEqual(before)
    expect((await db.user.findUniqueOrThrow({ where: { id: c.userId } })).emailVerifiedAt).toBeNull()
    expect((await visitor().get('/verify-email')).$('h1').text()).toBe('This link does not work')
  })

  it('refuses a missing CSRF token with 403 and leaves the token unused', async () => {
    const c = await makeClient()
    const token = await liveLinkToken(c.userId, 'verify-email')
    const v = visitor()
    await v.get(`/verify-email?token=${token}`)
    expect((await v.post(`/verify-email?token=${token}`, { token }, { csrf: null })).status).toBe(403)
    expect(await liveLinkToken(c.userId, 'verify-email')).toBe(token)
  })
})
