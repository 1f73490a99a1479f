// One "worker" of tests/bench/daily-run.ts's one-versus-two comparison: a process of its own that
// runs the whole daily run (runDailyBilling, every step or BENCH_STEPS) as of BENCH_AS_OF against DATABASE_URL and
// prints one JSON line with its report's counts and its own time. Not meant to be run by hand.
import { createPrismaClient } from '@berth/prisma'

const url = process.env.DATABASE_URL
const asOf = process.env.BENCH_AS_OF
if (!url || !asOf) throw new Error('DATABASE_URL and BENCH_AS_OF are needed')
const steps = (process.env.BENCH_STEPS ?? '')
  .split(',')
  .map((n) => n.trim())
  .filter(Boolean)
const core = await import('@berth/core')
const db = createPrismaClient(url, { max: 4 })
try {
  const t0 = performance.now()
  const report = await core.runDailyBilling({
    db,
    asOf: new Date(`${asOf}T00:00:00.000Z`),
    triggeredBy: `bench-worker-${process.pid}`,
    ...(steps.length ? { steps: core.DAILY_BILLING_STEPS.filter((st) => steps.includes(st.name)) } : {}),
  })
  const seconds = (performance.now() - t0) / 1000
  console.log(
    JSON.stringify({
      pid: process.pid,
      seconds,
      invoicesCreated: report.invoicesCreated,
      failed: report.failed,
    }),
  )
} finally {
  await db.$disconnect()
}
