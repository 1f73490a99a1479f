import * as cheerio from 'cheerio'
import { expect } from 'vitest'

export interface Page {
  status: number
  location: string | null
  headers: Headers
  html: string
  $: cheerio.CheerioAPI
}

/**
 * A browser without JavaScript: keeps cookies, follows nothing by itself, and remembers the CSRF
 * token of the last page it loaded, the way a form on that page would submit it.
 */
export class Visitor {
  readonly cookies = new Map<string, string>()
  csrf = ''

  constructor(private readonly base: () => string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader())
    const res = await fetch(`${this.base()}${path}`, { ...init, headers, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) this.storeCookie(line)
    const html = await res.text()
    const $ = cheerio.load(html)
    const token = $('input[name="csrf"]').first().attr('value')
    if (token) this.csrf = token
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, html, $ }
  }

  get(path: string): Promise<Page> {
    return this.request(path)
  }

  /** Submits a form the way a browser does (pairs for repeated names); `csrf: null` leaves the token out. */
  post(
    path: string,
    fields: Record<string, string> | [string, string][],
    options: { csrf?: string | null } = {},
  ): Promise<Page> {
    const body = new URLSearchParams(fields)
    const csrf = options.csrf === undefined ? this.csrf : options.csrf
    if (csrf !== null) body.set('csrf', csrf)
    // Browsers send Origin with every form post; Remix checks it against Host.
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: this.base() },
    })
  }

  /** Loads a page first (for its CSRF token and cookie), then posts to it. */
  async submit(path: string, fields: Record<string, string> | [string, string][]): Promise<Page> {
    await this.get(path.replace(/\?index$/, ''))
    return this.post(path, fields)
  }

  private storeCookie(line: string) {
    const [pair = '', ...attrs] = line.split(';')
    const eq = pair.indexOf('=')
    const name = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    const expired = attrs.some(
      (a) =>
        /^\s*max-age=0\s*$/i.test(a) ||
        (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()),
    )
    if (expired || value === '') this.cookies.delete(name)
    else this.cookies.set(name, value)
  }
}

/** The input of a field in a form (ids are `<form>-<name>`), with its error as the page shows it. */
export function field(page: Page, form: string, name: string) {
  const input = page.$(`#${form}-${name}`)
  expect(input.length, `field #${form}-${name} on the page`).toBe(1)
  const describedBy = (input.attr('aria-describedby') ?? '').split(' ').filter(Boolean)
  const errorEl = page.$(`#${form}-${name}-error`)
  return {
    value: input.is('select')
      ? (input.find('option[selected]').attr('value') ?? '')
      : (input.attr('value') ?? ''),
    invalid: input.attr('aria-invalid') === 'true',
    error: errorEl.length && describedBy.includes(`${form}-${name}-error`) ? errorEl.text() : null,
    label: page.$(`label[for="${form}-${name}"]`).text(),
  }
}

/** The messages at the top of forms and the flash notice. */
export function alerts(page: Page): string[] {
  return page
    .$('[role="alert"], [role="status"]')
    .map((_, el) => page.$(el).text().trim())
    .get()
}
