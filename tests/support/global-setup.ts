import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { createDatabase, databaseUrlFor, dropDatabase } from '@berth/prisma'
import { prepareDatabase } from '@berth/core'
import pg from 'pg'
import { acquireDatabaseServer, testSecrets } from './database-server'

/**
 * Once per vitest run: a database server (DATABASE_URL's or an embedded one), and a template
 * database with every migration, pg-boss's queues and the reference data. Each test file then gets
 * a fresh copy of the template (see setup-file.ts). Everything is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  const server = await acquireDatabaseServer((l) => console.warn(l))
  const template = `berth_tpl_${runId}`
  await createDatabase(server.url, template)
  await prepareDatabase(databaseUrlFor(server.url, template), { demo: false })
  const secrets = testSecrets()
  project.provide('berthDb', { serverUrl: server.url, template, prefix: `berth_t_${runId}_`, ...secrets })
  return async () => {
    const c = new pg.Client({ connectionString: databaseUrlFor(server.url, 'postgres') })
    await c.connect()
    const { rows } = await c.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`berth_%_${runId}%`],
    )
    await c.end()
    for (const r of rows) await dropDatabase(server.url, r.datname)
    await server.stop()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    berthDb: {
      serverUrl: string
      template: string
      prefix: string
      ENCRYPTION_KEY: string
      SESSION_SECRET: string
    }
  }
}
