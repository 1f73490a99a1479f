import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { probeHost } from './services'

/**
 * A host's provisioning endpoint, as docs/provisioning-webhook.md describes it: it verifies the
 * X-Berth-Signature header (HMAC-SHA256 of "<t>.<raw body>" with the shared secret, timestamps
 * within 5 minutes) with its own code, not Berth's, records calls, keeps accounts per service
 * and answers like a control panel would. Controls make it fail (HTTP 500), refuse ({ ok: false }),
 * hang (never answer: the caller's timeout fires) or accept bad signatures.
 *
 * Two users: the tests (tests/fakes/provisioning-receiver.ts re-exports this file) and `npm start`
 * in demo mode, which runs one so the demo catalog's webhook products provision with no network
 * (scripts/lib/demo-provisioning.ts).
 */
export type ReceiverMode = 'ok' | 'fail' | 'refuse' | 'hang'

export interface ReceivedCall {
  event: string
  headerEvent: string | undefined
  body: Record<string, unknown>
  rawBody: string
  headers: IncomingHttpHeaders
  signatureValid: boolean
  status: number
  at: Date
}

export interface ProvisioningReceiver {
  url: string
  /** the first accepted secret (the one a test configures Berth with) */
  secret: string
  /** every secret a signature may be made with (a demo database may hold a few servers) */
  secrets: string[]
  /** the latest calls (all of them unless `keepCalls` limits it) */
  calls: ReceivedCall[]
  /** accounts by service id, as the host keeps them */
  accounts: Map<
    string,
    { username: string; password: string; status: 'active' | 'suspended' | 'terminated'; package: string }
  >
  /** how the next calls are answered; `times` limits it to that many calls, then back to 'ok' */
  setMode(mode: ReceiverMode, times?: number): void
  /** false: accept calls whatever their signature (to show what Berth would send) */
  rejectBadSignatures: boolean
  close(): Promise<void>
}

export interface ReceiverOptions {
  secret?: string
  /** 0 or absent: a free port */
  port?: number
  /** the address to listen on; 127.0.0.1 unless told */
  host?: string
  /** the path shown in `url` (any path is answered) */
  path?: string
  /** keep at most this many calls in `calls` (a long-running demo keeps few); default: all */
  keepCalls?: number
  /** called after each answer */
  onCall?: (call: ReceivedCall, answer: unknown) => void
}

const TOLERANCE_SECONDS = 300
const MAX_BODY_BYTES = 1024 * 1024
const MAX_REMEMBERED_ANSWERS = 10_000

export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false
  const fields = Object.fromEntries(
    header.split(',').map((kv) => kv.split('=', 2).map((s) => s.trim()) as [string, string]),
  )
  const t = Number(fields.t)
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS || !fields.v1) return false
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest()
  const given = Buffer.from(fields.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export async function startProvisioningReceiver(
  options: ReceiverOptions = {},
): Promise<ProvisioningReceiver> {
  const secret = options.secret ?? randomBytes(24).toString('hex')
  const host = options.host ?? '127.0.0.1'
  const calls: ReceivedCall[] = []
  const accounts: ProvisioningReceiver['accounts'] = new Map()
  const answered = new Map<string, Record<string, unknown>>()
  const sockets = new Set<Socket>()
  let mode: ReceiverMode = 'ok'
  let remaining = Infinity

  const receiver: ProvisioningReceiver = {
    url: '',
    secret,
    secrets: [secret],
    calls,
    accounts,
    rejectBadSignatures: true,
    setMode(next, times = Infinity) {
      mode = next
      remaining = times
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }

  function currentMode(): ReceiverMode {
    if (mode === 'ok') return 'ok'
    if (remaining <= 0) {
      mode = 'ok'
      return 'ok'
    }
    remaining -= 1
    return mode
  }

  function handle(event: string, body: Record<string, unknown>): Record<string, unknown> {
    const key = String(body.idempotencyKey ?? '')
    const earlier = key ? answered.get(key) : undefined
    if (earlier) return earlier // the same request again: the same answer, nothing done twice
    const service = (body.service ?? {}) as { id?: string; domain?: string | null }
    const product = (body.product ?? {}) as { slug?: string }
    const id = String(service.id ?? 'unknown')
    let answer: Record<string, unknown>
    switch (event) {
      case 'service.create': {
        const base =
          (service.domain ?? 'user')
            .replace(/[^a-z0-9]/gi, '')
            .slice(0, 8)
            .toLowerCase() || 'user'
        const account = {
          username: `${base}${randomBytes(2).toString('hex')}`,
          password: randomBytes(9).toString('base64url'),
          status: 'active' as const,
          package: product.slug ?? '',
        }
        accounts.set(id, account)
        answer = {
          ok: true,
          username: account.username,
          password: account.password,
          data: { accountId: `acct-${id.slice(0, 8)}` },
        }
        break
      }
      case 'service.suspend':
      case 'service.unsuspend':
      case 'service.terminate': {
        const account = accounts.get(id)
        if (account)
          account.status =
            event === 'service.suspend'
              ? 'suspended'
              : event === 'service.unsuspend'
                ? 'active'
                : 'terminated'
        answer = { ok: true }
        break
      }
      case 'service.changePackage': {
        const account = accounts.get(id)
        if (account) account.package = product.slug ?? account.package
        answer = { ok: true }
        break
      }
      case 'test.connection':
        answer = { ok: true, version: 'fake-1' }
        break
      default:
        answer = { ok: false, error: `unknown event ${event}` }
    }
    if (key) {
      if (answered.size >= MAX_REMEMBERED_ANSWERS) answered.delete(answered.keys().next().value!)
      answered.set(key, answer)
    }
    return answer
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY_BYTES) chunks.push(c)
    })
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>
      } catch {
        body = {}
      }
      const header = req.headers['x-berth-signature'] as string | undefined
      const signatureValid =
        size <= MAX_BODY_BYTES && receiver.secrets.some((s) => verifySignature(s, header, rawBody))
      const call: ReceivedCall = {
        event: String(body.event ?? ''),
        headerEvent: req.headers['x-berth-event'] as string | undefined,
        body,
        rawBody,
        headers: req.headers,
        signatureValid,
        status: 0,
        at: new Date(),
      }
      calls.push(call)
      if (options.keepCalls !== undefined && calls.length > options.keepCalls)
        calls.splice(0, calls.length - options.keepCalls)
      const reply = (status: number, payload: unknown) => {
        call.status = status
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
        options.onCall?.(call, payload)
      }
      if (req.method !== 'POST') return reply(405, { ok: false, error: 'POST only' })
      if (size > MAX_BODY_BYTES) return reply(413, { ok: false, error: 'body too large' })
      if (!signatureValid && receiver.rejectBadSignatures)
        return reply(401, { ok: false, error: 'bad signature' })
      const m = currentMode()
      if (m === 'hang') return // never answers; the socket is destroyed on close()
      if (m === 'fail') return reply(500, { ok: false, error: 'internal error on the host' })
      if (m === 'refuse') return reply(200, { ok: false, error: 'the host refused this request' })
      reply(200, handle(call.event, body))
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  receiver.url = `http://${probeHost(host)}:${(server.address() as AddressInfo).port}${options.path ?? '/berth/provisioning'}`
  return receiver
}
