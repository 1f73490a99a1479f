import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import path from 'node:path'
import { createDatabase, databaseUrlFor, dropDatabase } from '@berth/prisma'
import { acquireDatabaseServer, REPO_ROOT, testSecrets } from '../support/database-server'

/**
 * What every benchmark script shares: a database of its own on DATABASE_URL's server or a
 * throwaway embedded PostgreSQL, with test secrets and DATABASE_URL set for it, dropped afterwards.
 */
export async function inBenchDatabase(kind: string, run: (url: string) => Promise<void>): Promise<void> {
  const server = await acquireDatabaseServer((l) => console.log(l))
  const name = `berth_bench_${kind}_${randomBytes(4).toString('hex')}`
  Object.assign(process.env, { ...testSecrets(), NODE_ENV: 'test' })
  try {
    await createDatabase(server.url, name)
    const url = databaseUrlFor(server.url, name)
    process.env.DATABASE_URL = url
    await run(url)
  } finally {
    await dropDatabase(server.url, name).catch(() => undefined)
    await server.stop()
  }
}

/** Writes tests/bench/results/<kind>-<date>.json (what `npm run bench` charts) and says where. */
export function writeBenchResults(
  kind: string,
  results: Record<string, number>,
  extra: Record<string, unknown> = {},
): void {
  const outDir = path.join(REPO_ROOT, 'tests/bench/results')
  mkdirSync(outDir, { recursive: true })
  const file = path.join(outDir, `${kind}-${new Date().toISOString().slice(0, 10)}.json`)
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version }, ...extra, results }, null, 2)}\n`,
  )
  console.log(`written to ${path.relative(REPO_ROOT, file)}`)
}
