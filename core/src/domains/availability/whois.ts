import { createConnection } from 'node:net'
import type { AvailabilityResult } from './types'

export interface WhoisServer {
  host: string
  port: number
}

const MAX_ANSWER_BYTES = 256 * 1024

/** Answers that say the name is free, as the common WHOIS servers word it. */
const NOT_FOUND =
  /^[%#\s]*(no match|not found|no data found|no entries found|no object found|domain not found|nothing found)\b|status:\s*(free|available)\b|is (free|available for registration)|^domain .* not found/im

/** Answers that say "slow down" instead of answering. */
const RATE_LIMITED =
  /limit exceeded|too many (requests|queries|connections)|query rate|rate limit|quota exceeded|try again later|temporarily (blocked|denied)/i
/** Answers that describe a registered domain. */
const REGISTERED =
  /^\s*(domain name|domain):\s*\S+|^\s*(registrar|registrant|creation date|created|registered|nserver|name server|status:\s*(connect|active|ok|registered))\b/im

/**
 * Reads a WHOIS answer (RFC 3912): rate-limit wording → unknown, "not found" wording → available,
 * registry fields → registered, anything else (empty, a banner only) → unknown/malformed.
 */
export function parseWhoisAnswer(text: string): Pick<AvailabilityResult, 'status' | 'reason'> {
  if (RATE_LIMITED.test(text)) return { status: 'unknown', reason: 'rate-limited' }
  if (NOT_FOUND.test(text)) return { status: 'available' }
  if (REGISTERED.test(text)) return { status: 'registered' }
  return { status: 'unknown', reason: 'malformed' }
}

/** Sends `name\r\n` to a WHOIS server (TCP) and reads until it closes, within `timeoutMs`. */
export function queryWhois(
  server: WhoisServer,
  name: string,
  timeoutMs: number,
): Promise<Omit<AvailabilityResult, 'isCached'>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let isSettled = false
    const finish = (result: Omit<AvailabilityResult, 'isCached' | 'name' | 'source'>) => {
      if (isSettled) return
      isSettled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ name, source: 'whois', ...result })
    }
    const socket = createConnection({ host: server.host, port: server.port })
    const timer = setTimeout(() => finish({ status: 'unknown', reason: 'timeout' }), timeoutMs)
    socket.setNoDelay(true)
    socket.on('connect', () => socket.write(`${name}\r\n`))
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_ANSWER_BYTES) return finish({ status: 'unknown', reason: 'malformed' })
      chunks.push(chunk)
    })
    socket.on('error', () => finish({ status: 'unknown', reason: 'error' }))
    socket.on('end', () => finish(parseWhoisAnswer(Buffer.concat(chunks).toString('utf8'))))
  })
}
