import { getEnv } from '@berth/core'
import { disconnectDb } from '@berth/prisma'
import { startWorker } from './worker'

const env = getEnv()
const worker = await startWorker(env.DATABASE_URL)
console.log(
  `worker: processing jobs${env.SMTP_URL ? '' : ' (no SMTP_URL: emails are kept in the email log)'}`,
)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void worker
      .stop()
      .then(disconnectDb)
      .then(() => process.exit(0))
  })
}
