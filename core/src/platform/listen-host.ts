import type { Env } from './env'

/**
 * The address portal, admin and the demo provisioning receiver listen on: `HOST` when set; in demo
 * mode 127.0.0.1, since the demo publishes its logins and passwords; otherwise undefined, which
 * Node reads as every interface (production behind a proxy or a container, as before).
 */
export function listenHost(env: Pick<Env, 'HOST' | 'BERTH_DEMO' | 'NODE_ENV'>): string | undefined {
  if (env.HOST) return env.HOST
  if (env.BERTH_DEMO && env.NODE_ENV !== 'production') return '127.0.0.1'
  return undefined
}

/** How a listen address reads in a log line. */
export function describeListenHost(host: string | undefined): string {
  return host === undefined ? 'every interface' : host
}
