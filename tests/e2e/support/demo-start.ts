import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { createDatabase, databaseUrlFor, dropDatabase } from '@berth/prisma'
import { findFreePort } from '@berth/prisma/embedded'
import { ROOT } from '../../../scripts/lib/services'
import { stack } from './stack'

export interface DemoStart {
  portalUrl: string
  adminUrl: string
  /** what `npm start` printed, every line */
  output: string[]
  /** the lines of its "Berth is running" banner */
  banner: string[]
  stop(): Promise<void>
}

/**
 * `npm start` in demo mode, as a newcomer runs it (scripts/start.ts, the same launcher), on a fresh
 * database of the e2e PostgreSQL server and free ports: it migrates, seeds the demo, starts the
 * demo provisioning receiver and the three processes, and prints its banner. The URLs the tests
 * use are the ones it prints.
 */
export async function startDemo(options: { timeoutMs: number }): Promise<DemoStart> {
  const serverUrl = databaseUrlFor(stack().databaseUrl, 'postgres')
  const dbName = `berth_demo_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  await createDatabase(serverUrl, dbName)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'berth-demo-e2e-'))
  const [portalPort, adminPort] = [await findFreePort(), await findFreePort()]
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    BERTH_DEMO: '1',
    BERTH_DATA_DIR: dataDir,
    HOST: '',
    DATABASE_URL: databaseUrlFor(serverUrl, dbName),
    PORTAL_PORT: String(portalPort),
    ADMIN_PORT: String(adminPort),
    PORTAL_URL: `http://127.0.0.1:${portalPort}`,
    ADMIN_URL: `http://127.0.0.1:${adminPort}/admin`,
    DEMO_PROVISIONING_PORT: '0', // a free port: the launcher points the demo servers at it
    SMTP_URL: '',
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line)
        if (process.env.E2E_VERBOSE) console.log(`[demo-start] ${line}`)
        if (line.startsWith('Press Ctrl-C to stop.')) resolve()
      })
    }
    void exited.then((code) =>
      reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-40).join('\n')}`)),
    )
    setTimeout(
      () =>
        reject(
          new Error(
            `npm start was not ready within ${options.timeoutMs / 1000} s:\n${output.slice(-40).join('\n')}`,
          ),
        ),
      options.timeoutMs,
    ).unref()
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    }
    await dropDatabase(serverUrl, dbName).catch(() => {})
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await ready
  } catch (error) {
    await stop()
    throw error
  }
  const start = output.findIndex((l) => l.startsWith('Berth is running'))
  const banner = output.slice(start)
  const printed = (label: string) =>
    banner
      .find((l) => l.trim().startsWith(label))
      ?.split(/\s+/)
      .find((w) => w.startsWith('http'))
      ?.replace(/\/$/, '') ?? ''
  return { portalUrl: printed('Client portal:'), adminUrl: printed('Admin console:'), output, banner, stop }
}
