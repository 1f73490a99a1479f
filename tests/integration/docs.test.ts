// The documentation must not point at files that do not exist, and every decision record must be
// reachable from the index (issue 9: comments cited a STACK.md that only the authors had).
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const decisionsDir = join(root, 'docs/decisions')

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith('.md') ? [path] : []
  })
}

/** Relative link targets of a Markdown file, without anchors; web links and pure anchors skipped. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)
  return targets
    .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
    .map((t) => decodeURIComponent(t.split('#')[0]!))
}

describe('documentation', () => {
  const docs = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))]

  it('links only to files that exist', () => {
    const broken = docs.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .filter((target) => !existsSync(resolve(dirname(file), target)))
        .map((target) => `${file.slice(root.length + 1)} → ${target}`),
    )
    expect(broken).toEqual([])
  })

  it('lists every decision record in the index, once, in order', () => {
    const records = readdirSync(decisionsDir)
      .filter((name) => /^\d{4}-.+\.md$/.test(name))
      .sort()
    const index = readFileSync(join(decisionsDir, 'README.md'), 'utf8')
    const tableRows = index.split('\n').filter((line) => line.startsWith('|'))
    const listed = relativeLinks(tableRows.join('\n')).filter((t) => /^\d{4}-/.test(t))
    expect(listed).toEqual(records)
  })

  it('gives every decision record a unique number and a heading with it', () => {
    const records = readdirSync(decisionsDir).filter((name) => /^\d{4}-.+\.md$/.test(name))
    const numbers = records.map((name) => name.slice(0, 4))
    expect(new Set(numbers).size).toBe(numbers.length)
    for (const name of records) {
      const heading = readFileSync(join(decisionsDir, name), 'utf8').split('\n')[0]!
      expect(heading, name).toMatch(new RegExp(`^# ${name.slice(0, 4)}\\b`))
    }
  })

  it('cites no notes that live outside the repository', () => {
    const sources = ['core/src', 'admin/src', 'portal/app', 'jobs/src', 'prisma/src', 'scripts']
    const offenders = sources.flatMap((dir) =>
      listSources(join(root, dir))
        .filter((file) => /\bSTACK\.md\b/.test(readFileSync(file, 'utf8')))
        .map((file) => file.slice(root.length + 1)),
    )
    expect(offenders).toEqual([])
  })
})

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'generated' || name === 'build') return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return listSources(path)
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : []
  })
}
