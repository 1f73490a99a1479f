import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createDatabase, databaseExists, databaseUrlFor } from '@berth/prisma'
import { startEmbeddedPostgres, type EmbeddedServer } from '@berth/prisma/embedded'
import { ROOT } from './services'

// BERTH_DATA_DIR moves the data (benchmarks use a fresh one to measure a cold start).
export const DATA_DIR = process.env.BERTH_DATA_DIR
  ? path.resolve(process.env.BERTH_DATA_DIR)
  : path.join(ROOT, '.data')
const EMBEDDED_PORT = 54329

/** The embedded PostgreSQL of `npm start` and `npm run create-admin`, with its `berth` database. */
export async function startLocalDatabase(
  log: (l: string) => void,
): Promise<{ url: string; server: EmbeddedServer }> {
  mkdirSync(DATA_DIR, { recursive: true })
  const server = await startEmbeddedPostgres({
    dataDir: path.join(DATA_DIR, 'pg'),
    port: EMBEDDED_PORT,
    checkoutRoot: ROOT,
    log,
  })
  if (!(await databaseExists(server.url, 'berth'))) await createDatabase(server.url, 'berth')
  return { url: databaseUrlFor(server.url, 'berth'), server }
}

/**
 * Local secrets for demo and development: generated once into .data/secrets.json (0600), never
 * a fallback in code. Production must set ENCRYPTION_KEY and SESSION_SECRET itself.
 */
export function localSecrets(): { ENCRYPTION_KEY: string; SESSION_SECRET: string } {
  const file = path.join(DATA_DIR, 'secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
  mkdirSync(DATA_DIR, { recursive: true })
  const secrets = {
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
  }
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 })
  chmodSync(file, 0o600)
  return secrets
}

/** Replaces the local ENCRYPTION_KEY (after `npm run rotate-key` re-encrypted the local database). */
export function saveLocalEncryptionKey(key: string): string {
  const file = path.join(DATA_DIR, 'secrets.json')
  writeFileSync(file, JSON.stringify({ ...localSecrets(), ENCRYPTION_KEY: key }, null, 2) + '\n', {
    mode: 0o600,
  })
  chmodSync(file, 0o600)
  return file
}
