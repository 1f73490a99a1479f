import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Router } from 'express'

const WEIGHTS = ['300', '400', '500', '700'] as const
const FONT_FILE = /^roboto-[a-z-]+-(300|400|500|700)-normal\.woff2?$/

/**
 * Roboto, the font AdminJS's theme asks for, served from the console itself (@fontsource/roboto)
 * instead of Google Fonts, which AdminJS's page templates link: staff browsers then make no
 * third-party request (their addresses are not handed to Google, and an offline or firewalled
 * console looks the same). The CSP allows fonts and styles from the console's origin only, so the
 * templates' Google link is blocked before it leaves the browser. Decision 0021.
 */
export function selfHostedFonts(): Router {
  const packageDir = dirname(createRequire(import.meta.url).resolve('@fontsource/roboto/package.json'))
  const css = WEIGHTS.map((w) => readFileSync(join(packageDir, `${w}.css`), 'utf8')).join('\n')
  const router = Router()
  router.get('/roboto.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=86400').send(css)
  })
  router.get('/files/:file', (req, res, next) => {
    const file = req.params.file ?? ''
    if (!FONT_FILE.test(file)) return next()
    res.sendFile(
      join(packageDir, 'files', file),
      { maxAge: '30d', immutable: true },
      (error) => error && next(),
    )
  })
  return router
}
