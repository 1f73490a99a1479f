import { afterAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { startProvisioningReceiver } from '../../../tests/fakes/provisioning-receiver'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import {
  drainProvisioningJobs,
  makeProduct,
  makeVpsCatalog,
  orderAsClient,
  payInvoice,
  queuedProvisioningJobs,
  superAdmin,
  uid,
} from '@berth/tests/support/catalog-factories'
import { decryptSecret, secretBinding } from '../crypto'
import { updateProduct } from '../catalog'
import {
  activateService,
  completeStaffTask,
  listStaffTasks,
  retryModuleCall,
  runModuleCall,
  suspendService,
  terminateService,
  unsuspendService,
} from '../services'
import { DomainError } from '../shared'
import { listModuleCalls } from './list-module-calls'
import { createServer, createServerGroup, listServers, selectServer } from './manage-servers'
import { signatureHeader, verifySignatureHeader } from './modules/webhook/signature'
import { testProductConnection, testServerConnection } from './test-connection'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const receiver = await startProvisioningReceiver()
afterAll(() => receiver.close())

const webhookSettings = (extra: Record<string, unknown> = {}) => ({
  url: receiver.url,
  secret: receiver.secret,
  timeoutMs: 2000,
  ...extra,
})

async function pendingService(settings: Record<string, unknown> = webhookSettings(), module = 'webhook') {
  const vps = await makeVpsCatalog(admin, {
    provisioningModule: module,
    moduleSettings: settings,
    autoSetup: 'ON_ACCEPT',
  })
  const client = await makeClient({ firstName: 'Vera' })
  const order = await orderAsClient(client.ctx, [
    {
      productId: vps.product.id,
      options: { [vps.ram.id]: vps.ram8.id, [vps.ips.id]: 1 },
      domain: `vps-${uid()}.example.com`,
    },
  ])
  return { vps, client, order, serviceId: order.serviceIds[0]! }
}

describe("webhook module against a host's endpoint", () => {
  it('paid → active: the invoice.paid hook queues create, the signed call returns login details, the client gets the welcome email', async () => {
    const vps = await makeVpsCatalog(admin, {
      provisioningModule: 'webhook',
      moduleSettings: webhookSettings(),
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [
      { productId: vps.product.id, options: { [vps.ram.id]: vps.ram4.id }, domain: 'paid.example.com' },
    ])
    const serviceId = order.serviceIds[0]!
    expect(await queuedProvisioningJobs()).toEqual([])
    expect(await payInvoice(order.invoiceId)).toMatchObject({ activated: 1, advanced: 1 })
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('PENDING')
    const calls = receiver.calls.length
    expect(await drainProvisioningJobs()).toMatchObject([{ outcome: 'done' }])

    const call = receiver.calls[calls]!
    expect([call.signatureValid, call.event, call.headerEvent]).toEqual([
      true,
      'service.create',
      'service.create',
    ])
    expect(Object.keys(call.body).sort()).toEqual([
      'client',
      'event',
      'idempotencyKey',
      'options',
      'params',
      'product',
      'service',
    ])
    expect(call.body.options).toEqual(
      expect.arrayContaining([{ key: 'ram', name: 'RAM', value: '4096', quantity: 1 }]),
    )
    expect(call.rawBody).not.toContain('password')

    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    const account = receiver.accounts.get(serviceId)!
    expect(service).toMatchObject({ status: 'ACTIVE', username: account.username, lastModuleError: null })
    expect(decryptSecret(service.passwordEnc!, secretBinding('Service.passwordEnc', service.id))).toBe(
      account.password,
    )
    expect(service.nextDueDate!.getTime()).toBeGreaterThan(Date.now())
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('ACTIVE')
    const [logged] = await listModuleCalls(admin, { serviceId })
    expect(logged).toMatchObject({ module: 'webhook', action: 'create', success: true, attempt: 1 })
    expect(JSON.stringify(logged!.response)).not.toContain(account.password)
    const welcome = await db.emailLog.findFirstOrThrow({
      where: { clientId: client.clientId, template: 'welcome' },
    })
    expect(welcome.props as Record<string, string>).toMatchObject({
      username: account.username,
      password: '[redacted]',
    })
    // replaying the paid hook neither queues nor calls again
    expect((await payInvoiceAgain(order.invoiceId)).activated).toBe(0)
    expect(await drainProvisioningJobs()).toEqual([])
  })

  it('suspend, unsuspend and terminate go through the module and land when it answers', async () => {
    const { serviceId } = await pendingService()
    await activateService(admin, { serviceId })
    await drainProvisioningJobs()
    expect((await suspendService(admin, { serviceId, reason: 'Abuse' })).state).toBe('queued')
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('ACTIVE')
    await drainProvisioningJobs()
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('SUSPENDED')
    expect(receiver.accounts.get(serviceId)!.status).toBe('suspended')
    await unsuspendService(admin, { serviceId })
    await drainProvisioningJobs()
    expect(receiver.accounts.get(serviceId)!.status).toBe('active')
    await terminateService(admin, { serviceId })
    await drainProvisioningJobs()
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('TERMINATED')
    expect(receiver.accounts.get(serviceId)!.status).toBe('terminated')
    expect((await listModuleCalls(admin, { serviceId })).map((c) => c.action).reverse()).toEqual([
      'create',
      'suspend',
      'unsuspend',
      'terminate',
    ])
  })

  it('a failing host (HTTP 500) leaves the service pending with the error shown; a retry with the same key activates it', async () => {
    const { serviceId } = await pendingService()
    await activateService(admin, { serviceId })
    receiver.setMode('fail', 1)
    const [failed] = await drainProvisioningJobs()
    expect(failed).toMatchObject({ outcome: 'failed', retryable: true })
    expect(failed!.message).toContain('HTTP 500')
    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    expect(service.status).toBe('PENDING')
    expect(service.lastModuleError).toContain('create: The host answered HTTP 500')
    const call = await db.moduleCall.findUniqueOrThrow({ where: { id: failed!.moduleCallId! } })
    expect([call.success, call.attempt]).toEqual([false, 1])
    expect(await db.auditEvent.count({ where: { action: 'service.module.fail', targetId: serviceId } })).toBe(
      1,
    )

    await retryModuleCall(admin, call.id)
    const [retried] = await drainProvisioningJobs()
    expect(retried!.outcome).toBe('done')
    const calls = await db.moduleCall.findMany({ where: { serviceId }, orderBy: { createdAt: 'asc' } })
    expect(calls.map((c) => [c.success, c.attempt])).toEqual([
      [false, 1],
      [true, 2],
    ])
    expect((calls[1]!.request as { idempotencyKey: string }).idempotencyKey).toBe(
      (calls[0]!.request as { idempotencyKey: string }).idempotencyKey,
    )
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).lastModuleError).toBeNull()
    await expect(retryModuleCall(admin, call.id)).toBeRefusedWith('INVALID_TRANSITION')
    expect((await fail(retryModuleCall(admin, calls[1]!.id))).message).toBe(
      'This call succeeded: there is nothing to retry.',
    )
  })

  it('a host that never answers times out; one that refuses is not retried; a wrong secret is rejected by the host', async () => {
    const slow = await pendingService(webhookSettings({ timeoutMs: 300 }))
    await activateService(admin, { serviceId: slow.serviceId })
    receiver.setMode('hang', 1)
    const started = Date.now()
    const [timedOut] = await drainProvisioningJobs()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(timedOut).toMatchObject({
      outcome: 'failed',
      retryable: true,
      message: expect.stringContaining('within 300 ms'),
    })

    const refused = await pendingService()
    await activateService(admin, { serviceId: refused.serviceId })
    receiver.setMode('refuse', 1)
    expect(await drainProvisioningJobs()).toMatchObject([
      { outcome: 'failed', retryable: false, message: expect.stringContaining('the host refused') },
    ])

    const wrong = await pendingService(webhookSettings({ secret: 'not-the-shared-secret-at-all' }))
    await activateService(admin, { serviceId: wrong.serviceId })
    const before = receiver.calls.length
    expect(await drainProvisioningJobs()).toMatchObject([
      { outcome: 'failed', retryable: false, message: expect.stringContaining('HTTP 401') },
    ])
    expect(receiver.calls[before]!.signatureValid).toBe(false)
    for (const s of [slow, refused, wrong])
      expect((await db.service.findUniqueOrThrow({ where: { id: s.serviceId } })).status).toBe('PENDING')
  })

  it('one module call at a time: a second request while one is open is refused, also when both race', async () => {
    const vps = await makeVpsCatalog(admin, {
      provisioningModule: 'webhook',
      moduleSettings: webhookSettings(),
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [
      {
        productId: vps.product.id,
        options: { [vps.ram.id]: vps.ram4.id },
        domain: `race-${uid()}.example.com`,
      },
    ])
    const serviceId = order.serviceIds[0]!
    await activateService(admin, { serviceId })
    // paying the order's invoice while staff's activation is queued does not queue a second create
    expect((await payInvoice(order.invoiceId)).activated).toBe(0)
    expect(
      (await queuedProvisioningJobs())
        .filter((j) => j.data.serviceId === serviceId)
        .map((j) => j.data.action),
    ).toEqual(['create'])
    const refused = await fail(activateService(admin, { serviceId }))
    expect(refused.code).toBe('INVALID_TRANSITION')
    expect(refused.message).toBe(
      'A "create" call for this service is already queued: wait for it to finish (or fail) before asking for another change.',
    )
    await drainProvisioningJobs()

    const audits = await db.auditEvent.count({
      where: { targetId: serviceId, action: 'service.suspend.request' },
    })
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map(() => suspendService(admin, { serviceId, reason: 'Abuse' })),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => ((o as PromiseRejectedResult).reason as DomainError).code),
    ).toEqual(['INVALID_TRANSITION', 'INVALID_TRANSITION'])
    expect(
      (await queuedProvisioningJobs())
        .filter((j) => j.data.serviceId === serviceId)
        .map((j) => j.data.action),
    ).toEqual(['suspend'])
    expect(
      await db.auditEvent.count({ where: { targetId: serviceId, action: 'service.suspend.request' } }),
    ).toBe(audits + 1)
    const before = receiver.calls.length
    // the worker has picked the job up: still open until its call lands
    const [job] = await db.$queryRaw<
      { id: string; data: unknown }[]
    >`SELECT id::text AS id, data FROM pgboss.job WHERE name = 'provisioning.call' AND state = 'created' AND data->>'serviceId' = ${serviceId}`
    await db.$executeRaw`UPDATE pgboss.job SET state = 'active' WHERE id = ${job!.id}::uuid`
    expect((await fail(terminateService(admin, { serviceId }))).message).toContain(
      'A "suspend" call for this service is already running',
    )
    await runModuleCall(db, job!.data)
    expect(receiver.calls.length).toBe(before + 1)
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('SUSPENDED')
    // once the call has landed, the next change is accepted again, even before pg-boss marks the job done
    expect((await unsuspendService(admin, { serviceId })).state).toBe('queued')
    await drainProvisioningJobs()
  })

  it('a job for a service that moved on is skipped without calling the host', async () => {
    const { serviceId } = await pendingService()
    await activateService(admin, { serviceId })
    const [job] = await queuedProvisioningJobs()
    await drainProvisioningJobs()
    const before = receiver.calls.length
    expect(await runModuleCall(db, job!.data)).toMatchObject({ outcome: 'skipped' })
    expect(receiver.calls.length).toBe(before)
  })
})

async function payInvoiceAgain(invoiceId: string) {
  const { handleInvoicePaid } = await import('../services')
  return handleInvoicePaid(db, { invoiceId })
}

describe('manual module', () => {
  it('opens a staff task and waits; completing the task activates the service with the login typed in', async () => {
    const { serviceId, client } = await pendingService({ instructions: 'Use the blue rack.' }, 'manual')
    await activateService(admin, { serviceId })
    expect(await drainProvisioningJobs()).toMatchObject([{ outcome: 'waiting' }])
    const [task] = await listStaffTasks(admin, { serviceId })
    expect(task!.title).toContain('Set up')
    expect(task!.description).toContain('RAM: 8192')
    expect(task!.description).toContain('Use the blue rack.')
    expect((await db.service.findUniqueOrThrow({ where: { id: serviceId } })).status).toBe('PENDING')
    await completeStaffTask(admin, {
      taskId: task!.id,
      username: 'vera1',
      password: 'typed-in-pass',
      note: 'Done by hand',
    })
    const service = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
    expect([service.status, service.username]).toEqual(['ACTIVE', 'vera1'])
    expect(await db.emailLog.count({ where: { clientId: client.clientId, template: 'welcome' } })).toBe(1)
    await expect(completeStaffTask(admin, { taskId: task!.id })).toBeRefusedWith('INVALID_TRANSITION')
    const support = (await makeStaff('Support')).ctx
    await expect(completeStaffTask(support, { taskId: task!.id })).toBeRefusedWith('FORBIDDEN')
  })
})

describe('servers', () => {
  it('keeps credentials encrypted and masked, picks servers by fill type and capacity, and tests connections', async () => {
    const group = await createServerGroup(admin, { name: `Hosting ${uid()}`, fillType: 'FILL_ACTIVE' })
    const a = await createServer(admin, {
      groupId: group.id,
      name: 'a-node',
      hostname: 'a.example.com',
      module: 'webhook',
      maxAccounts: 1,
      credentials: { secret: receiver.secret },
      settings: { url: receiver.url },
    })
    const b = await createServer(admin, {
      groupId: group.id,
      name: 'b-node',
      hostname: '127.0.0.1',
      port: 1,
      useTls: false,
      module: 'webhook',
      maxAccounts: 10,
      credentials: { secret: 'another-secret-0000' },
    })
    expect(a.credentials).toEqual({ secret: `••••${receiver.secret.slice(-4)}` })
    const row = await db.server.findUniqueOrThrow({ where: { id: a.id } })
    expect(row.credentialsEnc).not.toContain(receiver.secret)
    expect((await listServers(admin, { groupId: group.id })).map((s) => s.name)).toEqual(['a-node', 'b-node'])
    expect(await selectServer(db, group.id)).toBe(a.id)

    // A product without its own URL or secret uses its server's.
    const product = await makeProduct(admin, {
      provisioningModule: 'webhook',
      moduleSettings: {},
      serverGroupId: group.id,
      autoSetup: 'ON_ACCEPT',
    })
    const client = await makeClient()
    const order = await orderAsClient(client.ctx, [{ productId: product.id }])
    await activateService(admin, { serviceId: order.serviceIds[0]! })
    expect(await drainProvisioningJobs()).toMatchObject([{ outcome: 'done' }])
    expect((await db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } })).serverId).toBe(a.id)
    expect(await selectServer(db, group.id)).toBe(b.id) // a is full now

    await db.serverGroup.update({ where: { id: group.id }, data: { fillType: 'LEAST_FULL' } })
    await db.server.update({ where: { id: a.id }, data: { maxAccounts: 100 } })
    expect(await selectServer(db, group.id)).toBe(b.id) // 0 of 10 is less full than 1 of 100
    expect((await testServerConnection(admin, a.id)).ok).toBe(true)
    const down = await testServerConnection(admin, b.id)
    expect(down.ok).toBe(false)
    expect(await db.moduleCall.count({ where: { action: 'testConnection' } })).toBe(2)
    expect((await testProductConnection(admin, product.id)).ok).toBe(false) // b-node: nothing listens on http://127.0.0.1:1/
    await updateProduct(admin, product.id, { moduleSettings: webhookSettings() })
    expect((await testProductConnection(admin, product.id)).ok).toBe(true)
  })

  it('signatures: a receiver can verify them, and stale or altered ones fail', () => {
    const body = JSON.stringify({ event: 'service.create' })
    const now = Math.floor(Date.now() / 1000)
    expect(verifySignatureHeader('k'.repeat(20), signatureHeader('k'.repeat(20), body, now), body)).toBe(true)
    expect(
      verifySignatureHeader('k'.repeat(20), signatureHeader('k'.repeat(20), body, now - 301), body),
    ).toBe(false)
    expect(
      verifySignatureHeader('k'.repeat(20), signatureHeader('k'.repeat(20), body, now), `${body} `),
    ).toBe(false)
    expect(verifySignatureHeader('other'.repeat(4), signatureHeader('k'.repeat(20), body, now), body)).toBe(
      false,
    )
  })
})
