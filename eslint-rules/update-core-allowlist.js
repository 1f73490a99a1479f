// Rewrites core/import-boundaries.allowlist.json with core's deep cross-module imports as they are
// now: `node eslint-rules/update-core-allowlist.js`. For removing entries after fixing imports (or
// after moving files); a new deep import should go through the module's index, not into this list.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const repo = fileURLToPath(new URL('..', import.meta.url))
const root = path.join(repo, 'core/src')
const listFile = path.join(repo, 'core/import-boundaries.allowlist.json')
const toRootPath = (file) =>
  path
    .relative(root, file)
    .split(path.sep)
    .join('/')
    .replace(/\.(?:[cm]?[jt]sx?)$/, '')

const eslint = new ESLint({
  cwd: repo,
  overrideConfig: {
    files: ['core/src/**/*.ts'],
    rules: {
      'berth/core-module-boundaries': ['error', { root, groupFolders: ['support'], allowlist: [] }],
      'import-x/no-cycle': 'off',
    },
  },
})
const results = await eslint.lintFiles(['core/src'])
const entries = new Set()
for (const result of results) {
  for (const message of result.messages) {
    if (message.ruleId !== 'berth/core-module-boundaries') continue
    const source = /^'([^']+)'/.exec(message.message)?.[1]
    if (!source) throw new Error(`Unexpected message: ${message.message}`)
    const target = path.resolve(path.dirname(result.filePath), source)
    entries.add(`${toRootPath(result.filePath)} -> ${toRootPath(target)}`)
  }
}
writeFileSync(listFile, `${JSON.stringify([...entries].sort(), null, 2)}\n`)
console.log(`${path.relative(repo, listFile)}: ${entries.size} entries`)
