import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The three Berth processes and how to start each (TypeScript run by Node through tsx's loader). */
export const SERVICES = {
  portal: 'portal/server.ts',
  admin: 'admin/src/main.ts',
  worker: 'jobs/src/main.ts',
} as const
export type ServiceName = keyof typeof SERVICES

export interface RunningService {
  name: ServiceName
  child: ChildProcess
  exited: Promise<number | null>
}

export function spawnService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  onLine: (name: ServiceName, line: string) => void,
): RunningService {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVICES[name]], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => onLine(name, line))
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { name, child, exited }
}

/** Where this machine reaches a process listening on `host` (every interface: loopback). */
export function probeHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/** Resolves when the URL answers with any HTTP status below 500; rejects after the timeout. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process behind ${url} exited`)
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) })
      if (res.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`)
}

export async function stopServices(services: RunningService[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    services.map(async (s) => {
      if (s.child.exitCode !== null || s.child.signalCode !== null) return
      s.child.kill('SIGTERM')
      const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs)
      await s.exited
      clearTimeout(timer)
    }),
  )
}
