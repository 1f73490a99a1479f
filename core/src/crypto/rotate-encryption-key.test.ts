import { createCipheriv, randomBytes } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { addMonths, toDateOnly } from '../catalog'
import { loadGateway, updateGatewayConfig } from '../billing'
import { createServer, loadModuleServer, readModuleSettings } from '../provisioning'
import { newRowId, type Ctx } from '../shared'
import {
  decryptSecret,
  ENCRYPTED_FIELDS,
  encryptSecret,
  parseEncryptionKey,
  sealedInfo,
  secretBinding,
  type EncryptedField,
  type EncryptionKey,
} from './encryption'
import { rotateEncryptionKey } from './rotate-encryption-key'

const db = getDb()
const testKey = process.env.ENCRYPTION_KEY!
const newKey = (): EncryptionKey => parseEncryptionKey(randomBytes(32).toString('hex'))

/** Every sealed value in the database, by `<field> <row id>`, read straight from the tables. */
async function sealedValues(): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const [field, c] of Object.entries(ENCRYPTED_FIELDS)) {
    const value = 'jsonKey' in c ? `"${c.column}"->>'${c.jsonKey}'` : `"${c.column}"`
    const rows: { id: string; value: string | null }[] = await db.$queryRawUnsafe(
      `SELECT "${c.idColumn}"::text AS id, ${value} AS value FROM "${c.table}"`,
    )
    for (const r of rows) if (r.value) out.set(`${field} ${r.id}`, r.value)
  }
  return out
}

function sealV1(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.')
}

let admin: Ctx
let oldKey: EncryptionKey
let ids: { serverId: string; legacyServerId: string; productId: string; serviceId: string; userId: string }

beforeAll(async () => {
  oldKey = parseEncryptionKey(testKey)
  admin = await superAdmin()
  // One secret of every kind a running Berth writes, under the current key...
  await updateGatewayConfig(admin, {
    gateway: 'stripe',
    secrets: { secretKey: 'sk_test_rotate_me_1234', webhookSecret: 'whsec_rotate_me_5678' },
  })
  const server = await createServer(admin, {
    name: 'node1',
    hostname: 'node1.example.com',
    module: 'webhook',
    credentials: { password: 'server-root-pass' },
  })
  const product = await makeProduct(admin, {
    provisioningModule: 'webhook',
    moduleSettings: { url: 'https://panel.example.com/hook', secret: 'module-secret-abcdef' },
  })
  const client = await makeClient() // its verification email waits in the log with its payload sealed
  const serviceId = newRowId()
  const today = toDateOnly(new Date())
  await db.service.create({
    data: {
      id: serviceId,
      clientId: client.clientId,
      productId: product.id,
      status: 'ACTIVE',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 0n,
      recurringAmount: 1000n,
      registrationDate: today,
      nextDueDate: addMonths(today, 1),
      username: 'rotator',
      passwordEnc: encryptSecret('service-login-pass', secretBinding('Service.passwordEnc', serviceId)),
    },
  })
  // ...and values of the first format (no key id, no binding) that an older Berth wrote.
  const legacy = await createServer(admin, {
    name: 'node0',
    hostname: 'node0.example.com',
    module: 'webhook',
  })
  await db.server.update({
    where: { id: legacy.id },
    data: { credentialsEnc: sealV1('{"password":"legacy-root-pass"}', oldKey.bytes) },
  })
  await db.user.update({
    where: { id: client.userId },
    data: { totpSecretEnc: sealV1('JBSWY3DPEHPK3PXP', oldKey.bytes) },
  })
  ids = {
    serverId: server.id,
    legacyServerId: legacy.id,
    productId: product.id,
    serviceId,
    userId: client.userId,
  }
})

afterEach(() => {
  process.env.ENCRYPTION_KEY = testKey
})

describe('rotateEncryptionKey', () => {
  it('re-encrypts every secret under the new key, bound to the same row; the old key opens none; a second run changes nothing', async () => {
    const before = await sealedValues()
    const perField = (field: EncryptedField) =>
      [...before.keys()].filter((k) => k.startsWith(`${field} `)).length
    for (const field of [
      'GatewayConfig.settingsEnc',
      'Server.credentialsEnc',
      'Service.passwordEnc',
      'Product.moduleSettings.secretsEnc',
      'User.totpSecretEnc',
      'EmailLog.payloadEnc',
    ] as const) {
      expect(perField(field), field).toBeGreaterThan(0)
    }
    const plaintexts = new Map(
      [...before].map(([k, v]) => {
        const [field, id] = k.split(' ') as [EncryptedField, string]
        return [k, decryptSecret(v, secretBinding(field, id), { keys: [oldKey] })]
      }),
    )

    const target = newKey()
    const progress: string[] = []
    const result = await rotateEncryptionKey(db, {
      from: [oldKey],
      to: target,
      onProgress: (l) => progress.push(l),
    })
    expect(result.fromKeyIds).toEqual([oldKey.id])
    expect(result.toKeyId).toBe(target.id)
    expect(result.reencrypted).toBe(before.size)
    expect(result.fields.map((f) => [f.field, f.reencrypted, f.alreadyCurrent])).toEqual(
      (Object.keys(ENCRYPTED_FIELDS) as EncryptedField[]).map((f) => [f, perField(f), 0]),
    )
    expect(progress).toContain(
      `Server.credentialsEnc: ${perField('Server.credentialsEnc')} re-encrypted, 0 already under key ${target.id}`,
    )

    const after = await sealedValues()
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    for (const [k, sealed] of after) {
      const [field, id] = k.split(' ') as [EncryptedField, string]
      expect(sealedInfo(sealed), k).toEqual({ version: 'v2', keyId: target.id })
      expect(decryptSecret(sealed, secretBinding(field, id), { keys: [target] }), k).toBe(plaintexts.get(k))
      expect(() => decryptSecret(sealed, secretBinding(field, id), { keys: [oldKey] }), k).toThrow(
        `it was encrypted with key ${target.id}, and the configured key is ${oldKey.id}`,
      )
    }

    // Berth started with the new key reads every secret through its own code paths.
    process.env.ENCRYPTION_KEY = target.bytes.toString('hex')
    expect((await loadGateway(db, 'stripe', { requireEnabled: false })).settings.secrets).toEqual({
      secretKey: 'sk_test_rotate_me_1234',
      webhookSecret: 'whsec_rotate_me_5678',
    })
    expect((await loadModuleServer(db, ids.serverId))!.credentials).toEqual({ password: 'server-root-pass' })
    expect((await loadModuleServer(db, ids.legacyServerId))!.credentials).toEqual({
      password: 'legacy-root-pass',
    })
    const product = await db.product.findUniqueOrThrow({ where: { id: ids.productId } })
    expect(readModuleSettings('webhook', product.moduleSettings, product.id)).toMatchObject({
      secret: 'module-secret-abcdef',
    })
    const totp = (await db.user.findUniqueOrThrow({ where: { id: ids.userId } })).totpSecretEnc!
    expect(decryptSecret(totp, secretBinding('User.totpSecretEnc', ids.userId))).toBe('JBSWY3DPEHPK3PXP')
    // With the old key, nothing opens any more.
    process.env.ENCRYPTION_KEY = testKey
    await expect(loadGateway(db, 'stripe', { requireEnabled: false })).rejects.toThrow(
      `it was encrypted with key ${target.id}`,
    )

    const audits = await db.auditEvent.findMany({ where: { action: 'security.encryption-key.rotate' } })
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      actorType: 'SYSTEM',
      actorLabel: 'cli:rotate-key',
      targetType: 'System',
      after: { fromKeyIds: [oldKey.id], toKeyId: target.id, reencrypted: before.size },
    })
    expect(JSON.stringify([audits[0]!.before, audits[0]!.after])).not.toContain(target.bytes.toString('hex'))
    expect(JSON.stringify([audits[0]!.before, audits[0]!.after])).not.toContain(testKey)

    // A re-run (say after a crash, with the old key still named first) is a no-op.
    const again = await rotateEncryptionKey(db, { from: [oldKey], to: target })
    expect(again.reencrypted).toBe(0)
    expect(again.fields.map((f) => [f.field, f.alreadyCurrent])).toEqual(
      (Object.keys(ENCRYPTED_FIELDS) as EncryptedField[]).map((f) => [f, perField(f)]),
    )
    expect(await sealedValues()).toEqual(after)
    expect(await db.auditEvent.count({ where: { action: 'security.encryption-key.rotate' } })).toBe(1)

    // Rotating back (the keys of the previous step as ENCRYPTION_KEY, the test's key as the new one) leaves the suite as it found it.
    await rotateEncryptionKey(db, { from: [target], to: oldKey })
    expect((await loadGateway(db, 'stripe', { requireEnabled: false })).settings.secrets.secretKey).toBe(
      'sk_test_rotate_me_1234',
    )
  })

  it('changes nothing and lists the rows when a value does not open: moved to another row, or under an unknown key', async () => {
    const extra = await createServer(admin, {
      name: 'node2',
      hostname: 'node2.example.com',
      module: 'webhook',
      credentials: { password: 'second-server-pass' },
    })
    // The first server's sealed credentials copied onto the new one; a service password sealed under a key nobody has.
    const moved = (await db.server.findUniqueOrThrow({ where: { id: ids.serverId } })).credentialsEnc
    await db.server.update({ where: { id: extra.id }, data: { credentialsEnc: moved } })
    await db.service.update({
      where: { id: ids.serviceId },
      data: {
        passwordEnc: encryptSecret('lost', secretBinding('Service.passwordEnc', ids.serviceId), {
          key: newKey(),
        }),
      },
    })
    const before = await sealedValues()
    const auditsBefore = await db.auditEvent.count()

    const target = newKey()
    const error = (await rotateEncryptionKey(db, { from: [oldKey], to: target }).then(
      () => null,
      (e: unknown) => e,
    )) as Error | null
    expect(error).toBeInstanceOf(Error)
    expect(error!.message).toContain('2 value(s) could not be opened')
    expect(error!.message).toContain('nothing was changed')
    expect(error!.message).toContain(
      `\n  Cannot decrypt Server:${extra.id}:credentialsEnc with key ${oldKey.id}: the value was altered or belongs to another record or field`,
    )
    expect(error!.message).toContain(
      `\n  Cannot decrypt Service:${ids.serviceId}:passwordEnc: it was encrypted with key`,
    )
    expect(await sealedValues()).toEqual(before)
    expect(await db.auditEvent.count()).toBe(auditsBefore)

    await db.server.delete({ where: { id: extra.id } })
    await db.service.update({
      where: { id: ids.serviceId },
      data: {
        passwordEnc: encryptSecret('service-login-pass', secretBinding('Service.passwordEnc', ids.serviceId)),
      },
    })
  })

  it('opens values under ENCRYPTION_KEY_PREVIOUS too, so a rollover can re-seal under the key already in use', async () => {
    const old = newKey()
    const staff = await db.staff.findFirstOrThrow({ select: { id: true } })
    await db.staff.update({
      where: { id: staff.id },
      data: {
        totpSecretEnc: encryptSecret('STAFFTOTPSEED', secretBinding('Staff.totpSecretEnc', staff.id), {
          key: old,
        }),
      },
    })
    // ENCRYPTION_KEY (the test key) is already the new key; the old one is the previous key.
    const result = await rotateEncryptionKey(db, { from: [oldKey, old], to: oldKey, batchSize: 1 })
    expect(result.fields.find((f) => f.field === 'Staff.totpSecretEnc')).toEqual({
      field: 'Staff.totpSecretEnc',
      reencrypted: 1,
      alreadyCurrent: 0,
    })
    expect(result.reencrypted).toBe(1)
    const sealed = (await db.staff.findUniqueOrThrow({ where: { id: staff.id } })).totpSecretEnc!
    expect(sealedInfo(sealed).keyId).toBe(oldKey.id)
    expect(decryptSecret(sealed, secretBinding('Staff.totpSecretEnc', staff.id))).toBe('STAFFTOTPSEED')
  })
})
