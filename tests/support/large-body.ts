import { request } from 'node:http'
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'

export const MB = 1024 * 1024

export interface LargeBodyAnswer {
  /** The status the server answered with, or null when it closed the connection without one. */
  status: number | null
  text: string
  /** Body bytes the client had written when the answer (or the close) came. */
  bytesSent: number
  totalBytes: number
  /** Growth of this process's resident memory while the request ran (peak minus before). */
  rssGrowth: number
}

/**
 * Streams a large body to a server over loopback, the way an attacker would: one 64 KB buffer
 * written again and again (so the sender itself uses no memory), chunked unless `headers` sets a
 * Content-Length, waiting for the socket to drain between writes. It stops writing as soon as the
 * server answers or closes the connection, and reports how far it got.
 */
export function sendLargeBody(
  baseUrl: string,
  path: string,
  options: { totalBytes: number; headers?: Record<string, string>; prefix?: string },
): Promise<LargeBodyAnswer> {
  const url = new URL(path, baseUrl)
  const filler = Buffer.alloc(64 * 1024, 'x')
  const before = process.memoryUsage().rss
  let peak = before
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  return new Promise((resolve) => {
    let bytesSent = 0
    let answered = false
    let done = false
    const finish = (status: number | null, text: string) => {
      if (done) return
      done = true
      sample()
      req.destroy()
      resolve({ status, text, bytesSent, totalBytes: options.totalBytes, rssGrowth: peak - before })
    }
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: options.headers ?? {},
      },
      (res) => {
        answered = true
        const parts: Buffer[] = []
        res.on('data', (part: Buffer) => parts.push(part))
        res.on('end', () => finish(res.statusCode ?? null, Buffer.concat(parts).toString('utf8')))
        res.on('error', () => finish(res.statusCode ?? null, Buffer.concat(parts).toString('utf8')))
        res.on('aborted', () => finish(res.statusCode ?? null, Buffer.concat(parts).toString('utf8')))
      },
    )
    req.on('error', () => {
      // The server closed the connection; an answer already on its way still gets read.
      if (!answered) finish(null, '')
    })
    const write = () => {
      while (!done && !answered && bytesSent < options.totalBytes) {
        const chunk =
          bytesSent === 0 && options.prefix
            ? Buffer.from(options.prefix)
            : filler.subarray(0, Math.min(filler.length, options.totalBytes - bytesSent))
        bytesSent += chunk.length
        sample()
        if (!req.write(chunk)) {
          req.once('drain', write)
          return
        }
      }
      if (!done && !answered && bytesSent >= options.totalBytes) req.end()
    }
    req.flushHeaders()
    write()
  })
}

/** Names of formidable's upload files (`upload_<hex>`) in the system temp folder. */
export function uploadTempFiles(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('upload_'))
}
