import { existsSync } from 'node:fs'
import type AdminJS from 'adminjs'
import { ADMIN_JS_TMP_DIR, COMPONENTS_OUTPUT_PATH, componentsBundler, generateUserComponentEntry } from 'adminjs/bundler'

export type BundleMode = 'build' | 'prebuilt' | 'lazy'

/**
 * The custom components' bundle (Rollup, offline), built once at start-up:
 * - `build` (default outside tests): bundle now. In production AdminJS serves the file as a static
 *   asset, so it must exist before the first page; in development AdminJS's own route would serve
 *   whatever file an earlier run left behind, so a fresh build avoids stale components.
 * - `prebuilt` (production with ADMIN_JS_SKIP_BUNDLE=true): the file must already be there, or
 *   start-up stops naming it, instead of every page failing on a 404.
 * - `lazy` (tests): nothing now; AdminJS's development route bundles if the file is ever asked for.
 * Either way AdminJS's own `initialize()` (called, unawaited, by @adminjs/express) must not bundle a
 * second time over the same file, so it is made a no-op on this instance.
 */
export async function prepareComponentBundle(admin: AdminJS, mode: BundleMode, log: (line: string) => void = console.log): Promise<void> {
  if (mode === 'build') {
    const started = Date.now()
    await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR) })
    await componentsBundler.build()
    log(`custom components bundled in ${((Date.now() - started) / 1000).toFixed(1)} s (${COMPONENTS_OUTPUT_PATH})`)
  } else if (mode === 'prebuilt' && !existsSync(COMPONENTS_OUTPUT_PATH)) {
    throw new Error(`ADMIN_JS_SKIP_BUNDLE=true but there is no component bundle at ${COMPONENTS_OUTPUT_PATH}: build it first, or unset ADMIN_JS_SKIP_BUNDLE`)
  }
  admin.initialize = async () => undefined
}

export function defaultBundleMode(env: NodeJS.ProcessEnv = process.env): BundleMode {
  if (env.NODE_ENV === 'test') return 'lazy'
  if (env.NODE_ENV === 'production' && env.ADMIN_JS_SKIP_BUNDLE === 'true') return 'prebuilt'
  return 'build'
}
