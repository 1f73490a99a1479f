import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Server } from 'node:http'
import { disconnectDb } from '@berth/prisma'
import { EnvError, describeListenHost, getEnv, listenHost } from '@berth/core'
import { createPortalApp } from './server/app'

export { createPortalApp }

/** `npm start -w @berth/portal` (or the launcher): serve on HOST:PORTAL_PORT until SIGTERM/SIGINT. */
async function main() {
  const env = getEnv()
  const app = await createPortalApp()
  const host = listenHost(env) // demo mode: 127.0.0.1 unless HOST says otherwise
  const onListening = () =>
    console.log(
      `[portal] listening on ${describeListenHost(host)}, port ${env.PORTAL_PORT} (${env.PORTAL_URL})`,
    )
  const server: Server =
    host === undefined
      ? app.listen(env.PORTAL_PORT, onListening)
      : app.listen(env.PORTAL_PORT, host, onListening)
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      `[portal] cannot listen on port ${env.PORTAL_PORT}: ${error.code === 'EADDRINUSE' ? 'the port is in use (set PORTAL_PORT)' : error.message}`,
    )
    process.exit(1)
  })
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`[portal] ${signal}: closing`)
    // Give requests in flight a moment, then go regardless.
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    server.close(() => {
      void disconnectDb().finally(() => process.exit(0))
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  main().catch((error: unknown) => {
    console.error(
      error instanceof EnvError
        ? `[portal] ${error.message}`
        : `[portal] start-up failed: ${(error as Error).stack ?? String(error)}`,
    )
    process.exit(1)
  })
}
