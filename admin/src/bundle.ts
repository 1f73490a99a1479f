import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import AdminJSClass from 'adminjs'
import type AdminJS from 'adminjs'
import {
  ADMIN_JS_TMP_DIR,
  COMPONENTS_OUTPUT_PATH,
  componentsBundler,
  generateUserComponentEntry,
} from 'adminjs/bundler'

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
export async function prepareComponentBundle(
  admin: AdminJS,
  mode: BundleMode,
  log: (line: string) => void = console.log,
): Promise<void> {
  if (mode === 'build') {
    const started = Date.now()
    const entry = generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR)
    // The bundle depends only on the entry, the component sources and AdminJS itself: when none
    // changed since the last build, the file on disk is current (saves about 2 s per start).
    const fingerprint = bundleFingerprint(entry)
    const fingerprintFile = `${COMPONENTS_OUTPUT_PATH}.fingerprint`
    if (
      existsSync(COMPONENTS_OUTPUT_PATH) &&
      existsSync(fingerprintFile) &&
      readFileSync(fingerprintFile, 'utf8') === fingerprint
    ) {
      log(`custom components unchanged: reusing ${COMPONENTS_OUTPUT_PATH}`)
    } else {
      await componentsBundler.createEntry({ content: entry })
      await componentsBundler.build()
      writeFileSync(fingerprintFile, fingerprint)
      log(
        `custom components bundled in ${((Date.now() - started) / 1000).toFixed(1)} s (${COMPONENTS_OUTPUT_PATH})`,
      )
    }
  } else if (mode === 'prebuilt' && !existsSync(COMPONENTS_OUTPUT_PATH)) {
    throw new Error(
      `ADMIN_JS_SKIP_BUNDLE=true but there is no component bundle at ${COMPONENTS_OUTPUT_PATH}: build it first, or unset ADMIN_JS_SKIP_BUNDLE`,
    )
  }
  admin.initialize = async () => undefined
}

export function defaultBundleMode(env: NodeJS.ProcessEnv = process.env): BundleMode {
  if (env.NODE_ENV === 'test') return 'lazy'
  if (env.NODE_ENV === 'production' && env.ADMIN_JS_SKIP_BUNDLE === 'true') return 'prebuilt'
  return 'build'
}

const COMPONENTS_DIR = fileURLToPath(new URL('./components/', import.meta.url))

function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name)
      return statSync(full).isDirectory() ? filesBelow(full) : [full]
    })
}

function bundleFingerprint(entry: string): string {
  const hash = createHash('sha256').update(entry)
  hash.update(String((AdminJSClass as unknown as { VERSION?: string }).VERSION))
  for (const file of filesBelow(COMPONENTS_DIR)) hash.update(file).update(readFileSync(file))
  return hash.digest('hex')
}
