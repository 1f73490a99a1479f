import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'
import { chromium } from 'playwright-core'

/**
 * Browser tests against the real processes (tests/e2e/support/global-setup.ts starts them).
 * Chromium: the system's /usr/bin/chromium when it exists (these machines cannot download
 * browsers), else Playwright's own; with neither, stop with how to install one.
 */
function chromiumPath(): string | undefined {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  const own = chromium.executablePath()
  if (own && existsSync(own)) return undefined
  throw new Error(
    'No Chromium for the browser tests: install one with `apt-get install chromium` or `npx playwright install chromium`.',
  )
}

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: './test-results',
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
  },
})
