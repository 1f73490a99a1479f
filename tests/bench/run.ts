// `npm run bench`: start-up time and portal throughput, on this machine.
//  1. cold `npm start` (fresh data folder: initdb, migrations, demo seed, portal build from cache)
//     until both the portal and the admin console answer; then a warm restart on the same data.
//  2. GET /login requests per second on the portal, with autocannon (10 connections, 10 s).
// Results go to tests/bench/results/<date>.json and are printed as a table and a bar chart.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { ROOT, waitForHttp } from '../../scripts/lib/services'

const PORTAL_PORT = 3100
const ADMIN_PORT = 3101

async function timedStart(dataDir: string): Promise<{ seconds: number; stop: () => Promise<void> }> {
  const t0 = Date.now()
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '', BERTH_DATA_DIR: dataDir, PORTAL_PORT: String(PORTAL_PORT), ADMIN_PORT: String(ADMIN_PORT), PORTAL_URL: `http://localhost:${PORTAL_PORT}`, ADMIN_URL: `http://localhost:${ADMIN_PORT}/admin` },
  })
  let out = ''
  child.stdout.on('data', (c) => (out += c))
  child.stderr.on('data', (c) => (out += c))
  const alive = () => child.exitCode === null
  try {
    await Promise.all([waitForHttp(`http://127.0.0.1:${PORTAL_PORT}/login`, 240_000, alive), waitForHttp(`http://127.0.0.1:${ADMIN_PORT}/admin/login`, 240_000, alive)])
  } catch (error) {
    console.error(out.slice(-4000))
    throw error
  }
  const seconds = (Date.now() - t0) / 1000
  return {
    seconds,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        process.kill(-child.pid!, 'SIGINT')
      }),
  }
}

function bar(value: number, max: number, width = 40): string {
  return '█'.repeat(Math.max(1, Math.round((value / max) * width)))
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'berth-bench-'))
const results: Record<string, number> = {}
try {
  const cold = await timedStart(dataDir)
  results.coldStartSeconds = cold.seconds
  console.log(`cold npm start → both doors answering: ${cold.seconds.toFixed(1)} s`)

  const run = await autocannon({ url: `http://127.0.0.1:${PORTAL_PORT}/login`, connections: 10, duration: 10 })
  results.loginRequestsPerSecond = run.requests.average
  results.loginLatencyP50Ms = run.latency.p50
  results.loginLatencyP99Ms = run.latency.p99
  results.loginNon2xx = run.non2xx
  console.log(`portal GET /login: ${run.requests.average.toFixed(0)} req/s (p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms, non-2xx ${run.non2xx})`)
  await cold.stop()

  const warm = await timedStart(dataDir)
  results.warmStartSeconds = warm.seconds
  console.log(`warm npm start (same data): ${warm.seconds.toFixed(1)} s`)
  await warm.stop()
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}

const outDir = path.join(ROOT, 'tests/bench/results')
mkdirSync(outDir, { recursive: true })
const file = path.join(outDir, `${new Date().toISOString().slice(0, 10)}.json`)
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, results }, null, 2) + '\n')

const starts = { cold: results.coldStartSeconds ?? 0, warm: results.warmStartSeconds ?? 0 }
const max = Math.max(starts.cold, starts.warm)
console.log('\nstart-up, seconds to both doors answering')
for (const [k, v] of Object.entries(starts)) console.log(`  ${k.padEnd(5)} ${bar(v, max)} ${v.toFixed(1)}`)
console.log(`\nwritten to ${path.relative(ROOT, file)}`)
