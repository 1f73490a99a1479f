import { EnvError, getEnv } from '@berth/core'
import { disconnectDb } from '@berth/prisma'
import { createAdminApp } from './app'

// `npm start -w @berth/admin`: the staff console on ADMIN_PORT.
const started = Date.now()
try {
  const env = getEnv()
  const app = await createAdminApp({ env })
  const server = app.listen(env.ADMIN_PORT, () => {
    console.log(`[admin] staff console on ${env.ADMIN_URL} (port ${env.ADMIN_PORT}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`)
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `[admin] port ${env.ADMIN_PORT} is already in use (ADMIN_PORT)` : error)
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
