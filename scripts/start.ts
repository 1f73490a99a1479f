// `npm start`: the whole of Berth on one machine. With no DATABASE_URL it runs an embedded
// PostgreSQL in ./.data, applies migrations, seeds the demo once, builds the portal when needed,
// starts portal, admin console and worker (and, in demo mode, the demo provisioning receiver the
// demo products provision through), and prints where they are. Ctrl-C stops everything.
// Demo mode listens on 127.0.0.1 unless HOST says otherwise: it publishes its logins.
import { spawnSync } from 'node:child_process'
import { DEMO_LOGINS, EnvError, describeListenHost, listenHost, parseEnv, prepareDatabase } from '@berth/core'
import { startDemoProvisioning, type DemoProvisioning } from './lib/demo-provisioning'
import { localSecrets, startLocalDatabase } from './lib/local-database'
import {
  ROOT,
  probeHost,
  spawnService,
  stopServices,
  waitForHttp,
  type RunningService,
  type ServiceName,
} from './lib/services'

const t0 = Date.now()
const isProduction = process.env.NODE_ENV === 'production'
const say = (line: string) => console.log(`[berth] ${line}`)
const colours: Record<ServiceName, string> = { portal: '\x1b[36m', admin: '\x1b[35m', worker: '\x1b[33m' }
const prefix = (name: ServiceName, line: string) =>
  console.log(
    `${process.stdout.isTTY ? colours[name] : ''}[${name}]${process.stdout.isTTY ? '\x1b[0m' : ''} ${line}`,
  )

let stopDatabase: (() => Promise<void>) | undefined
let demoProvisioning: DemoProvisioning | undefined
const services: RunningService[] = []
let shuttingDown = false

async function shutdown(code: number) {
  if (shuttingDown) return
  shuttingDown = true
  say('stopping...')
  await stopServices(services)
  await demoProvisioning?.close()
  await stopDatabase?.()
  say('stopped')
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

try {
  const env: NodeJS.ProcessEnv = { ...process.env }
  let demo = !isProduction && (env.BERTH_DEMO === '1' || env.BERTH_DEMO === 'true')
  if (!env.DATABASE_URL) {
    if (isProduction) throw new EnvError('DATABASE_URL is required with NODE_ENV=production')
    say('no DATABASE_URL: starting the embedded PostgreSQL')
    const local = await startLocalDatabase((l) => say(l))
    stopDatabase = () => local.server.stop()
    env.DATABASE_URL = local.url
    demo = true
    say(
      `embedded PostgreSQL on 127.0.0.1:${local.server.port}, data in ${local.server.dataDir}${local.server.isRelocated ? ' (moved there: the postgres user cannot reach ./.data from this folder)' : ''}`,
    )
  }
  if (!isProduction) {
    const secrets = localSecrets()
    env.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY
    env.SESSION_SECRET ??= secrets.SESSION_SECRET
  }
  if (demo) env.BERTH_DEMO = '1'
  const config = parseEnv(env) // stops here, naming the variable, when something is wrong
  // Every process links and checks origins against the same addresses, ports included.
  env.PORTAL_URL = config.PORTAL_URL
  env.ADMIN_URL = config.ADMIN_URL
  // The demo seed below encrypts (queued emails, gateway settings) in this process too.
  Object.assign(process.env, {
    ENCRYPTION_KEY: env.ENCRYPTION_KEY,
    SESSION_SECRET: env.SESSION_SECRET,
    DATABASE_URL: env.DATABASE_URL,
    BERTH_DEMO: env.BERTH_DEMO ?? '',
  })

  const prepared = await prepareDatabase(config.DATABASE_URL, { demo, log: (l) => say(l) })
  say(
    `database ready (${prepared.migrationsApplied} migration(s) applied${prepared.demoSeeded ? ', demo data seeded' : ''})`,
  )
  const host = listenHost(config) // demo: 127.0.0.1 unless HOST says otherwise; else every interface
  if (demo) {
    demoProvisioning = await startDemoProvisioning(config.DATABASE_URL, {
      host: host ?? '127.0.0.1',
      port: config.DEMO_PROVISIONING_PORT,
      log: (l) => console.log(`[demo-provisioning] ${l}`),
    })
  }

  say('building the portal (cached when nothing changed)')
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@berth/portal', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
    },
  )
  if (build.status !== 0) throw new Error('the portal build failed')

  for (const name of ['portal', 'admin', 'worker'] as const) {
    const s = spawnService(name, env, prefix)
    services.push(s)
    void s.exited.then((code) => {
      if (!shuttingDown) {
        say(`${name} exited (${code}); stopping the rest`)
        void shutdown(1)
      }
    })
  }
  const alive = () => !shuttingDown
  const portalUrl = config.PORTAL_URL.replace(/\/$/, '')
  const adminUrl = config.ADMIN_URL.replace(/\/$/, '')
  await Promise.all([
    waitForHttp(`http://${probeHost(host)}:${config.PORTAL_PORT}/login`, 120_000, alive),
    waitForHttp(`http://${probeHost(host)}:${config.ADMIN_PORT}/admin/login`, 180_000, alive),
  ])
  const lines = [
    '',
    `Berth is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    `  Client portal:  ${portalUrl}/`,
    `  Admin console:  ${adminUrl}/`,
  ]
  if (demo) {
    lines.push(
      '',
      'Demo logins (demo mode only):',
      `  Staff (Super admin):  ${DEMO_LOGINS.admin.email} / ${DEMO_LOGINS.admin.password}`,
      `  Client:               ${DEMO_LOGINS.client.email} / ${DEMO_LOGINS.client.password}`,
      `  Other staff:          ${DEMO_LOGINS.staff.map((s) => `${s.email} (${s.role})`).join(', ')} / ${DEMO_LOGINS.staff[0].password}`,
      '',
      `Demo provisioning:      ${demoProvisioning?.url ?? '(not running)'} (${demoProvisioning?.servers.join(', ') || 'no server'}: orders paid with the test gateway go active)`,
      host === '127.0.0.1'
        ? 'Listening on 127.0.0.1 only, since these passwords are public: set HOST=0.0.0.0 to open Berth to your network.'
        : `Listening on ${describeListenHost(host)} (HOST): anyone who reaches it can use the demo logins above.`,
    )
  }
  if (!config.SMTP_URL)
    lines.push('', "No SMTP_URL: emails are kept in the admin console's email log instead of being sent.")
  lines.push('', 'Press Ctrl-C to stop.', '')
  console.log(lines.join('\n'))
} catch (error) {
  if (error instanceof EnvError) console.error(`[berth] ${error.message}`)
  else console.error(`[berth] start-up failed: ${(error as Error).stack ?? String(error)}`)
  await shutdown(1)
}
