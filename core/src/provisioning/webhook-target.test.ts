import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { startProvisioningReceiver } from '../../../tests/fakes/provisioning-receiver'
import { makeStaff } from '@berth/tests/support/factories'
import {
  drainProvisioningJobs,
  makeClient,
  makeGroup,
  makeProduct,
  orderAsClient,
  payInvoice,
  superAdmin,
  uid,
} from '@berth/tests/support/catalog-factories'
import { updateProduct } from '../catalog'
import { updateSettings } from '../settings'
import { DomainError, type Ctx } from '../shared'
import { createServer, updateServer } from './manage-servers'
import { isPrivateAddress } from './private-address'
import { testProductConnection } from './test-connection'

/**
 * Staff with catalog.manage (not a Super admin) cannot make Berth call loopback, link-local or
 * private addresses through the webhook module, by address or by a name resolving there, unless
 * provisioning.allowPrivateWebhookTargets is on; a name is resolved again when the call is made.
 */
const db = getDb()
const receiver = await startProvisioningReceiver()
afterAll(() => receiver.close())
let admin: Ctx
let catalogStaff: Ctx

beforeAll(async () => {
  admin = await superAdmin()
  await db.role.create({
    data: { name: 'Catalog manager', permissions: ['catalog.view', 'catalog.manage', 'orders.view'] },
  })
  catalogStaff = (await makeStaff('Catalog manager')).ctx
})

const allowPrivate = (value: boolean) =>
  updateSettings(admin, { 'provisioning.allowPrivateWebhookTargets': value })
const SECRET = 'a-shared-secret-of-24-chars'

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'refused').toBeInstanceOf(DomainError)
  return error as DomainError
}

const PRIVATE_URLS = [
  'http://127.0.0.1:8080/hook',
  'http://127.1.2.3/',
  'http://[::1]:8080/',
  'http://10.20.30.40/',
  'http://172.16.0.1/',
  'http://172.31.255.254/',
  'http://192.168.1.10/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fe80::1]/',
  'http://[fd12:3456::1]/',
  'http://[fc00::1]/',
  'http://0.0.0.0:9/',
  'http://[::ffff:127.0.0.1]/',
  'http://localhost:8080/hook',
]

describe('isPrivateAddress', () => {
  it('knows each range, and public addresses are not in them', () => {
    for (const a of [
      '127.0.0.1',
      '127.255.255.255',
      '::1',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.0.1',
      '192.168.0.1',
      '169.254.169.254',
      'fe80::abcd',
      'febf::1',
      'fc00::1',
      'fdff::1',
      '0.0.0.0',
      '::',
      '::ffff:10.0.0.1',
      '100.64.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true)
    }
    for (const a of [
      '8.8.8.8',
      '172.32.0.1',
      '172.15.255.255',
      '192.169.0.1',
      '11.0.0.1',
      '2001:4860:4860::8888',
      'fec0::1',
      '203.0.113.7',
    ]) {
      expect(isPrivateAddress(a), a).toBe(false)
    }
  })
})

describe('saving a webhook target', () => {
  it.each(PRIVATE_URLS)(
    'catalog.manage staff are refused %s on a product and on a server, with the field named and nothing written',
    async (url) => {
      await allowPrivate(false)
      const group = await makeGroup(admin)
      const products = await db.product.count()
      const productError = await refusal(
        makeProduct(catalogStaff, {
          groupId: group.id,
          provisioningModule: 'webhook',
          moduleSettings: { url, secret: SECRET },
        }),
      )
      expect([productError.code, productError.field]).toEqual(['VALIDATION_FAILED', 'moduleSettings.url'])
      expect(productError.message).toMatch(/loopback, link-local or private address/)
      expect(await db.product.count()).toBe(products)

      const servers = await db.server.count()
      const serverError = await refusal(
        createServer(catalogStaff, {
          name: `s-${uid()}`,
          hostname: 'panel.example.com',
          module: 'webhook',
          settings: { url },
        }),
      )
      expect(serverError.field).toBe('settings.url')
      expect(await db.server.count()).toBe(servers)
    },
  )

  it('a server is checked by its host name when it has no URL; changing only other fields of a target a Super admin set is allowed', async () => {
    await allowPrivate(false)
    const byHostname = await refusal(
      createServer(catalogStaff, { name: `s-${uid()}`, hostname: '10.1.1.1', port: 8443, module: 'webhook' }),
    )
    expect(byHostname.field).toBe('hostname')
    // A manual server never calls out: its host name is not a target.
    await createServer(catalogStaff, { name: `m-${uid()}`, hostname: '10.1.1.1', module: 'manual' })

    const product = await makeProduct(admin, {
      provisioningModule: 'webhook',
      moduleSettings: { url: 'http://10.9.9.9/hook', secret: SECRET },
    })
    await updateProduct(catalogStaff, product.id, { name: 'Renamed by catalog staff' })
    await updateProduct(catalogStaff, product.id, {
      moduleSettings: { url: 'http://10.9.9.9/hook', timeoutMs: 3000 },
    })
    expect(
      (
        await refusal(
          updateProduct(catalogStaff, product.id, { moduleSettings: { url: 'http://10.9.9.10/hook' } }),
        )
      ).field,
    ).toBe('moduleSettings.url')
    const server = await createServer(admin, {
      name: `s-${uid()}`,
      hostname: 'panel.example.com',
      module: 'webhook',
      settings: { url: 'http://192.168.7.7/' },
    })
    await updateServer(catalogStaff, server.id, { maxAccounts: 10 })
    expect(
      (await refusal(updateServer(catalogStaff, server.id, { settings: { url: 'http://192.168.7.8/' } })))
        .field,
    ).toBe('settings.url')
    expect(
      (await refusal(updateServer(catalogStaff, server.id, { settings: {}, hostname: '127.0.0.1' }))).field,
    ).toBe('hostname')
  })

  it('public targets are allowed; private ones too when the setting is on, and always for a Super admin', async () => {
    await allowPrivate(false)
    await makeProduct(catalogStaff, {
      provisioningModule: 'webhook',
      moduleSettings: { url: 'https://203.0.113.7/hook', secret: SECRET },
    })
    await makeProduct(catalogStaff, {
      provisioningModule: 'webhook',
      moduleSettings: { url: 'https://panel.example.invalid/hook', secret: SECRET },
    })
    for (const url of PRIVATE_URLS)
      await makeProduct(admin, { provisioningModule: 'webhook', moduleSettings: { url, secret: SECRET } })
    await allowPrivate(true)
    for (const url of PRIVATE_URLS) {
      await makeProduct(catalogStaff, {
        provisioningModule: 'webhook',
        moduleSettings: { url, secret: SECRET },
      })
      await createServer(catalogStaff, {
        name: `s-${uid()}`,
        hostname: 'panel.example.com',
        module: 'webhook',
        settings: { url },
      })
    }
    await allowPrivate(false)
  })
})

describe('calling a webhook target', () => {
  it('a host name resolving to 127.0.0.1 is not called while the setting is off, and is called once it is on', async () => {
    await allowPrivate(false)
    const url = receiver.url.replace('127.0.0.1', 'localhost')
    expect(url).toMatch(/^http:\/\/localhost:\d+\//)
    // A Super admin may save it; the call is still refused (the name could point anywhere by then).
    const product = await makeProduct(admin, {
      provisioningModule: 'webhook',
      moduleSettings: { url, secret: receiver.secret, timeoutMs: 2000 },
    })
    const received = receiver.calls.length
    const order = await orderAsClient((await makeClient()).ctx, [{ productId: product.id }])
    await payInvoice(order.invoiceId)
    const [result] = await drainProvisioningJobs()
    expect(result).toMatchObject({ outcome: 'failed', retryable: false })
    expect(result!.message).toMatch(
      /^Did not call http:\/\/localhost:\d+\/.*: localhost resolves to (127\.0\.0\.1|::1), a loopback, link-local or private address/,
    )
    expect(receiver.calls.length).toBe(received)
    expect((await db.service.findUniqueOrThrow({ where: { id: order.serviceIds[0]! } })).status).toBe(
      'PENDING',
    )
    expect(await testProductConnection(admin, product.id)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Did not call/),
    })
    expect(receiver.calls.length).toBe(received)

    await allowPrivate(true)
    expect(await testProductConnection(admin, product.id)).toMatchObject({ ok: true })
    await allowPrivate(false)
  })

  it('a literal address a Super admin saved is called (it was judged when saved and cannot change)', async () => {
    await allowPrivate(false)
    const product = await makeProduct(admin, {
      provisioningModule: 'webhook',
      moduleSettings: { url: receiver.url, secret: receiver.secret, timeoutMs: 2000 },
    })
    expect(await testProductConnection(admin, product.id)).toMatchObject({ ok: true })
  })
})
