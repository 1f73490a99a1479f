import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { z } from 'zod'
import {
  ModuleError,
  type ConnectionTarget,
  type ModuleAction,
  type ModuleOutcome,
  type ModuleRequest,
  type ModuleServer,
  type ProvisioningModule,
} from '../../module'
import { maskSecrets } from '../../../shared'
import { PrivateTargetError, publicOnlyLookup } from '../../private-address'
import { EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature'

/**
 * The webhook module: POSTs a signed JSON body to a URL the host runs, one event per action
 * (`service.create`, `service.suspend`, ...). Its contract is docs/provisioning-webhook.md.
 *
 * URL and secret come from the product's settings, else from its server (`settings.url`, or
 * http(s)://hostname[:port]/, and the `secret` credential). Retries with backoff are the job
 * queue's: a timeout, a network error, a 5xx or a 429 is retryable; any other answer is not.
 */
const httpUrl = z
  .string()
  .trim()
  .url('Enter a full URL such as https://panel.example.com/berth')
  .refine((u) => /^https?:\/\//i.test(u), 'The URL must start with http:// or https://')

export const webhookSettingsSchema = z.object({
  url: httpUrl
    .optional()
    .describe(
      "Where Berth POSTs the signed events. Leave empty to use the server of the product's server group.",
    ),
  secret: z
    .string()
    .min(16, 'The shared secret must be at least 16 characters')
    .max(200)
    .optional()
    .describe(
      'Signs every event (HMAC-SHA256); the receiver checks it. Leave empty to use the server\'s "secret" credential.',
    ),
  timeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(10_000)
    .describe('How long to wait for an answer, in milliseconds; a timeout is retried with backoff.'),
})

export type WebhookSettings = z.infer<typeof webhookSettingsSchema>

export interface WebhookAnswer {
  ok?: boolean
  error?: string
  username?: string
  password?: string
  dedicatedIp?: string
  data?: Record<string, unknown>
  [key: string]: unknown
}

/** The URL a webhook server is called at: its `url` setting, else http(s)://hostname[:port]/. */
export function webhookServerUrl(
  server: Pick<ModuleServer, 'settings' | 'useTls' | 'hostname' | 'port'>,
): string {
  return typeof server.settings.url === 'string' && server.settings.url
    ? server.settings.url
    : `${server.useTls ? 'https' : 'http'}://${server.hostname}${server.port ? `:${server.port}` : ''}/`
}

function endpointOf(settings: WebhookSettings, server: ModuleServer | null): { url: string; secret: string } {
  const url = settings.url ?? (server ? webhookServerUrl(server) : undefined)
  const secret = settings.secret ?? server?.credentials.secret
  if (!url)
    throw new ModuleError('No webhook URL: set one on the product or on its server.', { retryable: false })
  if (!secret)
    throw new ModuleError('No shared secret: set one on the product or on its server.', { retryable: false })
  return { url, secret }
}

/** The host's answer as the module-call log keeps it: secrets masked at every depth (the password is taken before). */
const redactAnswer = (answer: unknown): unknown => maskSecrets(answer)

/** The most of a host's answer read: enough for any JSON answer, not a way to fill memory. */
const MAX_ANSWER_BYTES = 1024 * 1024

/**
 * One POST with node:http(s) rather than fetch: its `lookup` is where private addresses are
 * refused (webhook-target.ts), on the address the socket really uses. Redirects are not followed.
 */
function send(
  url: string,
  headers: Record<string, string>,
  raw: string,
  timeoutMs: number,
  allowPrivateTargets: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(raw)) },
        signal: AbortSignal.timeout(timeoutMs),
        ...(allowPrivateTargets ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk)
          else response.destroy()
        })
        response.on('close', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        )
        response.on('error', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    request.on('error', reject)
    request.end(raw)
  })
}

/** POSTs one signed event; returns the parsed JSON answer or throws ModuleError. */
export async function postEvent(
  url: string,
  secret: string,
  event: string,
  payload: Record<string, unknown>,
  timeoutMs: number,
  allowPrivateTargets = false,
): Promise<{ answer: WebhookAnswer; body: Record<string, unknown>; status: number }> {
  const body = { event, ...payload }
  const raw = JSON.stringify(body)
  let response: { status: number; text: string }
  try {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Berth-Provisioning/1',
      [SIGNATURE_HEADER]: signatureHeader(secret, raw),
      [EVENT_HEADER]: event,
    }
    response = await send(url, headers, raw, timeoutMs, allowPrivateTargets)
  } catch (error) {
    const e = error as Error
    if (e instanceof PrivateTargetError)
      throw new ModuleError(`Did not call ${url}: ${e.message}`, {
        retryable: false,
        request: body,
        cause: error,
      })
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError'
    throw new ModuleError(
      timedOut
        ? `No answer from ${url} within ${timeoutMs} ms.`
        : `Could not reach ${url}: ${(e.cause as Error | undefined)?.message ?? e.message}`,
      { retryable: true, request: body, cause: error },
    )
  }
  const ok = response.status >= 200 && response.status < 300
  const text = response.text
  let answer: WebhookAnswer = {}
  try {
    answer = text ? (JSON.parse(text) as WebhookAnswer) : {}
  } catch {
    answer = { raw: text.slice(0, 2000) }
  }
  if (!ok) {
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408
    const reason = typeof answer.error === 'string' ? `: ${answer.error.slice(0, 300)}` : ''
    throw new ModuleError(`The host answered HTTP ${response.status}${reason}.`, {
      retryable,
      request: body,
      response: { status: response.status, body: redactAnswer(answer) },
    })
  }
  if (answer.ok === false) {
    throw new ModuleError(
      `The host refused ${event}${typeof answer.error === 'string' ? `: ${answer.error.slice(0, 300)}` : '.'}`,
      { retryable: false, request: body, response: { status: response.status, body: redactAnswer(answer) } },
    )
  }
  return { answer, body, status: response.status }
}

function payloadOf(request: ModuleRequest): Record<string, unknown> {
  const { password: _password, ...service } = request.service
  return {
    idempotencyKey: request.idempotencyKey,
    service,
    client: request.client,
    product: request.product,
    options: request.options,
    params: request.params,
  }
}

async function run(action: ModuleAction, request: ModuleRequest): Promise<ModuleOutcome> {
  const settings = webhookSettingsSchema.parse(request.settings)
  const { url, secret } = endpointOf(settings, request.server)
  const { answer, body, status } = await postEvent(
    url,
    secret,
    `service.${action}`,
    payloadOf(request),
    settings.timeoutMs,
    request.allowPrivateTargets === true,
  )
  const str = (v: unknown) => (typeof v === 'string' && v.length ? v.slice(0, 200) : undefined)
  const outcome: ModuleOutcome = {
    status: 'done',
    request: body,
    response: { status, body: redactAnswer(answer) },
  }
  const username = str(answer.username)
  const password = str(answer.password)
  const dedicatedIp = str(answer.dedicatedIp)
  if (username) outcome.username = username
  if (password) outcome.password = password
  if (dedicatedIp) outcome.dedicatedIp = dedicatedIp
  if (answer.data && typeof answer.data === 'object' && !Array.isArray(answer.data))
    outcome.data = answer.data
  return outcome
}

export const webhookModule: ProvisioningModule<typeof webhookSettingsSchema> = {
  name: 'webhook',
  displayName: 'Webhook (signed HTTP POST)',
  description: 'POSTs a signed JSON event to a URL you run (per product or per server) for each action.',
  settingsSchema: webhookSettingsSchema,
  secretSettings: ['secret'],
  usesServer: false,
  create: (r) => run('create', r),
  suspend: (r) => run('suspend', r),
  unsuspend: (r) => run('unsuspend', r),
  terminate: (r) => run('terminate', r),
  changePackage: (r) => run('changePackage', r),
  async testConnection(target: ConnectionTarget) {
    const started = Date.now()
    try {
      const settings = webhookSettingsSchema.parse(target.settings)
      const { url, secret } = endpointOf(settings, target.server)
      const { status } = await postEvent(
        url,
        secret,
        'test.connection',
        { idempotencyKey: `test-${started}` },
        settings.timeoutMs,
        target.allowPrivateTargets === true,
      )
      return { ok: true, message: `${url} answered HTTP ${status}.`, durationMs: Date.now() - started }
    } catch (error) {
      return { ok: false, message: (error as Error).message, durationMs: Date.now() - started }
    }
  },
}
