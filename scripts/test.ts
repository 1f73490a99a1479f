// `npm test`: the whole suite. Build, typecheck and lint (cached by Turborepo), then every unit and
// integration test (vitest, real PostgreSQL: DATABASE_URL's server or an embedded one, a fresh
// database per test file), then the browser tests (Playwright, headless Chromium, the real
// processes). Stops at the first failing stage.
import { spawnSync } from 'node:child_process'
import { ROOT } from './lib/services'

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  FORCE_COLOR: process.env.CI ? '0' : '1',
}
const stages: { name: string; cmd: string[]; cwd?: string }[] = [
  {
    name: 'build, typecheck, lint',
    cmd: ['npx', 'turbo', 'run', 'build', 'typecheck', 'lint', '--output-logs=errors-only'],
  },
  {
    name: 'scripts typecheck and lint, format check',
    cmd: [
      'sh',
      '-c',
      'npx tsc -p tsconfig.json && npx eslint scripts eslint-rules vitest.config.ts && npx prettier --check --log-level warn .',
    ],
  },
  { name: 'unit and integration tests', cmd: ['npx', 'vitest', 'run'] },
  { name: 'browser tests', cmd: ['npx', 'playwright', 'test', '-c', 'tests/playwright.config.ts'] },
]

const only = process.argv.slice(2)
const results: string[] = []
for (const stage of stages) {
  if (only.length && !only.some((o) => stage.name.includes(o))) continue
  const t = Date.now()
  console.log(`\n=== ${stage.name} ===`)
  const r = spawnSync(stage.cmd[0]!, stage.cmd.slice(1), { cwd: stage.cwd ?? ROOT, stdio: 'inherit', env })
  const seconds = ((Date.now() - t) / 1000).toFixed(0)
  results.push(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${stage.name} (${seconds} s)`)
  if (r.status !== 0) {
    console.log(`\n${results.join('\n')}`)
    process.exit(r.status ?? 1)
  }
}
console.log(`\n${results.join('\n')}`)
