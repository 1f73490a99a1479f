// `npx tsx scripts/function-lengths.ts [--max 80] [--list]`: counts the functions, arrow functions and
// methods longer than --max lines (default 80) in each package, so a change can show whether it made
// large functions smaller (issue 9 §4). Reads the files git tracks, as they are in the working tree.
// Generated code and build output are skipped; tests count, since a long test is as hard to read.
import { execFileSync } from 'node:child_process'
import { readFileSync, existsSync } from 'node:fs'
import ts from 'typescript'

const PACKAGES = ['core', 'admin', 'portal', 'jobs', 'emails', 'tests', 'prisma', 'scripts']

function parseArgs(argv: string[]): { max: number; list: boolean } {
  const maxAt = argv.indexOf('--max')
  const max = maxAt >= 0 ? Number(argv[maxAt + 1]) : 80
  if (!Number.isInteger(max) || max < 1) throw new Error('--max takes a whole number of lines')
  return { max, list: argv.includes('--list') }
}

type LongFunction = { file: string; line: number; name: string; lines: number }

// A readable name for a function-like node: its own name, the variable or property it is assigned
// to, or the call it is passed to (`it('...')`, `useEffect`), so the list points somewhere useful.
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source)
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(source)
  if (ts.isCallExpression(parent)) return `${parent.expression.getText(source).slice(0, 40)}(...)`
  return '(anonymous)'
}

function longFunctionsIn(file: string, max: number): LongFunction[] {
  const text = readFileSync(file, 'utf8')
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind)
  const found: LongFunction[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration
      const start = source.getLineAndCharacterOfPosition(fn.getStart(source)).line
      const end = source.getLineAndCharacterOfPosition(fn.getEnd()).line
      const lines = end - start + 1
      if (lines > max) found.push({ file, line: start + 1, name: nameOf(fn, source), lines })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const { max, list } = parseArgs(process.argv.slice(2))
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('/generated/'))
  .filter((f) => existsSync(f))

let total = 0
for (const pkg of PACKAGES) {
  const files = tracked.filter((f) => f.startsWith(`${pkg}/`))
  const long = files.flatMap((f) => longFunctionsIn(f, max))
  total += long.length
  console.log(`${pkg.padEnd(8)} ${String(long.length).padStart(4)} functions over ${max} lines`)
  if (list) {
    for (const l of long.sort((a, b) => b.lines - a.lines)) {
      console.log(`  ${String(l.lines).padStart(5)}  ${l.file}:${l.line}  ${l.name}`)
    }
  }
}
console.log(`${'total'.padEnd(8)} ${String(total).padStart(4)} functions over ${max} lines`)
