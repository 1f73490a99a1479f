import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** Small pieces shared by the fake Stripe and PayPal servers. */

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  rawBody: string
}

export interface FakeResponse {
  status: number
  headers?: Record<string, string>
  body: string
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
})

export const html = (status: number, body: string): FakeResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
})

export const redirect = (location: string): FakeResponse => ({ status: 303, headers: { location }, body: '' })

/** Starts a server on 127.0.0.1 and an ephemeral port; `handle` never throws to the socket. */
export async function startHttpServer(
  handle: (request: FakeRequest) => Promise<FakeResponse> | FakeResponse,
  onError: (error: unknown) => FakeResponse,
): Promise<{ server: Server; url: string; port: number; stop(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.local')
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      }
      Promise.resolve()
        .then(() => handle(request))
        .catch((error: unknown) => onError(error))
        .then((response) => {
          res.writeHead(response.status, response.headers ?? {})
          res.end(response.body)
        })
        .catch(() => res.destroy())
    })
  })
  // Tests stop the fake while SDK keep-alive sockets are still open: don't wait for them.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export function randomId(
  length: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
): string {
  let out = ''
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/** POSTs a webhook the way the providers do: JSON body, their headers, no redirects followed. */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    redirect: 'manual',
  })
  return { status: response.status, body: await response.text() }
}
