import { describe, expect, it } from 'vitest'
import { THROTTLE_RULES } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, registration, tableCounts, uniqueEmail } from '@berth/tests/support/factories'
import { sessionRowExists, sessionToken } from '../../test/fixtures'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, Visitor } from '../../test/visitor'

const portal = usePortalServer()
const visitor = () => new Visitor(() => portal.url)

/** The register form's fields as a browser would send them. */
function form(overrides: Record<string, string> = {}) {
  const r = registration()
  return {
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email,
    password: r.password,
    companyName: r.companyName ?? '',
    address1: r.address1,
    address2: '',
    city: r.city,
    state: '',
    postcode: r.postcode ?? '',
    country: r.country,
    phone: r.phone,
    website: '',
    ...overrides,
  }
}

describe('/register', () => {
  it('shows every field with its label, a CSRF token and the honeypot', async () => {
    const page = await visitor().get('/register')
    expect(page.status).toBe(200)
    const labels = {
      firstName: 'First name',
      lastName: 'Last name',
      email: 'Email',
      password: 'Password',
      companyName: 'Company',
      address1: 'Address',
      address2: 'Address line 2',
      city: 'City',
      state: 'State or region',
      postcode: 'Postcode',
      country: 'Country',
      phone: 'Phone',
    }
    for (const [name, label] of Object.entries(labels))
      expect(field(page, 'register', name).label.replace(' (optional)', '')).toBe(label)
    expect(page.$('#register-country option[value="GB"]').text()).toBe('United Kingdom')
    expect(page.$('form input[name="csrf"]').attr('value')).toMatch(/^[\w-]{40,}$/)
    expect(page.$('input[name="website"]').length).toBe(1)
  })

  it('refuses bad input with 422, each message on its field, the other values kept and nothing written', async () => {
    const v = visitor()
    await v.get('/register')
    const before = await tableCounts()
    const page = await v.post(
      '/register',
      form({ email: 'not-an-email', city: '', country: 'XX', password: 'short', firstName: 'Ada' }),
    )
    expect(page.status).toBe(422)
    expect(field(page, 'register', 'email')).toMatchObject({
      invalid: true,
      error: 'Enter a valid email address',
      value: 'not-an-email',
    })
    expect(field(page, 'register', 'city')).toMatchObject({ invalid: true, error: 'City is required' })
    expect(field(page, 'register', 'country')).toMatchObject({
      invalid: true,
      error: 'Choose a country from the list',
    })
    expect(field(page, 'register', 'password')).toMatchObject({
      invalid: true,
      error: 'Password must be at least 10 characters',
      value: '',
    })
    expect(field(page, 'register', 'firstName')).toMatchObject({ invalid: false, error: null, value: 'Ada' })
    expect(page.html).not.toContain('short"')
    expect(await tableCounts()).toEqual(before)
    expect(v.cookies.has('berth_portal')).toBe(false)
  })

  it('refuses an address that already has an account on the email field (409), writing nothing', async () => {
    const existing = await makeClient()
    const v = visitor()
    await v.get('/register')
    const before = await tableCounts()
    const page = await v.post('/register', form({ email: existing.email.toUpperCase() }))
    expect(page.status).toBe(409)
    expect(field(page, 'register', 'email').error).toMatch(/already exists/)
    expect(await tableCounts()).toEqual(before)
  })

  it('answers 403 and writes nothing when the CSRF token is missing or wrong', async () => {
    const v = visitor()
    await v.get('/register')
    const before = await tableCounts()
    expect((await v.post('/register', form(), { csrf: null })).status).toBe(403)
    expect((await v.post('/register', form(), { csrf: 'x'.repeat(43) })).status).toBe(403)
    // A token from another browser does not match this browser's cookie.
    const other = visitor()
    await other.get('/register')
    expect((await v.post('/register', form(), { csrf: other.csrf })).status).toBe(403)
    // And the right token without the cookie fails too.
    const token = v.csrf
    v.cookies.delete('berth_csrf')
    expect((await v.post('/register', form(), { csrf: token })).status).toBe(403)
    expect(await tableCounts()).toEqual(before)
  })

  it('quietly refuses a filled honeypot and writes nothing', async () => {
    const v = visitor()
    await v.get('/register')
    const before = await tableCounts()
    const page = await v.post('/register', form({ website: 'https://spam.example' }))
    expect(page.status).toBe(400)
    expect(alerts(page).join(' ')).toMatch(/could not process this form/)
    expect(await tableCounts()).toEqual(before)
  })

  it('creates the account, logs the client in and shows the dashboard with a check-your-email notice', async () => {
    const v = visitor()
    await v.get('/register')
    const email = uniqueEmail('new')
    const before = await tableCounts()
    const page = await v.post('/register', form({ email, firstName: 'Grace' }))
    expect(page.status).toBe(302)
    expect(page.location).toBe('/')
    const after = await tableCounts()
    expect(after).toMatchObject({
      clients: before.clients + 1,
      users: before.users + 1,
      sessions: before.sessions + 1,
    })
    expect(await sessionRowExists(sessionToken(v))).toBe(true)
    const user = await getDb().user.findUniqueOrThrow({ where: { email } })
    expect(user.firstName).toBe('Grace')

    const home = await v.get('/')
    expect(home.status).toBe(200)
    expect(home.$('h1').text()).toBe('Hello, Grace')
    expect(alerts(home).join(' ')).toMatch(/check your email/i)
    expect(home.html).toContain('Please verify your email address.')
    expect(home.html).toContain('You have no invoices yet')
    expect(home.html).toContain('You have no services yet')
    expect(home.html).toContain('You have no tickets yet')
    // The notice shows once.
    expect(alerts(await v.get('/')).join(' ')).not.toMatch(/check your email/i)
    // Logged in, the register page sends the client home.
    expect((await v.get('/register')).location).toBe('/')
  })

  it(`refuses more than ${THROTTLE_RULES.REGISTRATION.perIp} registrations an hour from one address (429), writing nothing`, async () => {
    const db = getDb()
    const v = visitor()
    await v.get('/register')
    // The portal's registrations (these tests' too) all come from this address: fill the hour's allowance.
    expect((await v.post('/register', form({ email: 'not-an-email' }))).status).toBe(422)
    expect((await v.post('/register', form())).status).toBe(302)
    const { ip } = await db.loginAttempt.findFirstOrThrow({
      where: { kind: 'REGISTRATION' },
      orderBy: { id: 'desc' },
      select: { ip: true },
    })
    const used = await db.loginAttempt.count({ where: { kind: 'REGISTRATION', ip } })
    await db.loginAttempt.createMany({
      data: Array.from({ length: THROTTLE_RULES.REGISTRATION.perIp - used }, () => ({
        door: 'PORTAL' as const,
        kind: 'REGISTRATION' as const,
        email: '',
        ip,
        success: true,
      })),
    })
    const next = visitor()
    await next.get('/register')
    const before = await tableCounts()
    const page = await next.post('/register', form())
    expect(page.status).toBe(429)
    expect(page.headers.get('retry-after')).toBe('3600')
    expect(alerts(page)).toContain('Too many attempts. Please wait 60 minutes and try again.')
    expect(await tableCounts()).toEqual(before)
    expect(await db.loginAttempt.count({ where: { kind: 'REGISTRATION', ip } })).toBe(
      THROTTLE_RULES.REGISTRATION.perIp,
    )
  })
})
