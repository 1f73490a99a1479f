import { connectDemoProvisioning, DEMO_PROVISIONING_DEFAULT_PORT, DEMO_PROVISIONING_PATH } from '@berth/core'
import { createPrismaClient } from '@berth/prisma'
import { startProvisioningReceiver, type ProvisioningReceiver } from './provisioning-receiver'

export interface DemoProvisioning {
  url: string
  /** the demo servers that point at it */
  servers: string[]
  receiver: ProvisioningReceiver
  close(): Promise<void>
}

/**
 * `npm start` in demo mode: a provisioning endpoint on this machine that answers the demo catalog's
 * webhook module (create, suspend, unsuspend, terminate, change package) the way
 * docs/provisioning-webhook.md says a host's panel would, after checking Berth's signature, and
 * the demo's servers pointed at it (core's connectDemoProvisioning). So a demo order goes active
 * with no network. The default port is fixed (3009, DEMO_PROVISIONING_PORT); when it is taken, a
 * free one is used and the servers follow it.
 */
export async function startDemoProvisioning(
  databaseUrl: string,
  options: { host: string; port: number; log: (line: string) => void },
): Promise<DemoProvisioning> {
  const { log } = options
  const listen = (port: number) =>
    startProvisioningReceiver({
      host: options.host,
      port,
      path: DEMO_PROVISIONING_PATH,
      keepCalls: 20,
      onCall: (call, answer) => {
        const service = (call.body.service ?? {}) as { domain?: string | null }
        const what = `${call.event || '(no event)'}${service.domain ? ` for ${service.domain}` : ''}`
        const a = answer as { ok?: boolean; username?: string; error?: string }
        log(
          call.status === 200 && a.ok
            ? `${what}: done${a.username ? ` (username ${a.username})` : ''}`
            : `${what}: refused (${call.status} ${a.error ?? ''})`,
        )
      },
    })
  let receiver: ProvisioningReceiver
  try {
    receiver = await listen(options.port)
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
    if (!inUse || options.port !== DEMO_PROVISIONING_DEFAULT_PORT) {
      throw new Error(
        inUse
          ? `the demo provisioning port ${options.port} is in use (set DEMO_PROVISIONING_PORT, 0 for any free port)`
          : (error as Error).message,
      )
    }
    receiver = await listen(0)
    log(`port ${options.port} is in use: using ${new URL(receiver.url).port} instead`)
  }
  const db = createPrismaClient(databaseUrl, { max: 1 })
  try {
    const targets = await connectDemoProvisioning(db, { url: receiver.url })
    receiver.secrets = targets.secrets
    if (targets.repointed.length) log(`pointed ${targets.repointed.join(', ')} at ${receiver.url}`)
    return { url: receiver.url, servers: targets.servers, receiver, close: () => receiver.close() }
  } catch (error) {
    await receiver.close()
    throw error
  } finally {
    await db.$disconnect()
  }
}
