import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, tableCounts, TEST_PASSWORD, uniqueEmail } from '@berth/tests/support/factories'
import { logIn, sessionRowExists, sessionToken } from '../../test/fixtures'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, Visitor } from '../../test/visitor'

const portal = usePortalServer()
const db = getDb()

async function loggedIn(overrides: Parameters<typeof makeClient>[0] = {}) {
  const client = await makeClient(overrides)
  const visitor = new Visitor(() => portal.url)
  await logIn(visitor, client.email, client.password)
  await visitor.get('/account')
  return { client, visitor }
}

const profile = (overrides: Record<string, string> = {}) => ({
  intent: 'profile',
  firstName: 'Test',
  lastName: 'Client',
  companyName: 'Test Co',
  address1: '1 Test Street',
  address2: '',
  city: 'Testville',
  state: '',
  postcode: 'T1 1TT',
  country: 'GB',
  phone: '+44 20 7946 0000',
  ...overrides,
})

describe('/account: profile', () => {
  it('shows the client their own details', async () => {
    const { visitor } = await loggedIn({ companyName: 'Own Hosting Ltd', city: 'Leeds' })
    const page = await visitor.get('/account')
    expect(page.status).toBe(200)
    expect(field(page, 'profile', 'companyName').value).toBe('Own Hosting Ltd')
    expect(field(page, 'profile', 'city')).toMatchObject({ value: 'Leeds', label: 'City' })
    expect(field(page, 'profile', 'country').value).toBe('GB')
  })

  it('refuses bad values with 422 on their fields, keeping the rest and changing nothing', async () => {
    const { client, visitor } = await loggedIn()
    const before = await tableCounts()
    const stored = await db.client.findUniqueOrThrow({ where: { id: client.clientId } })
    const page = await visitor.post(
      '/account',
      profile({ city: '', phone: 'call me', companyName: 'Kept Co' }),
    )
    expect(page.status).toBe(422)
    expect(field(page, 'profile', 'city')).toMatchObject({ invalid: true, error: 'City is required' })
    expect(field(page, 'profile', 'phone').error).toMatch(/phone number/)
    expect(field(page, 'profile', 'companyName')).toMatchObject({ invalid: false, value: 'Kept Co' })
    expect(await tableCounts()).toEqual(before)
    expect(await db.client.findUniqueOrThrow({ where: { id: client.clientId } })).toEqual(stored)
  })

  it('saves good values and says so', async () => {
    const { client, visitor } = await loggedIn()
    const page = await visitor.post('/account', profile({ city: 'York', state: 'North Yorkshire' }))
    expect(page.status).toBe(302)
    expect(page.location).toBe('/account')
    const after = await visitor.get('/account')
    expect(alerts(after)).toContain('Your profile is saved.')
    expect(field(after, 'profile', 'city').value).toBe('York')
    expect(await db.client.findUniqueOrThrow({ where: { id: client.clientId } })).toMatchObject({
      city: 'York',
      state: 'North Yorkshire',
    })
  })

  it('refuses a missing or wrong CSRF token with 403 and changes nothing', async () => {
    const { client, visitor } = await loggedIn()
    const other = await loggedIn()
    const before = await tableCounts()
    expect((await visitor.post('/account', profile({ city: 'Hacked' }), { csrf: null })).status).toBe(403)
    // Another client's valid token is bound to their session, not this one.
    expect(
      (await visitor.post('/account', profile({ city: 'Hacked' }), { csrf: other.visitor.csrf })).status,
    ).toBe(403)
    // A visitor's (anonymous) token does not work once logged in either.
    const anonymous = new Visitor(() => portal.url)
    await anonymous.get('/login')
    expect(
      (await visitor.post('/account', profile({ city: 'Hacked' }), { csrf: anonymous.csrf })).status,
    ).toBe(403)
    expect(await tableCounts()).toEqual(before)
    expect((await db.client.findUniqueOrThrow({ where: { id: client.clientId } })).city).not.toBe('Hacked')
  })
})

describe('/account: email', () => {
  it('refuses a wrong current password (400, on its field) and a taken address (409, on email)', async () => {
    const { client, visitor } = await loggedIn()
    const taken = await makeClient()
    const before = await tableCounts()
    const wrong = await visitor.post('/account', {
      intent: 'email',
      email: uniqueEmail('new'),
      currentPassword: 'not it at all',
    })
    expect(wrong.status).toBe(400)
    expect(field(wrong, 'email', 'currentPassword')).toMatchObject({
      invalid: true,
      error: 'Your current password is not correct.',
    })
    const clash = await visitor.post('/account', {
      intent: 'email',
      email: taken.email,
      currentPassword: TEST_PASSWORD,
    })
    expect(clash.status).toBe(409)
    expect(field(clash, 'email', 'email')).toMatchObject({ invalid: true, value: taken.email })
    // The password form on the same page shows nothing.
    expect(field(clash, 'password', 'currentPassword').invalid).toBe(false)
    expect(await tableCounts()).toEqual(before)
    expect((await db.user.findUniqueOrThrow({ where: { id: client.userId } })).email).toBe(client.email)
  })

  it('changes the address, which then needs verifying again', async () => {
    const { client, visitor } = await loggedIn()
    await db.user.update({ where: { id: client.userId }, data: { emailVerifiedAt: new Date() } })
    const email = uniqueEmail('moved')
    const page = await visitor.post('/account', { intent: 'email', email, currentPassword: TEST_PASSWORD })
    expect(page.status).toBe(302)
    const user = await db.user.findUniqueOrThrow({ where: { id: client.userId } })
    expect(user).toMatchObject({ email, emailVerifiedAt: null })
    const after = await visitor.get('/account')
    expect(alerts(after).join(' ')).toMatch(/confirmation link/)
    expect(after.html).toContain('Please verify your email address.')
  })
})

describe('/account: password', () => {
  it('refuses a mismatch (422) and a wrong current password (400) on their fields', async () => {
    const { client, visitor } = await loggedIn()
    const hash = (await db.user.findUniqueOrThrow({ where: { id: client.userId } })).passwordHash
    const mismatch = await visitor.post('/account', {
      intent: 'password',
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new password',
      confirmPassword: 'something else entirely',
    })
    expect(mismatch.status).toBe(422)
    expect(field(mismatch, 'password', 'confirmPassword')).toMatchObject({
      invalid: true,
      error: 'The passwords do not match',
    })
    const wrong = await visitor.post('/account', {
      intent: 'password',
      currentPassword: 'wrong wrong wrong',
      newPassword: 'a brand new password',
      confirmPassword: 'a brand new password',
    })
    expect(wrong.status).toBe(400)
    expect(field(wrong, 'password', 'currentPassword').error).toBe('Your current password is not correct.')
    expect((await db.user.findUniqueOrThrow({ where: { id: client.userId } })).passwordHash).toBe(hash)
  })

  it('ends the other sessions and keeps this one', async () => {
    const { client, visitor } = await loggedIn()
    const elsewhere = new Visitor(() => portal.url)
    await logIn(elsewhere, client.email, client.password)
    const here = sessionToken(visitor)
    const there = sessionToken(elsewhere)
    const page = await visitor.post('/account', {
      intent: 'password',
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new password',
      confirmPassword: 'a brand new password',
    })
    expect(page.status).toBe(302)
    expect(await sessionRowExists(here)).toBe(true)
    expect(await sessionRowExists(there)).toBe(false)
    const after = await visitor.get('/account')
    expect(after.status).toBe(200)
    expect(alerts(after).join(' ')).toMatch(/password is changed.*1 other device/)
    expect((await elsewhere.get('/account')).location).toBe('/login?redirectTo=%2Faccount')
  })
})

describe('verification reminders', () => {
  it('sends a new link from the dashboard banner', async () => {
    const { client, visitor } = await loggedIn()
    const home = await visitor.get('/')
    expect(home.$('.banner form').attr('action')).toBe('/?index')
    const logs = await db.emailLog.count({ where: { userId: client.userId, template: 'verify-email' } })
    const page = await visitor.post('/?index', { intent: 'resend-verification' })
    expect(page.status).toBe(302)
    expect(await db.emailLog.count({ where: { userId: client.userId, template: 'verify-email' } })).toBe(
      logs + 1,
    )
    expect(alerts(await visitor.get('/')).join(' ')).toContain(
      `We have sent a new confirmation link to ${client.email}.`,
    )
  })

  it('is throttled with 429 after a few requests', async () => {
    const { visitor } = await loggedIn()
    let last = await visitor.post('/account', { intent: 'resend-verification' })
    for (let i = 0; i < 6 && last.status !== 429; i++)
      last = await visitor.post('/account', { intent: 'resend-verification' })
    expect(last.status).toBe(429)
    expect(last.$('.banner .field-error').text()).toMatch(/Too many attempts/)
  })

  it('has no banner once the address is verified', async () => {
    const { client, visitor } = await loggedIn()
    await db.user.update({ where: { id: client.userId }, data: { emailVerifiedAt: new Date() } })
    expect((await visitor.get('/')).html).not.toContain('Please verify your email address.')
  })
})

describe('isolation between clients', () => {
  it('shows each client only their own account and dashboard', async () => {
    const a = await loggedIn({ companyName: 'Alpha Hosting', firstName: 'Alice', address1: '1 Alpha Road' })
    const b = await loggedIn({ companyName: 'Beta Servers', firstName: 'Bruno', address1: '2 Beta Lane' })
    // Give B something to count, which A must not see.
    const department = await db.department.upsert({
      where: { name: 'Portal tests' },
      update: {},
      create: { name: 'Portal tests' },
    })
    await db.ticket.create({
      data: {
        clientId: b.client.clientId,
        userId: b.client.userId,
        departmentId: department.id,
        subject: 'B only',
      },
    })
    const accountA = await a.visitor.get('/account')
    expect(accountA.html).toContain('Alpha Hosting')
    expect(accountA.html).not.toContain('Beta Servers')
    expect(accountA.html).not.toContain(b.client.email)
    const homeA = await a.visitor.get('/')
    expect(homeA.$('h1').text()).toBe('Hello, Alice')
    expect(homeA.html).not.toContain('Bruno')
    expect(homeA.html).toContain('You have no tickets yet')
    const homeB = await b.visitor.get('/')
    expect(homeB.html).not.toContain('You have no tickets yet')
    expect(
      homeB
        .$('.tile')
        .filter((_, el) => homeB.$(el).text().includes('Open tickets'))
        .find('.tile-value')
        .text(),
    ).toBe('1')
    // A's profile form changes A's client, whatever B's ids are.
    await a.visitor.post(
      '/account',
      profile({ city: 'Alphaville', clientId: b.client.clientId, userId: b.client.userId }),
    )
    expect((await db.client.findUniqueOrThrow({ where: { id: a.client.clientId } })).city).toBe('Alphaville')
    expect((await db.client.findUniqueOrThrow({ where: { id: b.client.clientId } })).city).toBe('Testville')
  })
})
