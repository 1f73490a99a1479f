import { describe, expect, it } from 'vitest'
import { usePortalServer } from '../test/portal-server'
import { Visitor } from '../test/visitor'

const portal = usePortalServer()

describe('the portal server', () => {
  it('sends a nonce-based CSP, and every inline script carries that nonce', async () => {
    const page = await new Visitor(() => portal.url).get('/login')
    const csp = page.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    const scripts = page.$('script')
    expect(scripts.length).toBeGreaterThan(0)
    scripts.each((_, el) => {
      expect(page.$(el).attr('nonce')).toBe(nonce)
    })
    // A new nonce for every response.
    const again = await new Visitor(() => portal.url).get('/login')
    expect(again.headers.get('content-security-policy')).not.toBe(csp)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('referrer-policy')).toBe('same-origin')
    expect(page.headers.get('x-powered-by')).toBeNull()
  })

  it('loads nothing from other sites', async () => {
    const page = await new Visitor(() => portal.url).get('/register')
    const urls = page
      .$('script[src], link[href], img[src]')
      .map((_, el) => page.$(el).attr('src') ?? page.$(el).attr('href'))
      .get()
    for (const url of urls) expect(url.startsWith('/')).toBe(true)
  })

  it('sets the CSRF and session cookies HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${portal.url}/login`)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('berth_csrf='))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
  })

  it('answers unknown addresses with a 404 page', async () => {
    const page = await new Visitor(() => portal.url).get('/no/such/page')
    expect(page.status).toBe(404)
    expect(page.$('h1').text()).toBe('Page not found')
  })

  it('serves fingerprinted assets with a long cache lifetime', async () => {
    const page = await new Visitor(() => portal.url).get('/login')
    const css = page.$('link[rel="stylesheet"]').attr('href')!
    const res = await fetch(`${portal.url}${css}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/immutable/)
  })

  it("accepts form posts carrying the Origin a browser sends, and refuses another site's Origin", async () => {
    const v = new Visitor(() => portal.url)
    await v.get('/login')
    // Visitor posts always carry Origin (as browsers do); a wrong login is a normal 401 answer.
    expect((await v.post('/login', { email: 'someone@example.test', password: 'x' })).status).toBe(401)
    const res = await fetch(`${portal.url}/login`, {
      method: 'POST',
      headers: {
        Origin: 'https://evil.example',
        Cookie: v.cookieHeader(),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ csrf: v.csrf, email: 'someone@example.test', password: 'x' }),
    })
    expect(res.status).toBe(403)
  })

  it('refuses oversized bodies before reading them', async () => {
    const res = await fetch(`${portal.url}/login`, {
      method: 'POST',
      body: 'x'.repeat(70 * 1024),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(413)
  })
})
