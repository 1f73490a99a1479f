// A core module's index.ts is its public API (STYLE.md rule 1, decision 0062): a file may import
// its own module's files freely, but another module only through that module's index
// ('../billing', '../billing/index'), never a file behind it ('../billing/credit/ledger').
//
// A module is a top-level folder of `root`; for a folder in `groupFolders` (core's `support`,
// which has no index of its own) each of its subfolders is a module. Known violations are listed
// in `allowlist` as 'importer -> target' (both relative to `root`, target without extension); an
// entry whose import is gone is reported too, so the list only shrinks.
import path from 'node:path'

const EXTENSION = /\.(?:[cm]?[jt]sx?)$/

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Import another core module only through its index.ts, never its files' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          groupFolders: { type: 'array', items: { type: 'string' } },
          allowlist: { type: 'array', items: { type: 'string' } },
        },
        required: ['root'],
        additionalProperties: false,
      },
    ],
    messages: {
      deepImport:
        "'{{source}}' reaches into module '{{module}}': import its index ('{{entry}}') instead, " +
        'exporting the name there if it is part of the public API.',
      staleEntry:
        "Allowlisted import '{{entry}}' is gone: remove it from the allowlist so it cannot come back.",
    },
  },

  create(context) {
    const { root, groupFolders = [], allowlist = [] } = context.options[0]
    const filename = context.physicalFilename ?? context.filename
    const importer = toRootPath(root, filename)
    if (importer === null) return {}

    const importerModule = moduleOf(importer, groupFolders)
    const allowed = new Set(allowlist.filter((entry) => entry.startsWith(`${importer} -> `)))
    const used = new Set()

    function check(sourceNode) {
      if (!sourceNode || typeof sourceNode.value !== 'string' || !sourceNode.value.startsWith('.')) return
      const target = toRootPath(root, path.resolve(path.dirname(filename), sourceNode.value))
      if (target === null) return
      const targetModule = moduleOf(target, groupFolders)
      if (targetModule === importerModule) return
      const rest = target.slice(targetModule.length)
      if (rest === '' || rest === '/index') return

      const entry = `${importer} -> ${target}`
      if (allowed.has(entry)) {
        used.add(entry)
        return
      }
      const entryPath = path.relative(path.dirname(filename), path.join(root, targetModule))
      context.report({
        node: sourceNode,
        messageId: 'deepImport',
        data: { source: sourceNode.value, module: targetModule, entry: entryPath.split(path.sep).join('/') },
      })
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      'Program:exit'(program) {
        for (const entry of allowed) {
          if (!used.has(entry)) {
            context.report({
              loc: program.loc?.start ?? { line: 1, column: 0 },
              messageId: 'staleEntry',
              data: { entry },
            })
          }
        }
      },
    }
  },
}

/** The path of `file` relative to `root` with '/' separators and no extension; null outside root. */
function toRootPath(root, file) {
  const relative = path.relative(root, file)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null
  return relative.split(path.sep).join('/').replace(EXTENSION, '').replace(/\/$/, '')
}

/** 'billing' for 'billing/credit/ledger', 'support/desk' for 'support/desk/x' (a group folder). */
function moduleOf(rootPath, groupFolders) {
  const parts = rootPath.split('/')
  return parts.slice(0, groupFolders.includes(parts[0]) ? 2 : 1).join('/')
}
