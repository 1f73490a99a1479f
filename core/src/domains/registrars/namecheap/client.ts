import { RegistrarError } from '../registrar'
import type { NamecheapSettings } from './settings'
import { attr, child, children, parseXml, text, type XmlNode } from './xml'

/** A command's own parameters; undefined ones are left out. */
export type NamecheapParams = Record<string, string | number | undefined>

export interface NamecheapCall {
  settings: NamecheapSettings
  command: string
  params?: NamecheapParams
  /** POST (form body) for changes, as Namecheap recommends for long parameter lists; GET for reads */
  method?: 'GET' | 'POST'
}

/**
 * Namecheap error numbers worth a hint for staff beyond Namecheap's own text. The numbers are
 * Namecheap's (https://www.namecheap.com/support/api/error-codes/).
 */
const HINTS: Record<string, string> = {
  '1011150': "Whitelist this server's IP address in Namecheap (Profile → Tools → API Access).",
  '1011105': 'Check the client IP under Domains → Registrars.',
  '1011102': 'Check the API key under Domains → Registrars.',
  '1010102': 'Check the API key under Domains → Registrars.',
  '2019166': 'The domain is not in this Namecheap account.',
  '2016166': 'The domain is not in this Namecheap account.',
}
/** "Unhandled exception" on Namecheap's side: the only ERROR answer worth trying again. */
const RETRYABLE_ERRORS = new Set(['5050900'])

/**
 * One Namecheap API call: the global parameters (ApiUser, ApiKey, UserName, ClientIp, Command) plus
 * the command's own, to `<endpoint>` (…/xml.response). Answers the `<CommandResponse>` element of a
 * `Status="OK"` answer. Throws RegistrarError: `Status="ERROR"` → code = Namecheap's error number,
 * message = its text (not retryable); a timeout, a network failure, HTTP 5xx or a body that is not
 * an ApiResponse → retryable. The recorded `response` never holds the request (the API key).
 */
export async function callNamecheap(call: NamecheapCall): Promise<XmlNode> {
  const { settings, command } = call
  const params = new URLSearchParams({
    ApiUser: settings.apiUser,
    ApiKey: settings.apiKey,
    UserName: settings.userName,
    ClientIp: settings.clientIp,
    Command: command,
  })
  for (const [key, value] of Object.entries(call.params ?? {}))
    if (value !== undefined) params.set(key, String(value))

  const isPost = call.method === 'POST'
  const seconds = Math.round(settings.timeoutMs / 100) / 10
  let status: number
  let body: string
  try {
    const signal = AbortSignal.timeout(settings.timeoutMs)
    const response = await fetch(isPost ? settings.url : `${settings.url}?${params}`, {
      method: isPost ? 'POST' : 'GET',
      headers: isPost ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: isPost ? params.toString() : undefined,
      signal,
    })
    status = response.status
    body = await response.text()
  } catch (error) {
    const isTimeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    throw new RegistrarError(
      isTimeout
        ? `Namecheap did not answer ${command} within ${seconds} s; try again later.`
        : `Namecheap could not be reached for ${command}; try again later.`,
      { isRetryable: true, code: isTimeout ? 'TIMEOUT' : 'NETWORK', response: { command } },
    )
  }
  if (status >= 500 || status === 429)
    throw new RegistrarError(`Namecheap answered HTTP ${status} to ${command}; try again later.`, {
      isRetryable: true,
      code: `HTTP_${status}`,
      response: { command, httpStatus: status },
    })

  const root = parseXml(body, 'ApiResponse')
  const responseStatus = attr(root ?? undefined, 'Status')
  if (!root || (responseStatus !== 'OK' && responseStatus !== 'ERROR'))
    throw new RegistrarError(`Namecheap's answer to ${command} could not be read; try again later.`, {
      isRetryable: true,
      code: 'BAD_RESPONSE',
      response: { command, httpStatus: status, body: body.slice(0, 500) },
    })

  if (responseStatus === 'ERROR') {
    const errors = children(child(root, 'Errors'), 'Error').map((e) => ({
      number: attr(e, 'Number') ?? '',
      message: text(e).trim(),
    }))
    const first = errors[0] ?? { number: 'UNKNOWN', message: 'Namecheap refused the request.' }
    const hint = HINTS[first.number]
    throw new RegistrarError(`${first.message} (Namecheap error ${first.number}).${hint ? ` ${hint}` : ''}`, {
      isRetryable: RETRYABLE_ERRORS.has(first.number),
      code: first.number,
      response: { command, errors },
    })
  }
  return child(root, 'CommandResponse')
}

/** A registrable name split as Namecheap's DNS commands take it: `shop.co.uk` → shop + co.uk. */
export function splitName(name: string): { SLD: string; TLD: string } {
  const dot = name.indexOf('.')
  return { SLD: name.slice(0, dot), TLD: name.slice(dot + 1) }
}

/** Fails clearly when an OK answer lacks the result element a command promises. */
export function resultOf(response: XmlNode, element: string, command: string): XmlNode {
  const result = response[element]
  if (!result || typeof result !== 'object')
    throw new RegistrarError(`Namecheap's answer to ${command} has no ${element}.`, {
      isRetryable: true,
      code: 'BAD_RESPONSE',
      response: { command },
    })
  return child(response, element)
}
