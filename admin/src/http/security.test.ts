import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getEnv } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, tableCounts } from '@berth/tests/support/factories'
import { AdminClient, signedIn, startAdmin, type RunningAdmin } from '../test-support/admin-client'

let admin: RunningAdmin
beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

describe('Origin check on state-changing requests', () => {
  it('refuses a cross-site POST, and one with neither Origin nor same-origin Sec-Fetch-Site', async () => {
    const superAdmin = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, superAdmin.email, superAdmin.password)
    const client = await makeClient()
    const before = await tableCounts()
    const attempts: Array<{ origin: string | null; headers: Record<string, string> }> = [
      { origin: 'https://evil.example', headers: {} },
      { origin: 'http://localhost:3000', headers: {} }, // the portal's origin is another origin
      { origin: 'null', headers: {} },
      { origin: null, headers: {} },
      { origin: null, headers: { 'sec-fetch-site': 'cross-site' } },
      { origin: null, headers: { 'sec-fetch-site': 'same-site' } },
    ]
    for (const { origin, headers } of attempts) {
      const res = await browser.request(
        'POST',
        `/admin/api/resources/Client/records/${client.clientId}/disable`,
        { form: { confirm: 'yes' }, origin, headers },
      )
      expect(res.status, JSON.stringify({ origin, headers })).toBe(403)
    }
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.clientId } })).status).toBe('ACTIVE')
    expect(await tableCounts()).toEqual(before)
  })

  it('refuses a cross-site login form post', async () => {
    const staff = await makeStaff('Support')
    const res = await new AdminClient(admin.baseUrl, 'https://evil.example').login(
      staff.email,
      staff.password,
    )
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('lets same-origin requests through: the Origin of ADMIN_URL, or Sec-Fetch-Site same-origin without one', async () => {
    const superAdmin = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, superAdmin.email, superAdmin.password)
    const client = await makeClient()
    const res = await browser.request(
      'POST',
      `/admin/api/resources/Client/records/${client.clientId}/disable`,
      { form: { confirm: 'yes' }, origin: null, headers: { 'sec-fetch-site': 'same-origin' } },
    )
    expect(res.status).toBe(200)
    expect(res.json.notice.type).toBe('success')
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.clientId } })).status).toBe(
      'INACTIVE',
    )
  })

  it('never changes state on a GET of a custom action', async () => {
    const superAdmin = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, superAdmin.email, superAdmin.password)
    const client = await makeClient()
    const res = await browser.get(`/admin/api/resources/Client/records/${client.clientId}/disable`)
    expect(res.status).toBe(200)
    expect(res.json.record.params.status).toBe('ACTIVE')
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.clientId } })).status).toBe('ACTIVE')
  })
})

describe('security headers', () => {
  it('sends a CSP that AdminJS works with, refuses framing, and hides the server', async () => {
    const res = await new AdminClient(admin.baseUrl).get('/admin/login')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('x-powered-by')).toBeNull()
    expect(res.headers.get('strict-transport-security')).toBeNull() // http in tests
  })

  it('serves Roboto itself: the pages link its stylesheet, the fonts load from the console, and the CSP lets nothing come from Google', async () => {
    const visitor = new AdminClient(admin.baseUrl)
    const login = await visitor.get('/admin/login')
    const csp = login.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).toContain("font-src 'self' data:")
    expect(csp).not.toMatch(/google|gstatic/)
    const html = login.text
    expect(html).toContain(
      '<link rel="stylesheet" type="text/css" href="/admin/berth-assets/fonts/roboto.css">',
    )

    const css = await visitor.get('/admin/berth-assets/fonts/roboto.css')
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8'])
    const stylesheet = css.text
    const fonts = [...stylesheet.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)].map((m) => m[1]!)
    expect(fonts).toEqual(
      expect.arrayContaining([
        'roboto-latin-300-normal.woff2',
        'roboto-latin-400-normal.woff2',
        'roboto-latin-500-normal.woff2',
        'roboto-latin-700-normal.woff2',
        'roboto-latin-ext-400-normal.woff2',
      ]),
    )
    const font = await fetch(`${admin.baseUrl}/admin/berth-assets/fonts/files/roboto-latin-400-normal.woff2`)
    expect([font.status, font.headers.get('content-type')]).toEqual([200, 'font/woff2'])
    expect(
      Buffer.from(await font.arrayBuffer())
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('wOF2')
    // only the font files: nothing else of the package, or of the disk
    for (const path of [
      '/admin/berth-assets/fonts/files/..%2Fpackage.json',
      '/admin/berth-assets/fonts/files/roboto-latin-400-italic.woff2',
      '/admin/berth-assets/fonts/files/index.css',
    ]) {
      expect((await visitor.get(path)).status).not.toBe(200)
    }
  })

  it('serves the brand assets the login page links', async () => {
    const res = await new AdminClient(admin.baseUrl).get('/admin/berth-assets/logo.svg')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('image/svg+xml')
    expect((await new AdminClient(admin.baseUrl).get('/admin/berth-assets/../app.ts')).status).not.toBe(200)
  })
})

describe('behind a TLS-terminating proxy (ADMIN_URL https, TRUST_PROXY=1)', () => {
  it('sets a Secure cookie, sends HSTS, and checks Origin against the https origin', async () => {
    const https = await startAdmin({
      env: { ...getEnv(), ADMIN_URL: 'https://admin.berth.example/admin', TRUST_PROXY: true },
    })
    try {
      const staff = await makeStaff('Support')
      const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.23' }
      const browser = new AdminClient(https.baseUrl, 'https://admin.berth.example')
      const res = await browser.request('POST', '/admin/login', {
        form: { email: staff.email, password: staff.password },
        headers: proxied,
      })
      expect(res.status).toBe(302)
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('berth_admin='))!
      expect(cookie).toMatch(/; Secure/i)
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      // The session row and the audit event carry the client's address from X-Forwarded-For.
      const row = await getDb().session.findFirstOrThrow({ where: { staffId: staff.staffId } })
      expect(row.ip).toBe('198.51.100.23')
      // The plain-http origin is another origin now.
      const refused = await new AdminClient(https.baseUrl, 'http://admin.berth.example').request(
        'POST',
        '/admin/login',
        { form: { email: staff.email, password: staff.password }, headers: proxied },
      )
      expect(refused.status).toBe(403)
    } finally {
      await https.close()
    }
  })
})
