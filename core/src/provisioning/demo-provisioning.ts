import type { Db } from '@berth/prisma'
import { isProduction } from '../platform'
import { loadModuleServer, updateServer } from './manage-servers'
import { systemCtx, DomainError } from '../shared'

/**
 * The demo's provisioning endpoint: `npm start` in demo mode runs a small receiver
 * (scripts/lib/demo-provisioning.ts) that speaks docs/provisioning-webhook.md, and the demo
 * catalog's webhook servers point at it, so an order in the demo store goes active with no network.
 * The seed writes the default address once; every demo start re-points the demo's servers at the
 * receiver's actual address (another port, or HOST), leaving servers staff pointed elsewhere alone.
 */
export const DEMO_PROVISIONING_PATH = '/berth/demo-provisioning'
export const DEMO_PROVISIONING_DEFAULT_PORT = 3009
export const DEMO_PROVISIONING_URL = `http://127.0.0.1:${DEMO_PROVISIONING_DEFAULT_PORT}${DEMO_PROVISIONING_PATH}`

/** Where demo databases seeded before the receiver existed point web1 (nothing answers there). */
const OLD_DEMO_PLACEHOLDER_URL = 'https://provisioning.example.invalid/berth'

/** True for an address of a demo receiver (its path), whatever host and port it had, or the old demo placeholder. */
export function isDemoProvisioningUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  if (value === OLD_DEMO_PLACEHOLDER_URL) return true
  try {
    return new URL(value).pathname === DEMO_PROVISIONING_PATH
  } catch {
    return false
  }
}

export interface DemoProvisioningTargets {
  /** the shared secrets of the servers that point at the receiver (the receiver accepts these) */
  secrets: string[]
  /** the servers' names */
  servers: string[]
  /** the servers whose address changed to `url` (audited as server.update) */
  repointed: string[]
}

/** Points the demo's webhook servers at the receiver at `url` and returns what the receiver must accept. */
export async function connectDemoProvisioning(
  db: Db,
  input: { url: string },
): Promise<DemoProvisioningTargets> {
  if (isProduction())
    throw new DomainError(
      'NOT_IN_PRODUCTION',
      'The demo provisioning receiver is refused in production mode.',
    )
  const rows = await db.server.findMany({
    where: { module: 'webhook' },
    select: { id: true, name: true, settings: true },
    orderBy: { name: 'asc' },
  })
  const demo = rows.filter((r) => isDemoProvisioningUrl((r.settings as Record<string, unknown> | null)?.url))
  const ctx = systemCtx(db, 'demo-start')
  const secrets = new Set<string>()
  const repointed: string[] = []
  for (const row of demo) {
    const settings = (row.settings ?? {}) as Record<string, unknown>
    if (settings.url !== input.url) {
      await updateServer(ctx, row.id, { settings: { ...settings, url: input.url } })
      repointed.push(row.name)
    }
    const secret = (await loadModuleServer(db, row.id))?.credentials.secret
    if (secret) secrets.add(secret)
  }
  return { secrets: [...secrets], servers: demo.map((r) => r.name), repointed }
}
