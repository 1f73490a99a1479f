import { randomBytes } from 'node:crypto'
import { createDatabase, databaseUrlFor, dropDatabase } from '@berth/prisma'
import { findFreePort } from '@berth/prisma/embedded'
import { prepareDatabase, systemCtx, updateGatewayConfig, updateProduct } from '@berth/core'
import { createPrismaClient } from '@berth/prisma'
import { spawnService, stopServices, waitForHttp, type RunningService } from '../../../scripts/lib/services'
import { acquireDatabaseServer, testSecrets } from '../../support/database-server'
import { startSmtpSink } from '../../fakes/smtp-sink'
import { startFakeStripe } from '../../fakes/stripe'
import { startFakePayPal } from '../../fakes/paypal'
import { startProvisioningReceiver } from '../../fakes/provisioning-receiver'

/**
 * Starts the whole product for the browser tests, the way `npm start` does: a fresh database
 * (migrated, demo-seeded), a local SMTP sink, and the real portal, admin and worker processes on
 * free ports. Their addresses reach the tests as environment variables.
 */
export default async function globalSetup() {
  const server = await acquireDatabaseServer()
  const dbName = `berth_e2e_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  await createDatabase(server.url, dbName)
  const databaseUrl = databaseUrlFor(server.url, dbName)
  const secrets = testSecrets()
  // The demo seed encrypts (queued emails, gateway settings) in this process too.
  Object.assign(process.env, secrets)
  await prepareDatabase(databaseUrl, { demo: true })
  const sink = await startSmtpSink()
  const [portalPort, adminPort] = [await findFreePort(), await findFreePort()]
  const portalUrl = `http://localhost:${portalPort}`
  const adminUrl = `http://localhost:${adminPort}/admin`

  // The outside world, speaking the real protocols: Stripe and PayPal (webhooks signed and
  // delivered to the portal), and a host's provisioning endpoint that checks Berth's signature.
  const stripe = await startFakeStripe({ webhookUrl: `${portalUrl}/webhooks/stripe` })
  const paypal = await startFakePayPal({ webhookUrl: `${portalUrl}/webhooks/paypal` })
  const receiver = await startProvisioningReceiver()
  await configureOutsideWorld(databaseUrl, {
    stripe,
    paypal,
    receiverUrl: receiver.url,
    receiverSecret: receiver.secret,
  })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    NODE_ENV: 'production',
    BERTH_DEMO: '',
    DATABASE_URL: databaseUrl,
    PORTAL_PORT: String(portalPort),
    ADMIN_PORT: String(adminPort),
    PORTAL_URL: portalUrl,
    ADMIN_URL: adminUrl,
    SMTP_URL: sink.smtpUrl,
    BERTH_STRIPE_API_BASE: stripe.url,
    BERTH_PAYPAL_API_BASE: paypal.url,
  }
  const logs: string[] = []
  const services: RunningService[] = (['portal', 'admin', 'worker'] as const).map((name) =>
    spawnService(name, env, (n, line) => {
      logs.push(`[${n}] ${line}`)
      if (process.env.E2E_VERBOSE) console.log(`[${n}] ${line}`)
    }),
  )
  try {
    await Promise.all([waitForHttp(`${portalUrl}/login`, 120_000), waitForHttp(`${adminUrl}/login`, 180_000)])
  } catch (error) {
    console.error(logs.slice(-60).join('\n'))
    await stopServices(services)
    throw error
  }
  process.env.E2E_PORTAL_URL = portalUrl
  process.env.E2E_ADMIN_URL = adminUrl
  process.env.E2E_MAILBOX_URL = `http://127.0.0.1:${sink.httpPort}`
  process.env.E2E_DATABASE_URL = databaseUrl
  process.env.E2E_STRIPE_URL = stripe.url
  process.env.E2E_PAYPAL_URL = paypal.url
  process.env.E2E_RECEIVER_URL = receiver.url

  return async () => {
    await stopServices(services)
    await sink.stop()
    await Promise.all([stripe.stop(), paypal.stop(), receiver.close()])
    await dropDatabase(server.url, dbName).catch(() => {})
    await server.stop()
  }
}

/** Stripe and PayPal configured as a host would in the console; the Cloud VPS provisions through the webhook module. */
async function configureOutsideWorld(
  databaseUrl: string,
  world: {
    stripe: { secretKey: string; webhookSecret: string }
    paypal: { clientId: string; clientSecret: string; webhookId: string }
    receiverUrl: string
    receiverSecret: string
  },
) {
  const db = createPrismaClient(databaseUrl, { max: 2 })
  try {
    const ctx = systemCtx(db, 'e2e-setup')
    await updateGatewayConfig(ctx, {
      gateway: 'stripe',
      displayName: 'Card (Stripe)',
      isEnabled: true,
      isTestMode: true,
      secrets: { secretKey: world.stripe.secretKey, webhookSecret: world.stripe.webhookSecret },
    })
    await updateGatewayConfig(ctx, {
      gateway: 'paypal',
      displayName: 'PayPal',
      isEnabled: true,
      isTestMode: true,
      secrets: { clientSecret: world.paypal.clientSecret },
      publicConfig: { clientId: world.paypal.clientId, webhookId: world.paypal.webhookId },
    })
    await updateGatewayConfig(ctx, { gateway: 'test', isEnabled: false })
    const vps = await db.product.findFirstOrThrow({ where: { slug: 'cloud-vps' }, select: { id: true } })
    await updateProduct(ctx, vps.id, {
      provisioningModule: 'webhook',
      moduleSettings: { url: world.receiverUrl, secret: world.receiverSecret, timeoutMs: 5000 },
    })
  } finally {
    await db.$disconnect()
  }
}
