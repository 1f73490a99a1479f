import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * Production mode serves the custom components' bundle as a static file from ADMIN_JS_TMP_DIR
 * (docs/platform-notes.md: with the wrong setup it is a 404 and every page is blank). AdminJS reads NODE_ENV and
 * ADMIN_JS_TMP_DIR when first imported, so this file sets them before importing the app. The
 * bundle itself is a stand-in: Rollup does not run in tests.
 */
const saved = {
  NODE_ENV: process.env.NODE_ENV,
  ADMIN_JS_TMP_DIR: process.env.ADMIN_JS_TMP_DIR,
  ADMIN_JS_SKIP_BUNDLE: process.env.ADMIN_JS_SKIP_BUNDLE,
}
const dir = mkdtempSync(join(tmpdir(), 'berth-adminjs-'))
process.env.NODE_ENV = 'production'
process.env.ADMIN_JS_TMP_DIR = join(dir, '.adminjs')
process.env.ADMIN_JS_SKIP_BUNDLE = 'true'
const { createAdminApp } = await import('./app')

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('the component bundle in production', () => {
  it('refuses to start with ADMIN_JS_SKIP_BUNDLE=true and no bundle, naming the file', async () => {
    await expect(createAdminApp({ log: () => undefined })).rejects.toThrow(
      /no component bundle at .*\.adminjs\/bundle\.js/,
    )
  })

  it("serves a prebuilt bundle from the dot-folder, next to AdminJS's production assets", async () => {
    mkdirSync(join(dir, '.adminjs'), { recursive: true })
    writeFileSync(join(dir, '.adminjs', 'bundle.js'), 'window.__berthComponents = true\n')
    const app = await createAdminApp({ log: () => undefined })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as { port: number }
    try {
      const bundle = await fetch(`http://127.0.0.1:${port}/admin/frontend/assets/components.bundle.js`)
      expect(bundle.status).toBe(200)
      expect(await bundle.text()).toBe('window.__berthComponents = true\n')
      const appBundle = await fetch(`http://127.0.0.1:${port}/admin/frontend/assets/app.bundle.js`)
      expect(appBundle.status).toBe(200)
      const login = await fetch(`http://127.0.0.1:${port}/admin/login`)
      expect(await login.text()).toContain('/admin/frontend/assets/components.bundle.js')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
