import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import pg from 'pg'
import { createDatabase, databaseUrlFor, dropDatabase } from './database-admin'
import { applyMigrations, MigrationChecksumError, MIGRATIONS_DIR, readMigrations } from './migrate'

// Scratch databases carry the run's prefix, so the run's teardown drops them even if a test dies.
// Provided by tests/support/global-setup.ts (its type augmentation is outside this package's tsconfig).
const { serverUrl, prefix } = inject('berthDb' as never) as { serverUrl: string; prefix: string }
const scratch: string[] = []
async function scratchDatabase(): Promise<string> {
  const name = `${prefix}mig_${randomBytes(4).toString('hex')}`
  await createDatabase(serverUrl, name)
  scratch.push(name)
  return databaseUrlFor(serverUrl, name)
}

const temp = mkdtempSync(path.join(tmpdir(), 'berth-migrations-'))
afterAll(async () => {
  for (const name of scratch) await dropDatabase(serverUrl, name)
  rmSync(temp, { recursive: true, force: true })
})

/** A migrations folder of our own: name → SQL. */
function migrationsDir(migrations: Record<string, string>): string {
  const dir = mkdtempSync(path.join(temp, 'set-'))
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(path.join(dir, name))
    writeFileSync(path.join(dir, name, 'migration.sql'), sql)
  }
  writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n')
  return dir
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

const recorded = (url: string) =>
  query<{
    migration_name: string
    checksum: string
    finished_at: Date | null
    rolled_back_at: Date | null
    applied_steps_count: number
  }>(
    url,
    'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
  )
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('applyMigrations on the real migrations', () => {
  it('the test database (migrated from the template) is up to date: a second run applies nothing', async () => {
    const url = process.env.DATABASE_URL!
    const before = await recorded(url)
    expect(await applyMigrations(url)).toEqual({ applied: [] })
    expect(await recorded(url)).toEqual(before)
  })

  it('records every migration as prisma migrate deploy does, with the sha256 of its file', async () => {
    const rows = await recorded(process.env.DATABASE_URL!)
    const files = readMigrations()
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name))
    for (const row of rows) {
      expect(row.checksum).toBe(sha256(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql')))
      expect(row.finished_at).toBeInstanceOf(Date)
      expect(row.rolled_back_at).toBeNull()
      expect(row.applied_steps_count).toBe(1)
    }
  })
})

describe('applyMigrations on a migrations folder of its own', () => {
  it('applies in name order, then only what is new, and records each with its checksum', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '20260102000000_second': 'ALTER TABLE "thing" ADD COLUMN "size" INTEGER NOT NULL DEFAULT 0;',
      '20260101000000_first': 'CREATE TABLE "thing" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);',
    })
    mkdirSync(path.join(dir, '20260101500000_not_a_migration')) // a folder without migration.sql is ignored
    const lines: string[] = []
    expect(await applyMigrations(url, { dir, log: (l) => lines.push(l) })).toEqual({
      applied: ['20260101000000_first', '20260102000000_second'],
    })
    expect(lines).toEqual([
      'applied migration 20260101000000_first',
      'applied migration 20260102000000_second',
    ])
    expect(await applyMigrations(url, { dir })).toEqual({ applied: [] })

    mkdirSync(path.join(dir, '20260103000000_third'))
    writeFileSync(
      path.join(dir, '20260103000000_third', 'migration.sql'),
      'CREATE INDEX "thing_name" ON "thing" ("name");',
    )
    expect(await applyMigrations(url, { dir })).toEqual({ applied: ['20260103000000_third'] })

    const rows = await recorded(url)
    expect(rows.map((r) => r.migration_name)).toEqual([
      '20260101000000_first',
      '20260102000000_second',
      '20260103000000_third',
    ])
    for (const row of rows)
      expect(row.checksum).toBe(sha256(path.join(dir, row.migration_name, 'migration.sql')))
    expect(
      await query(
        url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'thing' ORDER BY ordinal_position",
      ),
    ).toEqual([{ column_name: 'id' }, { column_name: 'name' }, { column_name: 'size' }])
  })

  it('refuses to go on when an applied migration was changed afterwards', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({ '20260101000000_first': 'CREATE TABLE "a" ("id" INTEGER);' })
    await applyMigrations(url, { dir })
    writeFileSync(path.join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "a" ("id" BIGINT);')
    mkdirSync(path.join(dir, '20260102000000_next'))
    writeFileSync(path.join(dir, '20260102000000_next', 'migration.sql'), 'CREATE TABLE "b" ("id" INTEGER);')
    const error = await applyMigrations(url, { dir }).catch((e) => e)
    expect(error).toBeInstanceOf(MigrationChecksumError)
    expect(error.migration).toBe('20260101000000_first')
    // Nothing after it ran.
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual(['20260101000000_first'])
    expect(await query(url, 'SELECT to_regclass(\'"b"\') AS b')).toEqual([{ b: null }])
  })

  it('a migration that fails leaves no trace: neither its changes nor a record', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '20260101000000_ok': 'CREATE TABLE "ok" ("id" INTEGER);',
      '20260102000000_broken': 'CREATE TABLE "half" ("id" INTEGER); SELECT * FROM "no_such_table";',
    })
    const error = await applyMigrations(url, { dir }).catch((e) => e)
    expect(error.message).toMatch(/migration 20260102000000_broken failed: .*no_such_table/)
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual(['20260101000000_ok'])
    expect(await query(url, 'SELECT to_regclass(\'"half"\') AS half')).toEqual([{ half: null }])
  })

  it('two copies starting at once apply each migration once', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '20260101000000_a': 'CREATE TABLE "a" ("id" INTEGER);',
      '20260102000000_b': 'CREATE TABLE "b" ("id" INTEGER);',
    })
    const results = await Promise.all([applyMigrations(url, { dir }), applyMigrations(url, { dir })])
    expect(results.flatMap((r) => r.applied).sort()).toEqual(['20260101000000_a', '20260102000000_b'])
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual([
      '20260101000000_a',
      '20260102000000_b',
    ])
  })
})
