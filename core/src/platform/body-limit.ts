import type { IncomingMessage, ServerResponse } from 'node:http'

/** How a request's body ended up: held whole (within the limit), over the limit, or the sender went away. */
export type HeldBody =
  | { outcome: 'held'; bytes: number }
  | { outcome: 'too-large'; bytes: number }
  | { outcome: 'aborted'; bytes: number }

type Pushable = IncomingMessage & { push(chunk: Buffer | null): boolean }

/** A request may carry a body: it says how long one is, or that it is chunked. */
export function hasRequestBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
}

/**
 * Holds a request's body in memory, counting bytes as they arrive from the socket, until it is
 * complete or passes `maxBytes`, before anything else (Express body parsers, formidable, Remix's
 * Request) can read it. The Content-Length is not trusted: a chunked body has none, and the count
 * is what decides. Within the limit, the held bytes are put back on the request unchanged, so every
 * later reader sees the body as sent; over it, further bytes are dropped as they arrive (memory
 * stays at `maxBytes`) and the request never ends, so no reader can act on a cut-off body.
 *
 * It works by intercepting the stream's `push`, the one door the HTTP parser feeds a request's
 * body through; bytes already buffered before the call are counted and held first.
 */
export function holdRequestBody(req: IncomingMessage, maxBytes: number): Promise<HeldBody> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (Number.isFinite(declared) && declared > maxBytes)
    return Promise.resolve({ outcome: 'too-large', bytes: 0 })
  const stream = req as Pushable
  if (stream.complete) {
    const bytes = stream.readableLength
    return Promise.resolve(bytes > maxBytes ? { outcome: 'too-large', bytes } : { outcome: 'held', bytes })
  }
  return new Promise((resolve) => {
    const push = stream.push
    const held: Buffer[] = []
    let bytes = 0
    let settled = false
    const settle = (result: HeldBody) => {
      if (settled) return
      settled = true
      stream.off('close', onClose)
      resolve(result)
    }
    const onClose = () => {
      if (!settled) {
        held.length = 0
        stream.push = push
        settle({ outcome: 'aborted', bytes })
      }
    }
    const overflow = () => {
      held.length = 0
      // Drop the rest as it arrives; the answer closes the connection (see refuseBody).
      stream.push = () => true
      settle({ outcome: 'too-large', bytes })
    }
    stream.push = (chunk: Buffer | null) => {
      if (chunk === null) {
        stream.push = push
        for (const part of held) push.call(stream, part)
        held.length = 0
        const result = push.call(stream, null)
        settle({ outcome: 'held', bytes })
        return result
      }
      bytes += chunk.length
      if (bytes > maxBytes) {
        overflow()
        return true
      }
      held.push(chunk)
      return true
    }
    stream.on('close', onClose)
    // Whatever the parser buffered before the interception: counted and held first. Reading it
    // also lets the socket flow again if the buffer had filled up and paused it.
    for (let part = stream.read() as Buffer | null; part !== null; part = stream.read() as Buffer | null) {
      bytes += part.length
      held.push(part)
    }
    if (bytes > maxBytes) overflow()
  })
}

/**
 * Answers a request whose body is refused (413 too large, 403 not allowed) and closes the
 * connection after the answer, so Node does not read the rest of the body to keep it alive.
 */
export function refuseBody(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  lingerBeforeClosing(res)
  res.statusCode = status
  res.setHeader('Connection', 'close')
  res.setHeader('Content-Type', contentType)
  res.setHeader('Cache-Control', 'no-store')
  res.end(body)
}

/** How long, and how many more bytes, a refused connection is read (and dropped) before it is cut. */
const LINGER_MS = 2_000
const LINGER_BYTES = 4 * 1024 * 1024

/**
 * A lingering close for a refused body. With `Connection: close`, Node destroys the socket once the
 * answer is written; the client is usually still sending, and closing a socket with unread bytes
 * makes the kernel send a reset, which can reach the client before it has read the answer (seen in
 * CI as a refused upload with no status). So the socket is half-closed instead (the answer and a
 * FIN go out), what the client still sends is read and dropped for a bounded time and size, and
 * only then is the socket destroyed. Memory stays flat: the request's stream already drops it.
 */
function lingerBeforeClosing(res: ServerResponse): void {
  const socket = res.socket as (NonNullable<ServerResponse['socket']> & { destroySoon?: () => void }) | null
  if (!socket || typeof socket.destroySoon !== 'function') return
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    let read = 0
    const cut = () => {
      clearTimeout(timer)
      this.destroy()
    }
    const timer = setTimeout(cut, LINGER_MS)
    timer.unref()
    this.on('data', (chunk: Buffer) => {
      read += chunk.length
      if (read > LINGER_BYTES) cut()
    })
    this.once('end', cut)
    this.once('close', () => clearTimeout(timer))
    this.end()
  }
}
