// `npm run billing-run -- --date 2027-01-15 [--json]`: the whole daily billing run as of a date, now,
// from the shell (to catch up a missed day, and for tests). Against DATABASE_URL or, without it, the
// embedded database `npm start` uses. Running it again for the same date creates nothing.
import { parseArgs } from 'node:util'
import {
  getSettings,
  parseDateOnly,
  prepareDatabase,
  runDailyBilling,
  todayInTimeZone,
  type ProgressEvent,
} from '@berth/core'
import { disconnectDb, getDb } from '@berth/prisma'
import { localSecrets, startLocalDatabase } from './lib/local-database'

const usage =
  'usage: npm run billing-run -- [--date YYYY-MM-DD] [--json] [--batch-size N]   (default date: today in automation.timeZone)'
let args: { date?: string; json?: boolean; help?: boolean; 'batch-size'?: string }
try {
  args = parseArgs({
    options: {
      date: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      // items per batch (each step's own size by default): smaller batches commit sooner
      'batch-size': { type: 'string' },
    },
  }).values
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`)
  process.exit(2)
}
if (args.help) {
  console.log(usage)
  process.exit(0)
}
const batchSize = args['batch-size'] === undefined ? undefined : Number(args['batch-size'])
if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) {
  console.error(`--batch-size must be a whole number from 1 to 10000\n${usage}`)
  process.exit(2)
}
let asOf: Date | undefined
if (args.date !== undefined) {
  try {
    asOf = parseDateOnly(args.date)
  } catch {
    console.error(`--date must be a date such as 2027-01-15, not "${args.date}"\n${usage}`)
    process.exit(2)
  }
}

// With --json, stdout carries the one JSON object; everything else goes to stderr.
const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`)
let stopDatabase: (() => Promise<void>) | undefined
let exitCode = 0
try {
  if (!process.env.DATABASE_URL) {
    if (process.env.NODE_ENV === 'production')
      throw new Error('DATABASE_URL is required with NODE_ENV=production')
    say('no DATABASE_URL: starting the embedded PostgreSQL')
    const local = await startLocalDatabase(say)
    stopDatabase = () => local.server.stop()
    process.env.DATABASE_URL = local.url
    await prepareDatabase(local.url, { demo: false, log: say })
  }
  if (process.env.NODE_ENV !== 'production') {
    // Queued emails are sealed with ENCRYPTION_KEY, as by `npm start` on this machine.
    process.env.ENCRYPTION_KEY ??= localSecrets().ENCRYPTION_KEY
    process.env.SESSION_SECRET ??= localSecrets().SESSION_SECRET
  }
  const db = getDb()
  const date = asOf ?? todayInTimeZone((await getSettings(db))['automation.timeZone'])
  say(`billing run as of ${date.toISOString().slice(0, 10)}`)
  const onProgress = (e: ProgressEvent) => {
    if (e.done) say(`  ${e.step.padEnd(26)} seen ${e.seen}, changed ${e.changed}, failed ${e.failed}`)
    else if (!args.json && process.stdout.isTTY)
      process.stdout.write(`  ${e.step.padEnd(26)} ${e.seen} seen...\r`)
  }
  const report = await runDailyBilling({ db, asOf: date, triggeredBy: 'cli', onProgress, batchSize })
  for (const step of report.steps) {
    for (const f of step.failures.slice(0, 20)) say(`  ! ${step.step} ${f.key}: ${f.reason}`)
  }
  say(`${report.invoicesCreated} renewal invoice(s) created, ${report.failed} failure(s)`)
  if (args.json) {
    const steps = Object.fromEntries(
      report.steps.map((s) => [
        s.step,
        { status: s.status, seen: s.seen, changed: s.changed, failed: s.failed, ...s.counts },
      ]),
    )
    const total = (key: string) => report.steps.reduce((a, s) => a + (s.counts[key] ?? 0), 0)
    process.stdout.write(
      `${JSON.stringify({
        asOf: report.asOf,
        invoicesCreated: report.invoicesCreated,
        remindersSent: total('remindersSent'),
        noticesSent: total('noticesSent'),
        lateFees: total('lateFees'),
        suspended: total('suspended') + total('suspensionsRequested'),
        terminated: total('terminated') + total('terminationsRequested'),
        cancelled: total('cancelled') + total('cancellationsRequested'),
        ordersCancelled: total('ordersCancelled'),
        failed: report.failed,
        steps,
      })}\n`,
    )
  }
  if (report.failed) exitCode = 1
} catch (error) {
  console.error(`billing-run: ${(error as Error).message}`)
  exitCode = 2
} finally {
  await disconnectDb()
  await stopDatabase?.()
}
process.exit(exitCode)
