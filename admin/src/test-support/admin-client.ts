import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdminApp, type AdminAppOptions } from '../app'

/**
 * Test helpers: the real console (createAdminApp) on an ephemeral port, and a tiny HTTP client
 * with a cookie jar that sends the Origin a browser on ADMIN_URL would. No mocks.
 */
export const ADMIN_ORIGIN = new URL(process.env.ADMIN_URL ?? 'http://localhost:3001/admin').origin

export interface RunningAdmin {
  baseUrl: string
  close: () => Promise<void>
}

export async function startAdmin(options: AdminAppOptions = {}): Promise<RunningAdmin> {
  const app = await createAdminApp({ bundle: 'lazy', log: () => undefined, ...options })
  const server: Server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
}

export interface Answer {
  status: number
  headers: Headers
  text: string
  location: string | null
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  json: any
}

export type FormValue = string | number | boolean | null | undefined | readonly string[]

/** A urlencoded body the way AdminJS's forms flatten it: arrays as `name.0`, `name.1`, ... */
export function formBody(fields: Record<string, FormValue>): URLSearchParams {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (Array.isArray(value)) {
      if (value.length === 0) body.append(key, '__FORM_VALUE_EMPTY_ARRAY__')
      value.forEach((v, i) => body.append(`${key}.${i}`, v))
    } else body.append(key, value === null ? '__FORM_VALUE_NULL__' : String(value))
  }
  return body
}

export class AdminClient {
  readonly cookies = new Map<string, string>()

  constructor(
    readonly baseUrl: string,
    private readonly origin: string | null = ADMIN_ORIGIN,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(
    method: string,
    path: string,
    options: {
      form?: Record<string, FormValue>
      json?: unknown
      headers?: Record<string, string>
      origin?: string | null
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) }
    const origin = options.origin === undefined ? this.origin : options.origin
    if (origin && method !== 'GET' && method !== 'HEAD') headers.origin = origin
    if (this.cookies.size) headers.cookie = this.cookieHeader()
    let body: string | undefined
    if (options.form) {
      body = formBody(options.form).toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers['content-type'] = 'application/json'
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const text = await res.text()
    let json: unknown = undefined
    if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(text)
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'), json }
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers })
  }

  post(
    path: string,
    form: Record<string, FormValue> = {},
    options: { origin?: string | null; headers?: Record<string, string> } = {},
  ) {
    return this.request('POST', path, { form, ...options })
  }

  /** Signs in through AdminJS's login form; resolves to the login response (302 to /admin on success). */
  login(email: string, password: string) {
    return this.post('/admin/login', { email, password })
  }

  // AdminJS API shortcuts.
  list(resourceId: string, query = '') {
    return this.get(`/admin/api/resources/${resourceId}/actions/list${query ? `?${query}` : ''}`)
  }

  show(resourceId: string, recordId: string) {
    return this.get(`/admin/api/resources/${resourceId}/records/${encodeURIComponent(recordId)}/show`)
  }

  recordAction(resourceId: string, recordId: string, action: string, form: Record<string, FormValue> = {}) {
    return this.post(
      `/admin/api/resources/${resourceId}/records/${encodeURIComponent(recordId)}/${action}`,
      form,
    )
  }

  resourceAction(resourceId: string, action: string, form: Record<string, FormValue> = {}) {
    return this.post(`/admin/api/resources/${resourceId}/actions/${action}`, form)
  }
}

/** A signed-in client for the given credentials (fails the test when login does not succeed). */
export async function signedIn(baseUrl: string, email: string, password: string): Promise<AdminClient> {
  const client = new AdminClient(baseUrl)
  const res = await client.login(email, password)
  if (res.status !== 302 || res.location !== '/admin')
    throw new Error(`login as ${email} failed: ${res.status} ${res.text.slice(0, 200)}`)
  return client
}
