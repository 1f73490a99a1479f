import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// One run for every package: one database server and migrated template per run, a fresh copy of
// the template per test file (tests/support). `npm test` runs this; `turbo run test` runs one
// project per package with the same config.
const project = (name: string, include: string[], extra: object = {}, root = name) => ({
  extends: true as const,
  test: { name, root: here(`./${root}`), include, ...extra },
})

// Files that need a fresh module registry: they set environment variables that a library reads
// once, when first imported (AdminJS and NODE_ENV/ADMIN_JS_TMP_DIR). Everything else shares one.
const FRESH_IMPORT = { admin: ['src/bundle.test.ts'] }

export default defineConfig({
  test: {
    globalSetup: [here('./tests/support/global-setup.ts')],
    setupFiles: [here('./tests/support/setup-file.ts')],
    pool: 'forks',
    // Test files share each worker's module registry (docs/decisions/0064-shared-test-modules.md):
    // importing core, Prisma and AdminJS once per worker instead of once per file halves the suite.
    // Every file still gets its own database (setup-file.ts); the few that need a fresh import of
    // a library run isolated in their own project below.
    isolate: false,
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
      project('admin', ['src/**/*.test.ts'], { exclude: [...configDefaults.exclude, ...FRESH_IMPORT.admin] }),
      project('admin-fresh-import', FRESH_IMPORT.admin, { isolate: true }, 'admin'),
      project('portal', ['app/**/*.test.ts', 'server/**/*.test.ts']),
      project('tests', ['access/**/*.test.ts', 'integration/**/*.test.ts', 'security/**/*.test.ts']),
      project('eslint-rules', ['*.test.ts']),
    ],
  },
})
