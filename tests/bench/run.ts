// `npm run bench`: start-up time and portal throughput, on this machine.
//  1. cold `npm start` (fresh data folder: initdb, migrations, demo seed, portal build from cache)
//     until both the portal and the admin console answer; then a warm restart on the same data.
//  2. GET /login requests per second on the portal, with autocannon (10 connections, 10 s).
//  3. tests/bench/billing.ts (invoice PDF time, webhook throughput) and tests/bench/checkout.ts
//     (orders per second, paid webhook to active service) and tests/bench/scale.ts (admin pages
//     and a client's lists with 100,000 services and invoices), tests/bench/daily-run.ts (the daily
//     billing run over 100,000 due services against the set-based SQL, a second run, two workers;
//     BENCH_SERVICES sets the size) and tests/bench/invoice-list.ts (the admin invoice list with
//     1,000,000 invoices, with the plans) and tests/bench/kb-search.ts (knowledgebase search over
//     5,000 articles) and tests/bench/domain-sync.ts (the daily run's registrar expiry sync against
//     the sandbox, domains per minute), each in a database of its own.
// Results go to tests/bench/results/*.json, printed, and drawn as bar charts in
// tests/bench/results/summary-<date>.svg.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { renderSummarySvg } from './chart'
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
    env: {
      ...process.env,
      DATABASE_URL: '',
      BERTH_DATA_DIR: dataDir,
      PORTAL_PORT: String(PORTAL_PORT),
      ADMIN_PORT: String(ADMIN_PORT),
      PORTAL_URL: `http://localhost:${PORTAL_PORT}`,
      ADMIN_URL: `http://localhost:${ADMIN_PORT}/admin`,
    },
  })
  let out = ''
  child.stdout.on('data', (c) => (out += c))
  child.stderr.on('data', (c) => (out += c))
  const alive = () => child.exitCode === null
  try {
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${PORTAL_PORT}/login`, 240_000, alive),
      waitForHttp(`http://127.0.0.1:${ADMIN_PORT}/admin/login`, 240_000, alive),
    ])
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

  const run = await autocannon({
    url: `http://127.0.0.1:${PORTAL_PORT}/login`,
    connections: 10,
    duration: 10,
  })
  results.loginRequestsPerSecond = run.requests.average
  results.loginLatencyP50Ms = run.latency.p50
  results.loginLatencyP99Ms = run.latency.p99
  results.loginNon2xx = run.non2xx
  console.log(
    `portal GET /login: ${run.requests.average.toFixed(0)} req/s (p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms, non-2xx ${run.non2xx})`,
  )
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
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      results,
    },
    null,
    2,
  ) + '\n',
)

for (const script of [
  'billing',
  'checkout',
  'scale',
  'daily-run',
  'daily-run-fan-out',
  'invoice-list',
  'kb-search',
  'domain-sync',
]) {
  console.log(`\n--- ${script} ---`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', `tests/bench/${script}.ts`], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  })
  if (r.status !== 0) throw new Error(`tests/bench/${script}.ts failed`)
}
const day = new Date().toISOString().slice(0, 10)
const read = (name: string) =>
  (
    JSON.parse(readFileSync(path.join(ROOT, 'tests/bench/results', `${name}.json`), 'utf8')) as {
      results: Record<string, number>
    }
  ).results
const billing = read(`billing-${day}`)
const checkout = read(`checkout-${day}`)
const scale = read(`scale-${day}`)
const dailyRun = read(`daily-run-${day}`)
const invoiceList = read(`invoice-list-${day}`)
const svgFile = path.join(ROOT, 'tests/bench/results', `summary-${day}.svg`)
writeFileSync(
  svgFile,
  renderSummarySvg(`Berth benchmarks, ${day}, ${(await import('node:os')).cpus().length} cores`, [
    {
      title: 'npm start to both doors answering (s)',
      bars: [
        ['cold', results.coldStartSeconds ?? 0],
        ['warm', results.warmStartSeconds ?? 0],
      ],
    },
    {
      title: 'portal GET /login (requests/s)',
      bars: [['10 connections', results.loginRequestsPerSecond ?? 0]],
    },
    {
      title: 'invoice PDF, 12 lines (ms)',
      bars: [
        ['p50', billing.pdfP50Ms ?? 0],
        ['p95', billing.pdfP95Ms ?? 0],
      ],
    },
    {
      title: 'payment webhooks (events/s)',
      bars: [
        ['first delivery', billing.webhookFirstDeliveryPerSecond ?? 0],
        ['duplicates', billing.webhookDuplicatePerSecond ?? 0],
      ],
    },
    {
      title: 'checkout (orders/s)',
      bars: [
        ['one at a time', checkout.checkoutSequentialPerSecond ?? 0],
        ['8 at once', checkout.checkoutConcurrentPerSecond ?? 0],
      ],
    },
    {
      title: 'paid webhook to active service (ms)',
      bars: [
        ['p50', checkout.paidToActiveP50Ms ?? 0],
        ['max', checkout.paidToActiveMaxMs ?? 0],
      ],
    },
    {
      title: 'admin API with 100,000 services and invoices, p50 (ms)',
      bars: [
        ['dashboard', scale.adminDashboardP50Ms ?? 0],
        ['services list', scale.adminServiceListP50Ms ?? 0],
        ['service search', scale.adminServiceSearchP50Ms ?? 0],
        ['unpaid invoices', scale.adminUnpaidInvoicesP50Ms ?? 0],
        ['client search', scale.adminClientSearchP50Ms ?? 0],
        ['one service', scale.adminServiceShowP50Ms ?? 0],
      ],
    },
    {
      title: 'daily billing run, all services due (s)',
      bars: [
        ['run', dailyRun.runSeconds ?? 0],
        ['two workers', dailyRun.twoWorkersSeconds ?? 0],
        ['set-based SQL', dailyRun.sqlSeconds ?? 0],
        ['second run', dailyRun.secondRunSeconds ?? 0],
      ],
    },
    {
      title: 'admin invoice list with 1,000,000 invoices, p95 (ms)',
      bars: [
        ['first page', invoiceList.firstPageP95Ms ?? 0],
        ['status Unpaid', invoiceList.statusUnpaidP95Ms ?? 0],
        ['one client', invoiceList.oneClientP95Ms ?? 0],
      ],
    },
  ]),
)
console.log(`\nchart: ${path.relative(ROOT, svgFile)}`)

const starts = { cold: results.coldStartSeconds ?? 0, warm: results.warmStartSeconds ?? 0 }
const max = Math.max(starts.cold, starts.warm)
console.log('\nstart-up, seconds to both doors answering')
for (const [k, v] of Object.entries(starts)) console.log(`  ${k.padEnd(5)} ${bar(v, max)} ${v.toFixed(1)}`)
console.log(`\nwritten to ${path.relative(ROOT, file)}`)
