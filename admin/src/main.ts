import { EnvError, describeListenHost, getEnv, listenHost } from '@berth/core'
import { disconnectDb } from '@berth/prisma'
import { createAdminApp } from './app'

// `npm start -w @berth/admin`: the staff console on HOST:ADMIN_PORT.
const started = Date.now()
try {
  const env = getEnv()
  const app = await createAdminApp({ env })
  const host = listenHost(env) // demo mode: 127.0.0.1 unless HOST says otherwise
  const onListening = () => {
    console.log(
      `[admin] staff console on ${env.ADMIN_URL} (${describeListenHost(host)}, port ${env.ADMIN_PORT}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    )
  }
  const server =
    host === undefined
      ? app.listen(env.ADMIN_PORT, onListening)
      : app.listen(env.ADMIN_PORT, host, onListening)
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE' ? `[admin] port ${env.ADMIN_PORT} is already in use (ADMIN_PORT)` : error,
    )
    process.exit(1)
  })
  const stop = () => {
    console.log('[admin] stopping')
    server.close(() => void disconnectDb().finally(() => process.exit(0)))
    server.closeIdleConnections()
    setTimeout(() => process.exit(0), 3000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error(error instanceof EnvError ? `[admin] ${error.message}` : error)
  process.exit(1)
}
