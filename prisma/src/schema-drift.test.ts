import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, inject, it } from 'vitest'

/**
 * prisma/schema.prisma and prisma/migrations must describe the same database. The check is
 * prisma/scripts/schema-drift.mjs (Prisma 6's WASM schema engine, offline), run here as CI would run
 * it, against the test run's PostgreSQL server.
 */
const SCRIPT = fileURLToPath(new URL('../scripts/schema-drift.mjs', import.meta.url))
const SCHEMA = fileURLToPath(new URL('../schema.prisma', import.meta.url))
// Provided by tests/support/global-setup.ts (its type augmentation is outside this package's tsconfig).
const { serverUrl } = inject('berthDb' as never) as { serverUrl: string }

function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, serverUrl, ...args],
      { timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 2) : 0, stdout, stderr })
      },
    )
  })
}

const temp = mkdtempSync(path.join(tmpdir(), 'berth-drift-test-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('schema and migrations agree', () => {
  it(
    'the migrations, applied in order to an empty database, give exactly prisma/schema.prisma',
    { timeout: 120_000 },
    async () => {
      // The same check run on a copy of the schema with one field more must see the difference,
      // or a pass would prove nothing. Both run at once, each on its own scratch database.
      const drifted = path.join(temp, 'schema.prisma')
      const original = readFileSync(SCHEMA, 'utf8')
      const withField = original.replace(/^model Currency \{\n/m, 'model Currency {\n  driftProbe String?\n')
      expect(withField).not.toBe(original)
      writeFileSync(drifted, withField)

      const [real, probe] = await Promise.all([check(), check('--schema', drifted)])

      expect(probe.code).toBe(1)
      expect(probe.stdout).toMatch(/ALTER TABLE "Currency" ADD COLUMN\s+"driftProbe" TEXT/)
      expect({ code: real.code, pendingSql: real.stdout.trim(), errors: real.stderr.trim() }).toEqual({
        code: 0,
        pendingSql: 'prisma/schema.prisma and prisma/migrations agree',
        errors: '',
      })
    },
  )
})
