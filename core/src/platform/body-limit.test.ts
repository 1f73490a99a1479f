import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { holdRequestBody, type HeldBody } from './body-limit'

/**
 * holdRequestBody on a plain node:http server over loopback: what a later reader gets is the body
 * exactly as sent, whether the interception starts at once or after the parser has buffered (and
 * paused on) part of the body, and a body over the limit is never handed on.
 */
let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

type Seen = { held: HeldBody; digest: string | null; length: number | null }

/** A server that waits `waitMs` (letting the parser buffer), holds the body, then reads what is left. */
async function serve(limit: number, waitMs: number): Promise<{ url: URL; seen: Promise<Seen> }> {
  let report: (seen: Seen) => void = () => undefined
  const seen = new Promise<Seen>((resolve) => (report = resolve))
  server = createServer(async (req: IncomingMessage, res) => {
    if (waitMs) await delay(waitMs)
    const held = await holdRequestBody(req, limit)
    if (held.outcome !== 'held') {
      res.writeHead(413, { Connection: 'close' }).end()
      report({ held, digest: null, length: null })
      return
    }
    const parts: Buffer[] = []
    for await (const part of req) parts.push(part as Buffer)
    const body = Buffer.concat(parts)
    res.end('ok')
    report({ held, digest: createHash('sha256').update(body).digest('hex'), length: body.length })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`), seen }
}

function send(url: URL, body: Buffer, chunked: boolean): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', headers: chunked ? {} : { 'Content-Length': String(body.length) } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? null))
      },
    )
    req.on('error', () => resolve(null))
    // Several writes, so a chunked body arrives as several chunks.
    for (let at = 0; at < body.length; at += 50_000) req.write(body.subarray(at, at + 50_000))
    req.end()
  })
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const body = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251))

describe('holdRequestBody', () => {
  it.each([
    ['chunked, held at once', true, 0],
    ['chunked, held after the parser buffered and paused', true, 100],
    ['with Content-Length, held after the parser buffered and paused', false, 100],
  ])('hands on a body within the limit exactly as sent (%s)', async (_name, chunked, waitMs) => {
    const payload = body(300_000)
    const { url, seen } = await serve(1_000_000, waitMs)
    expect(await send(url, payload, chunked)).toBe(200)
    const result = await seen
    expect(result.held).toEqual({ outcome: 'held', bytes: payload.length })
    expect(result).toMatchObject({ digest: sha(payload), length: payload.length })
  })

  it('hands on a small body that was complete before the interception', async () => {
    const payload = body(1_000)
    const { url, seen } = await serve(1_000, 100)
    expect(await send(url, payload, true)).toBe(200)
    expect(await seen).toMatchObject({ held: { outcome: 'held', bytes: 1_000 }, digest: sha(payload) })
  })

  it.each([
    ['chunked, held at once', true, 0],
    ['chunked, held after the parser buffered', true, 100],
  ])('never hands on a body one byte over the limit (%s)', async (_name, chunked, waitMs) => {
    const { url, seen } = await serve(200_000, waitMs)
    const status = await send(url, body(200_001), chunked)
    expect(status === 413 || status === null).toBe(true)
    const result = await seen
    expect(result.held.outcome).toBe('too-large')
    expect(result.digest).toBeNull()
  })

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { url, seen } = await serve(1_000, 0)
    await send(url, body(5_000), false)
    expect(await seen).toMatchObject({ held: { outcome: 'too-large', bytes: 0 } })
  })
})
