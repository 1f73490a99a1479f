import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// One run for every package: one database server and migrated template per run, a fresh copy of
// the template per test file (tests/support). `npm test` runs this; `turbo run test` runs one
// project per package with the same config.
const project = (name: string, include: string[], extra: object = {}) => ({
  extends: true as const,
  test: { name, root: here(`./${name}`), include, ...extra },
})

export default defineConfig({
  test: {
    globalSetup: [here('./tests/support/global-setup.ts')],
    setupFiles: [here('./tests/support/setup-file.ts')],
    pool: 'forks',
    // Test files mostly wait on PostgreSQL: one and a half workers per core keeps both busy
    // (2 cores: 3 workers, the suite in 319 s instead of 414 s with Vitest's default of one).
    maxWorkers: Math.max(2, Math.ceil(availableParallelism() * 1.5)),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      project('prisma', ['src/**/*.test.ts']),
      project('emails', ['src/**/*.test.ts']),
      project('core', ['src/**/*.test.ts']),
      project('jobs', ['src/**/*.test.ts']),
      project('admin', ['src/**/*.test.ts']),
      project('portal', ['app/**/*.test.ts', 'server/**/*.test.ts']),
      project('tests', ['access/**/*.test.ts', 'integration/**/*.test.ts', 'security/**/*.test.ts']),
    ],
  },
})
