import { randomBytes } from 'node:crypto'
import { createDatabase, databaseUrlFor, dropDatabase } from '@berth/prisma'
import { findFreePort } from '@berth/prisma/embedded'
import { prepareDatabase } from '@berth/core'
import { spawnService, stopServices, waitForHttp, type RunningService } from '../../../scripts/lib/services'
import { acquireDatabaseServer, testSecrets } from '../../support/database-server'
import { startSmtpSink } from '../../fakes/smtp-sink'

/**
 * Starts the whole product for the browser tests, the way `npm start` does: a fresh database
 * (migrated, demo-seeded), a local SMTP sink, and the real portal, admin and worker processes on
 * free ports. Their addresses reach the tests as environment variables.
 */
export default async function globalSetup() {
  const server = await acquireDatabaseServer()
  const dbName = `berth_e2e_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  await createDatabase(server.url, dbName)
  const databaseUrl = databaseUrlFor(server.url, dbName)
  const secrets = testSecrets()
  // The demo seed encrypts (queued emails, gateway settings) in this process too.
  Object.assign(process.env, secrets)
  await prepareDatabase(databaseUrl, { demo: true })
  const sink = await startSmtpSink()
  const [portalPort, adminPort] = [await findFreePort(), await findFreePort()]
  const portalUrl = `http://localhost:${portalPort}`
  const adminUrl = `http://localhost:${adminPort}/admin`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    NODE_ENV: 'production',
    BERTH_DEMO: '',
    DATABASE_URL: databaseUrl,
    PORTAL_PORT: String(portalPort),
    ADMIN_PORT: String(adminPort),
    PORTAL_URL: portalUrl,
    ADMIN_URL: adminUrl,
    SMTP_URL: sink.smtpUrl,
  }
  const logs: string[] = []
  const services: RunningService[] = (['portal', 'admin', 'worker'] as const).map((name) =>
    spawnService(name, env, (n, line) => {
      logs.push(`[${n}] ${line}`)
      if (process.env.E2E_VERBOSE) console.log(`[${n}] ${line}`)
    }),
  )
  try {
    await Promise.all([waitForHttp(`${portalUrl}/login`, 120_000), waitForHttp(`${adminUrl}/login`, 180_000)])
  } catch (error) {
    console.error(logs.slice(-60).join('\n'))
    await stopServices(services)
    throw error
  }
  process.env.E2E_PORTAL_URL = portalUrl
  process.env.E2E_ADMIN_URL = adminUrl
  process.env.E2E_MAILBOX_URL = `http://127.0.0.1:${sink.httpPort}`
  process.env.E2E_DATABASE_URL = databaseUrl

  return async () => {
    await stopServices(services)
    await sink.stop()
    await dropDatabase(server.url, dbName).catch(() => {})
    await server.stop()
  }
}
