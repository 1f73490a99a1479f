import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import pg from 'pg'

/**
 * Applies prisma/migrations/* in order and records them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does, so a user with internet can still use Prisma's own commands on the
 * same database. Prisma's migrate cannot run offline here (docs/decisions/0004-migrations.md).
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url))

// The advisory lock key Prisma's own migrate uses: copies starting at once wait for each other.
const PRISMA_MIGRATE_LOCK = 72707369

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, 'migration.sql'))
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') }
    })
}

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied (checksum differs)`)
  }
}

export async function applyMigrations(
  connectionString: string,
  options: { log?: (line: string) => void; dir?: string } = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {})
  const migrations = readMigrations(options.dir)
  const client = new pg.Client({ connectionString })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`)
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    const doneByName = new Map(done.rows.map((r) => [r.migration_name, r.checksum]))
    for (const m of migrations) {
      const previous = doneByName.get(m.name)
      if (previous !== undefined) {
        if (previous !== m.checksum) throw new MigrationChecksumError(m.name)
        continue
      }
      const id = randomUUID()
      await client.query('BEGIN')
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, m.name],
        )
        await client.query(m.sql)
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        )
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error })
      }
      applied.push(m.name)
      log(`applied migration ${m.name}`)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {})
    await client.end()
  }
  return { applied }
}
