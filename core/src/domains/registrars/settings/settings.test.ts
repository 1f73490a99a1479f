import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { RegistrarError, type Registrar } from '../registrar'
import { REGISTRARS } from '../registry'
import { sandboxRegistrar } from '../sandbox'
import {
  listRegistrarConfigs,
  loadRegistrarSettings,
  testRegistrarConnection,
  updateRegistrarConfig,
} from './index'

const db = getDb()
const admin = await superAdmin()

/**
 * A registrar with a settings form, registered the way a real adapter is (one entry in REGISTRARS):
 * its connection test succeeds only with the API key the test stores, so the test proves the
 * sealed key reaches the adapter decrypted.
 */
const keyed: Registrar = {
  ...sandboxRegistrar,
  name: 'keyed',
  displayName: 'Keyed test registrar',
  secretSettings: ['apiKey'],
  settingFields: [
    { key: 'apiUser', label: 'API user', isRequired: true, isSecret: false },
    { key: 'apiKey', label: 'API key', isRequired: true, isSecret: true },
  ],
  async testConnection(r) {
    if (r.settings.apiKey !== 'k-123456789') throw new RegistrarError('API key refused')
    return `Signed in as ${String(r.settings.apiUser)}${r.settings.isTestMode ? ' (test endpoint)' : ''}.`
  },
}
beforeAll(() => {
  REGISTRARS.keyed = keyed
})
afterAll(() => {
  delete REGISTRARS.keyed
})

describe('registrar settings', () => {
  it('stores secrets sealed, shows them masked, loads them decrypted, audits without values', async () => {
    await expect(
      updateRegistrarConfig(admin, { registrar: 'keyed', publicConfig: { apiUser: 'berth' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'secrets.apiKey' })
    expect(await db.registrarConfig.count({ where: { registrar: 'keyed' } })).toBe(0)

    const view = await updateRegistrarConfig(admin, {
      registrar: 'keyed',
      isTestMode: false,
      publicConfig: { apiUser: 'berth' },
      secrets: { apiKey: 'k-123456789' },
    })
    expect(view.secretFields).toEqual([expect.objectContaining({ key: 'apiKey', isSet: true })])
    expect(view.secretFields[0]!.masked).not.toContain('k-1234')
    expect(JSON.stringify(view)).not.toContain('k-123456789')
    const row = await db.registrarConfig.findUniqueOrThrow({ where: { registrar: 'keyed' } })
    expect(row.settingsEnc).toMatch(/^v2:/)
    expect(row.settingsEnc).not.toContain('k-123456789')
    expect(await loadRegistrarSettings(db, 'keyed')).toEqual({
      apiUser: 'berth',
      apiKey: 'k-123456789',
      isTestMode: false,
    })

    // An empty secret keeps the stored one; unknown keys are refused on their field.
    await updateRegistrarConfig(admin, { registrar: 'keyed', secrets: { apiKey: '' } })
    expect((await loadRegistrarSettings(db, 'keyed')).apiKey).toBe('k-123456789')
    await expect(
      updateRegistrarConfig(admin, { registrar: 'keyed', secrets: { password: 'x' } }),
    ).rejects.toMatchObject({ field: 'secrets.password' })

    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'domains.registrar.update', targetId: 'keyed' },
      orderBy: { createdAt: 'asc' },
    })
    expect(audit.after).toMatchObject({ isTestMode: false, changedSettings: ['apiKey'] })
    expect(JSON.stringify([audit.before, audit.after])).not.toContain('k-123456789')
  })

  it('tests the connection with the stored settings and records the call', async () => {
    expect(await testRegistrarConnection(admin, { registrar: 'keyed' })).toEqual({
      ok: true,
      message: 'Signed in as berth.',
    })
    await updateRegistrarConfig(admin, { registrar: 'keyed', secrets: { apiKey: 'wrong-key' } })
    await expect(testRegistrarConnection(admin, { registrar: 'keyed' })).rejects.toMatchObject({
      code: 'PROVISIONING_FAILED',
      message: 'Keyed test registrar: API key refused',
    })
    const calls = await db.moduleCall.findMany({
      where: { module: 'keyed', action: 'testConnection' },
      orderBy: { createdAt: 'asc' },
    })
    expect(calls.map((c) => c.success)).toEqual([true, false])
    expect(await testRegistrarConnection(admin, { registrar: 'manual' })).toMatchObject({
      message: 'Manual (staff to-do) has no connection to test.',
    })
  })

  it('lists every registrar for domains.view; refuses changes without domains.registrars', async () => {
    const support = (await makeStaff('Support')).ctx
    const names = (await listRegistrarConfigs(support)).map((r) => r.registrar)
    expect(names).toEqual(expect.arrayContaining(['manual', 'sandbox', 'keyed']))
    const before = await db.registrarConfig.findUnique({ where: { registrar: 'keyed' } })
    await expect(
      updateRegistrarConfig(support, { registrar: 'keyed', secrets: { apiKey: 'stolen' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(testRegistrarConnection(support, { registrar: 'keyed' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect(await db.registrarConfig.findUnique({ where: { registrar: 'keyed' } })).toEqual(before)
  })
})
