import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeEach, inject, vi } from 'vitest'
import { createDatabase, databaseUrlFor, disconnectDb } from '@berth/prisma'
import './refusals'

/**
 * Before each test file: a fresh database cloned from the migrated template, in DATABASE_URL, so
 * every file starts from the same state and files never see each other's rows. An unexpected
 * console.error fails the test that printed it.
 */
const info = inject('berthDb')
const name = `${info.prefix}${randomBytes(5).toString('hex')}`
await createDatabase(info.serverUrl, name, info.template)
process.env.DATABASE_URL = databaseUrlFor(info.serverUrl, name)
process.env.ENCRYPTION_KEY = info.ENCRYPTION_KEY
process.env.SESSION_SECRET = info.SESSION_SECRET
process.env.NODE_ENV = 'test'
process.env.PORTAL_URL ??= 'http://localhost:3000'
process.env.ADMIN_URL ??= 'http://localhost:3001/admin'

let errors: unknown[][] = []
beforeEach(() => {
  errors = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args)
  })
})
afterEach(() => {
  vi.mocked(console.error).mockRestore?.()
  if (errors.length) {
    const first = errors[0]!.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')
    throw new Error(`unexpected console.error during the test: ${first}`)
  }
})
afterAll(async () => {
  await disconnectDb()
})
