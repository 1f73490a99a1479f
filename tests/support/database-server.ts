import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmbeddedPostgres, type EmbeddedServer } from '@berth/prisma/embedded'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The PostgreSQL server a test run uses: DATABASE_URL's server when set (each run still gets
 * databases of its own on it), else a throwaway embedded cluster.
 */
export async function acquireDatabaseServer(
  log: (l: string) => void = () => {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} }
  const dataDir = path.join(tmpdir(), `berth-test-pg-${randomBytes(4).toString('hex')}`)
  const server: EmbeddedServer = await startEmbeddedPostgres({
    dataDir,
    checkoutRoot: REPO_ROOT,
    isThrowaway: true,
    log,
  })
  return {
    url: server.url,
    stop: async () => {
      await server.stop()
      rmSync(server.dataDir, { recursive: true, force: true })
      rmSync(`${server.dataDir}.password`, { force: true })
    },
  }
}

export function testSecrets() {
  return { ENCRYPTION_KEY: randomBytes(32).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex') }
}
